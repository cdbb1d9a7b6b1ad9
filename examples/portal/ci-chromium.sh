#!/usr/bin/env bash
# Installs Debian's chromium package for the portal's browser tests when it
# is missing. Idempotent and quiet; .ci/run calls it before `go test`, and
# the tests fail under CI=true when the browser is still absent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "ci-chromium.sh: chromium did not install" >&2; exit 1; }
echo "chromium: $(chromium --version 2>/dev/null || echo installed)"
