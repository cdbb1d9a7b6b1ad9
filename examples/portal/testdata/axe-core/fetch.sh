#!/usr/bin/env bash
# Fetches axe-core, the accessibility engine the portal's browser tests
# run on every page, from the npm registry at the pinned version below, and
# checks the package against the registry's published integrity hash
# before copying axe.min.js and its licences here, unmodified.
#
#   bash examples/portal/testdata/axe-core/fetch.sh           # refetch
#   bash examples/portal/testdata/axe-core/fetch.sh --check   # fail if the committed files differ
#
# It needs npm. The files are committed so that `go test` needs neither
# npm nor the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=4.14.1
# `npm view axe-core@4.14.1 dist.integrity`
integrity=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==

work=$(mktemp -d /tmp/councilkit-axe.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
tarball=$(npm pack --silent "axe-core@$version")
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "axe-core $version: integrity $got, want $integrity" >&2; exit 1
fi
tar xzf "$tarball"
files="axe.min.js LICENSE LICENSE-3RD-PARTY.txt"
if [ "${1:-}" = "--check" ]; then
  for f in $files; do
    if ! cmp -s "package/$f" "$here/$f"; then
      echo "testdata/axe-core/$f differs from axe-core $version on npm"; exit 1
    fi
  done
  echo "testdata/axe-core matches axe-core $version"
  exit 0
fi
for f in $files; do cp "package/$f" "$here/$f"; done
echo "wrote $files to $here"
