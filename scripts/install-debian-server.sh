#!/usr/bin/env bash
# Installs a Debian package that ships a server the tests start privately (own config, temp dir, free
# port), keeping the package's system service stopped: it would otherwise hold the standard ports and
# root-owned run directories for nothing. Without root (or sudo) and apt the tests that need it skip
# (and fail under CI=true).
#
# usage: install-debian-server.sh BINARY PACKAGE PURPOSE UNIT...
#   BINARY   the path that tells it is installed (/usr/sbin/dovecot)
#   PACKAGE  the Debian package (dovecot-imapd)
#   PURPOSE  what needs it, for the messages ("the email-channel tests")
#   UNIT     system service units to keep stopped (dovecot.service dovecot.socket)
set -euo pipefail
BINARY=$1
PACKAGE=$2
PURPOSE=$3
shift 3
UNITS=("$@")
NAME=$(basename "$BINARY")

if [ -x "$BINARY" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "warning: $BINARY is missing and apt-get is not available; $PURPOSE will skip" >&2
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
else
    echo "warning: $BINARY is missing and this user cannot install it (no root, no sudo); $PURPOSE will skip" >&2
    exit 0
fi

# policy-rc.d exit code 101 tells invoke-rc.d not to start services during this install. A policy file
# that was already there (container images ship one) is kept and restored afterwards.
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

echo "installing Debian's $PACKAGE for $PURPOSE (system service kept stopped)..."
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "$PACKAGE" >/dev/null

# Belt and braces: on a host with systemd a unit may have been started anyway (socket activation).
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    "${SUDO[@]}" systemctl disable --now "${UNITS[@]}" >/dev/null 2>&1 || true
elif [ -x "/etc/init.d/$NAME" ] && "${SUDO[@]}" "/etc/init.d/$NAME" status >/dev/null 2>&1; then
    "${SUDO[@]}" "/etc/init.d/$NAME" stop >/dev/null 2>&1 || true
fi
echo "$PACKAGE installed at $BINARY"
