#!/usr/bin/env bash
# Debian's nginx for the test of deploy/nginx.conf (its syntax, and that it sends /ws/ to the ASGI
# service and everything else to the WSGI one). The test starts a private nginx of its own.
exec bash "$(dirname "$0")/install-debian-server.sh" /usr/sbin/nginx nginx \
    "the proxy configuration test" nginx.service
