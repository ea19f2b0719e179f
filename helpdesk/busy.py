"""How long a web request's writes wait for a row lock, and how a caller tells that one gave up.

Ticket and chat writes lock the ticket's row (and a chat's conversation row). While another
transaction holds it, a caller that waits without bound holds what it runs on: a gunicorn worker, a
socket's database thread. So writes made for a request wait at most a bounded time (PostgreSQL's
`lock_timeout`, set locally in the write's own transaction); nothing is written when they give up,
and the caller answers "busy, try again": the API with 503 `{"code": "busy"}` and Retry-After, the
ticket page with a message above the form it keeps, the chat widget with its own 503, the chat
sockets by trying again themselves.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils.translation import gettext_lazy as _

# PostgreSQL's lock_not_available and query_canceled (the lock or the statement timeout).
BUSY_SQLSTATES = {"55P03", "57014"}
RETRY_AFTER_SECONDS = 1


class Busy(Exception):
    """A row the write needed stayed locked by another transaction; nothing was written."""

    code = "busy"
    message = _("Someone else is changing this ticket right now. Nothing was saved; try again in a moment.")


def is_busy(exc: DatabaseError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in BUSY_SQLSTATES


@contextmanager
def bounded_lock_wait(timeout_ms: int | None = None) -> Iterator[None]:
    """One transaction in which each row lock is waited for at most `timeout_ms`
    (REQUEST_LOCK_TIMEOUT_MS unless given)."""
    timeout = settings.REQUEST_LOCK_TIMEOUT_MS if timeout_ms is None else timeout_ms
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{timeout}ms"])
        yield


@contextmanager
def busy_refused(timeout_ms: int | None = None) -> Iterator[None]:
    """`bounded_lock_wait`, raising `Busy` when a lock was not had in time, for the API's exception
    handler and the pages to answer alike."""
    try:
        with bounded_lock_wait(timeout_ms):
            yield
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        raise Busy() from exc
