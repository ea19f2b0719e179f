#!/usr/bin/env bash
# Debian's chromium for the browser tests. Playwright drives it at /usr/bin/chromium; no browser is
# ever downloaded. Without root or apt the browser tests skip (and fail under CI=true).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here; browser tests will skip" >&2
fi
