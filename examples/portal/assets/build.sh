#!/usr/bin/env bash
# Rebuilds the portal's GOV.UK Frontend assets from the npm registry, at the
# pinned versions below, into ../static/govuk/. Anyone can run it to check
# that the committed files are what these versions produce:
#
#   bash examples/portal/assets/build.sh           # rebuild in place
#   bash examples/portal/assets/build.sh --check   # fail if the committed files differ
#
# It needs Node.js and npm. The compiled files are committed so that
# `go run ./examples/portal` needs neither.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../static/govuk"
govuk_frontend=6.6.0
sass=1.108.2

work=$(mktemp -d /tmp/councilkit-assets.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact --ignore-scripts \
  "govuk-frontend@$govuk_frontend" "sass@$sass" >/dev/null
mkdir -p build
cp "$here/portal.scss" build/
npx --no-install sass --no-source-map --style=compressed --pkg-importer=node \
  --quiet-deps build/portal.scss build/govuk-frontend.min.css
dist=node_modules/govuk-frontend/dist/govuk
cp "$dist/govuk-frontend.min.js" build/
{
  echo "govuk-frontend $govuk_frontend (npm), MIT licence, Crown copyright."
  echo "Compiled by examples/portal/assets/build.sh from portal.scss with sass $sass."
  echo "Unmodified apart from the settings in portal.scss; the GOV.UK crown, its"
  echo "images and the GDS Transport typeface are not included."
  echo
  cat "$here/LICENSE-govuk-frontend"
} > build/README

if [ "${1:-}" = "--check" ]; then
  for f in govuk-frontend.min.css govuk-frontend.min.js README; do
    if ! cmp -s "build/$f" "$out/$f"; then
      echo "static/govuk/$f differs from what build.sh produces"; exit 1
    fi
  done
  echo "static/govuk matches govuk-frontend $govuk_frontend"
  exit 0
fi
mkdir -p "$out"
cp build/govuk-frontend.min.css build/govuk-frontend.min.js build/README "$out/"
echo "wrote $(ls "$out" | tr '\n' ' ')to $out"
