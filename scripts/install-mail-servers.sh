#!/usr/bin/env bash
# Debian's dovecot for the email-channel tests, which start private dovecot instances of their own.
exec bash "$(dirname "$0")/install-debian-server.sh" /usr/sbin/dovecot dovecot-imapd \
    "the IMAP tests" dovecot.service dovecot.socket
