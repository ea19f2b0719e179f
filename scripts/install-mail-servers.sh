#!/usr/bin/env bash
# Debian's dovecot for the email-channel tests. The tests start private dovecot instances of their own
# (own config, temp dir, free port), so the package's system service must not stay running: it would hold
# ports 143/993 and a root-owned /run/dovecot for nothing. Without root (or sudo) and apt the IMAP tests
# skip (and fail under CI=true).
set -euo pipefail
if [ -x /usr/sbin/dovecot ]; then
    echo "dovecot is already installed at /usr/sbin/dovecot"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "warning: /usr/sbin/dovecot is missing and apt-get is not available; IMAP tests will skip" >&2
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
else
    echo "warning: /usr/sbin/dovecot is missing and this user cannot install it (no root, no sudo);" \
        "IMAP tests will skip" >&2
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

echo "installing Debian's dovecot-imapd for the email-channel tests (system service kept stopped)..."
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    dovecot-imapd >/dev/null

# Belt and braces: on a host with systemd the unit may have been started anyway (socket activation).
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    echo "stopping and disabling the system dovecot service"
    "${SUDO[@]}" systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
elif [ -x /etc/init.d/dovecot ] && "${SUDO[@]}" /etc/init.d/dovecot status >/dev/null 2>&1; then
    echo "stopping the system dovecot service"
    "${SUDO[@]}" /etc/init.d/dovecot stop >/dev/null 2>&1 || true
fi
echo "dovecot $(/usr/sbin/dovecot --version) installed at /usr/sbin/dovecot"
