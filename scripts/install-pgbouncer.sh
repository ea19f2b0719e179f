#!/usr/bin/env bash
# Debian's PgBouncer for the test that runs deploy/pgbouncer/pgbouncer.ini in transaction mode in front
# of the test database (tests/ops/test_pgbouncer_settings.py). The test starts a private PgBouncer.
exec bash "$(dirname "$0")/install-debian-server.sh" /usr/sbin/pgbouncer pgbouncer \
    "the PgBouncer test" pgbouncer.service pgbouncer.socket
