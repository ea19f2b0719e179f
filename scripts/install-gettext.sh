#!/usr/bin/env bash
# Debian's GNU gettext (xgettext, msgmerge) for the catalogue check (tests/i18n/test_catalogues.py),
# which re-extracts the customer-facing strings as `manage.py makemessages_customer` does. The .mo files
# are compiled in Python and committed, so running the helpdesk needs none of it.
exec bash "$(dirname "$0")/install-debian-server.sh" /usr/bin/xgettext gettext "the catalogue check"
