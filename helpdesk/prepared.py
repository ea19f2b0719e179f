"""One statement bound on the server and prepared on its connection, for the hottest paths.

Django binds parameters on the client and never prepares, so a statement whose planning costs more
than its running (get next's claim, a chat message's write) is planned on every call. Here psycopg
binds it on the server and prepares it once per connection. Behind PgBouncer in transaction mode
(settings.PGBOUNCER) a statement prepared on one server connection is missing on the next, so there
it is bound on the server but planned each time. PostgreSQL only.
"""

import functools
import sys
import time
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


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
    raw = _cursor_class(prepare=not getattr(settings, "PGBOUNCER", False))(db.connection)
    start = time.monotonic()
    try:
        with db.make_cursor(raw) as cursor:
            cursor.execute(sql, params)
            if not names:
                return cursor.fetchone(), []
            # The names straight from the result: `description` builds a Column object (with its
            # type's look-ups) per column on every call, which cost more than the claim's own Python.
            result = cursor.pgresult
            found = (
                [] if result is None else [(result.fname(i) or b"").decode() for i in range(result.nfields)]
            )
            return cursor.fetchone(), found
    finally:
        # Django's debug cursor cannot show a statement bound on the server; logged here instead, so
        # the statement counts of tests and the debug page include it.
        if db.queries_logged:
            db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - start:.3f}"})


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
