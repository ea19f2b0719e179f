"""One statement bound on the server and prepared on its connection, for the hottest paths.

Django binds parameters on the client and never prepares, so a statement whose planning costs more
than its running (get next's claim, a chat message's write) is planned on every call. Here psycopg
binds it on the server and prepares it once per connection. Behind PgBouncer in transaction mode
(settings.PGBOUNCER) a statement prepared on one server connection is missing on the next, so there
it is bound on the server but planned each time. PostgreSQL only.
"""

import functools
import logging
import sys
import time
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger("django.db.backends")


def execute_prepared(sql: str, params: dict[str, Any]) -> tuple[Any, list[str]]:
    """Run `sql` on the default connection; its first row (or None) and its column names."""
    return _execute(sql, params, names=True)


def prepared_row(sql: str, params: dict[str, Any]) -> Any:
    """`execute_prepared`'s first row alone: the names of a wide row (a chat message's lock reads over
    a hundred columns) are not read from the result."""
    return _execute(sql, params, names=False)[0]


def _execute(sql: str, params: dict[str, Any], *, names: bool) -> tuple[Any, list[str]]:
    # The thread's connection itself: each attribute read through `django.db.connection` looks it up.
    db = connections[DEFAULT_DB_ALIAS]
    db.ensure_connection()
    cursor = _cursor(db)
    if db.queries_logged:
        return _logged(db, cursor, sql, params, names=names)
    cursor.execute(sql, params)
    return _result(cursor, sql, names=names)


def _cursor(db: Any) -> Any:
    """The connection's own cursor for these statements, kept open while the connection lasts: a new
    cursor starts with an empty table of the dumpers its parameters' types take, which psycopg then
    looked up again (in Python) for every parameter of every statement."""
    kind: Any = _cursor_class(prepare=not getattr(settings, "PGBOUNCER", False))
    held = db.__dict__.get("_prepared_cursor")
    if held is not None:
        raw = held.cursor
        if raw.connection is db.connection and type(raw) is kind and not raw.closed:
            return held
    raw = kind(db.connection)
    # Django's wrapper, without its context: leaving one closes the cursor.
    held = db.__dict__["_prepared_cursor"] = db.make_cursor(raw)
    return held


def _result(cursor: Any, sql: str, *, names: bool) -> tuple[Any, list[str]]:
    if not names:
        return cursor.fetchone(), []
    result = cursor.cursor.pgresult
    if result is None:
        return cursor.fetchone(), []
    # A statement's column names are its text's: read from the result once (not through
    # `description`, which builds a Column object, with its type's look-ups, per column and call).
    found = _names.get(sql)
    if found is None or len(found) != result.nfields:
        if len(_names) >= _NAMES_KEPT:
            _names.clear()
        found = _names[sql] = [(result.fname(i) or b"").decode() for i in range(result.nfields)]
    return cursor.fetchone(), list(found)


_NAMES_KEPT = 1024
_names: dict[str, list[str]] = {}


def _logged(db: Any, cursor: Any, sql: str, params: dict[str, Any], *, names: bool) -> tuple[Any, list[str]]:
    """Run and log as Django's debug cursor does (`connection.queries`, CaptureQueriesContext, the
    debug page, the "django.db.backends" logger), with the values in the statement as Django shows its
    own: a statement bound on the server has no such text, so it is composed here, only when logged."""
    start = time.monotonic()
    try:
        cursor.execute(sql, params)
        return _result(cursor, sql, names=names)
    finally:
        duration = time.monotonic() - start
        shown = _with_values(db, sql, params)
        db.queries_log.append({"sql": shown, "time": f"{duration:.3f}"})
        logger.debug(
            "(%.3f) %s; args=%s; alias=%s",
            duration,
            shown,
            params,
            db.alias,
            extra={"duration": duration, "sql": shown, "params": params, "alias": db.alias},
        )


def _with_values(db: Any, sql: str, params: dict[str, Any]) -> str:
    """`sql` with `params` written in as literals, as psycopg binds on the client for Django's own
    statements (Django's `compose_sql` does the same for server-side binding); the bare statement
    when a value cannot be written (text psycopg refuses to encode)."""
    import psycopg

    try:
        with psycopg.ClientCursor(db.connection) as client:
            return client.mogrify(sql, params)
    except Exception:
        return sql


@functools.cache
def _cursor_class(*, prepare: bool) -> type:
    import psycopg
    from psycopg._queries import PostgresQuery, _query2pg_nocache

    @functools.lru_cache(maxsize=256)
    def converted(query: str, encoding: str) -> Any:
        return _query2pg_nocache(query.encode(encoding), encoding)

    class ConvertedOnce(PostgresQuery):
        # psycopg turns `%(name)s` into `$1` by parsing the statement on every call once it passes 4,096
        # characters or 50 parameters (a new case's statement passes both): that parse cost more than
        # the rest of the statement's Python. These statements come from code, so each is parsed once.
        def convert(self, query: Any, vars: Any) -> None:
            if vars is None or not isinstance(query, str):
                return super().convert(query, vars)
            self.query, self._want_formats, self._order, self._parts = converted(query, self._tx.encoding)
            self.dump(vars)
            return None

    class PreparedCursor(psycopg.Cursor[Any]):
        _query_cls = ConvertedOnce

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            if not prepare:
                return super().execute(query, params, **kwargs)
            # Django turns psycopg's automatic preparing off for the whole connection (threshold
            # None, which also refuses prepare=True); lifted for this statement only, so nothing
            # else on the connection is ever prepared.
            conn, threshold = self.connection, self.connection.prepare_threshold
            conn.prepare_threshold = threshold if threshold is not None else sys.maxsize
            try:
                return super().execute(query, params, prepare=True, **kwargs)
            finally:
                conn.prepare_threshold = threshold

    return PreparedCursor
