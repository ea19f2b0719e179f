"""How long chat writes wait for a chat's row, and how a caller tells that a write gave up waiting.

A chat's writes lock its conversation row. While another transaction holds it, a caller that waits
without bound holds what it runs on: a socket's database thread, a web worker. So the widget's HTTP
calls and the sockets' database threads wait at most LIVECHAT_LOCK_TIMEOUT_MS; nothing is written
when they give up, and the caller answers "busy, try again" (HTTP) or tries again itself (sockets).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction

# PostgreSQL's lock_not_available and query_canceled (the lock or the statement timeout).
BUSY_SQLSTATES = {"55P03", "57014"}


def is_busy(exc: DatabaseError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in BUSY_SQLSTATES


@contextmanager
def bounded_lock_wait() -> Iterator[None]:
    """One transaction in which each row lock is waited for at most LIVECHAT_LOCK_TIMEOUT_MS."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LIVECHAT_LOCK_TIMEOUT_MS}ms"]
                )
        yield
