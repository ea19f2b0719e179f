#!/usr/bin/env bash
# Debian's nginx for the test of deploy/nginx.conf (its syntax, and that it sends /ws/ to the ASGI
# service and everything else to the WSGI one). The tests start a private nginx of their own (own
# prefix, free port), so the package's system service must not start. Without root (or sudo) and
# apt the test skips (and fails under CI=true).
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "warning: /usr/sbin/nginx is missing and apt-get is not available; the nginx test will skip" >&2
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
else
    echo "warning: /usr/sbin/nginx is missing and this user cannot install it (no root, no sudo);" \
        "the nginx test will skip" >&2
    exit 0
fi

# policy-rc.d exit code 101 tells invoke-rc.d not to start services during this install: the package
# would otherwise start a system nginx holding port 80. A policy file that was already there
# (container images ship one) is kept and restored afterwards.
POLICY=/usr/sbin/policy-rc.d
BACKUP=""
if [ -e "$POLICY" ]; then
    BACKUP="$(mktemp)"
    "${SUDO[@]}" cp -p "$POLICY" "$BACKUP"
fi
restore_policy() {
    if [ -n "$BACKUP" ]; then
        "${SUDO[@]}" cp -p "$BACKUP" "$POLICY"
        rm -f "$BACKUP"
    else
        "${SUDO[@]}" rm -f "$POLICY"
    fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
"${SUDO[@]}" chmod 755 "$POLICY"

echo "installing Debian's nginx for the proxy configuration test (system service kept stopped)..."
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    nginx >/dev/null

if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    "${SUDO[@]}" systemctl disable --now nginx.service >/dev/null 2>&1 || true
elif [ -x /etc/init.d/nginx ] && "${SUDO[@]}" /etc/init.d/nginx status >/dev/null 2>&1; then
    "${SUDO[@]}" /etc/init.d/nginx stop >/dev/null 2>&1 || true
fi
echo "$(/usr/sbin/nginx -v 2>&1) installed at /usr/sbin/nginx"
