"""Running get next's one statement: bound on the server, prepared once per connection, lean.

helpdesk.prepared does the same for any statement; this is its narrower twin for the claim, the
hottest statement of routing, where the client's CPU is taken from PostgreSQL on a busy server (two
cores run both): one connection look-up, the values of the first row only (no column names, no
Django cursor wrapper), and a cursor kept per connection. Django's error translation stays, so a
dropped connection is the same `django.db` error as anywhere else. PostgreSQL only.
"""

import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper


def execute_claim(db: BaseDatabaseWrapper, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """The first row of `sql` on `db` (the caller's connection, looked up once), or None."""
    db.ensure_connection()
    raw = db.connection
    start = time.monotonic()
    try:
        with db.wrap_database_errors:
            cursor = _cursor_of(raw)
            if settings.PGBOUNCER:
                # Behind PgBouncer in transaction mode a statement prepared on one server connection
                # is missing on the next: bound on the server, planned each time.
                cursor.execute(sql, params, prepare=False)
            else:
                _execute_prepared(raw, cursor, sql, params)
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row
    finally:
        # Django's debug cursor does not see this statement; logged here instead, so the statement
        # counts of tests and the debug page include it.
        if db.queries_logged:
            db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - start:.3f}"})


def _execute_prepared(raw: Any, cursor: Any, sql: str, params: dict[str, Any]) -> None:
    # Django turns psycopg's automatic preparing off for the whole connection (threshold None, which
    # also refuses prepare=True); lifted for this statement only, so nothing else on the connection
    # is ever prepared.
    threshold = raw.prepare_threshold
    raw.prepare_threshold = threshold if threshold is not None else sys.maxsize
    try:
        cursor.execute(sql, params, prepare=True)
    finally:
        raw.prepare_threshold = threshold


# Each thread's cursor, on the connection it was made on: a new connection (after a drop) gets a
# new one.
_local = threading.local()


def _cursor_of(raw: Any) -> Any:
    held: tuple[Any, Any] | None = getattr(_local, "cursor", None)
    if held is None or held[0] is not raw or held[1].closed:
        import psycopg

        held = (raw, psycopg.Cursor(raw))
        _local.cursor = held
    return held[1]


def sql_text_literal(text: str) -> str:
    """`text` as an SQL string literal inside a statement that also has %(name)s placeholders."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"
