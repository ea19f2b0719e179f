"""Waiting, in a test, until another thread's statement waits on a lock (a row another transaction
holds), so the test knows the race it sets up has begun before it lets the holder go on."""

import time
from typing import Any

from django.db import connection as django_connection

# Any backend of this database (each test worker has its own) waiting on a heavyweight lock.
_WAITING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


def wait_until_waiting_on_a_lock(
    connection: Any = None, *, what: str = "a statement", seconds: float = 20.0
) -> None:
    """Return once some backend of this database waits on a lock; fail with `what` after `seconds`.

    `connection` is a psycopg connection to ask on (a RowLock's, inside its transaction), or None for
    Django's. PostgreSQL keeps one view of pg_stat_activity for a whole transaction once it is read,
    so the view is dropped before each read: a connection that holds a lock would otherwise see the
    same answer again and again."""
    deadline = time.monotonic() + seconds
    while True:
        if connection is None:
            with django_connection.cursor() as cursor:
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(_WAITING)
                row = cursor.fetchone()
        else:
            connection.execute("SELECT pg_stat_clear_snapshot()")
            row = connection.execute(_WAITING).fetchone()
        if row and row[0]:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never waited on a lock")
        time.sleep(0.02)
