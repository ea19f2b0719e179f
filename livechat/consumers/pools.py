"""Where the consumers' database work runs: a pool for writes and one for reads, each thread's waits
bounded."""

import functools
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

from livechat import events

# Service calls run on a pool of their own rather than Channels' single thread per process, so one
# slow query (a row lock held by a busy chat) does not hold every socket of the process; the pool's
# size bounds the database connections a server process opens. SQLite takes one writer at a time:
# there the pool is one thread. Reads (welcomes, catch-ups, access checks) have a pool apart: they
# never wait for a row lock, so writes queued behind a busy row never hold up a socket's delivery.
_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
_db_pool = ThreadPoolExecutor(
    max_workers=1 if _sqlite else settings.LIVECHAT_DB_THREADS, thread_name_prefix="livechat-db"
)
_read_pool = ThreadPoolExecutor(
    max_workers=1 if _sqlite else settings.LIVECHAT_DB_READ_THREADS, thread_name_prefix="livechat-read"
)
# The pool's PostgreSQL connections that already have their timeouts set.
_bounded: "weakref.WeakSet[Any]" = weakref.WeakSet()
R = TypeVar("R")
# A connection that finished a call without error this recently is not health-checked again (a
# round trip per frame otherwise); one idle longer is, as Django checks one per request. Should it
# have died in between, that frame fails without writing anything, is answered with an error (the
# client sends it again, its client_id making that safe) and the broken connection is closed after it.
RECHECK_AFTER_SECONDS = 1.0
_last_ok = threading.local()


def _bound_waits(db: Any = None) -> None:
    """A pool thread waits for a row lock at most LIVECHAT_LOCK_TIMEOUT_MS and runs a statement at most
    LIVECHAT_STATEMENT_TIMEOUT_MS: a thread stuck behind a long transaction would starve every other
    socket of the process of the pool. `db`: the thread's default connection, when the caller has it."""
    if db is None:
        db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or settings.PGBOUNCER:
        # Behind PgBouncer a session setting would outlive this client's transaction on a pooled server
        # connection: the websocket servers' own PgBouncer database sets these bounds on its server
        # connections as they open (deploy/pgbouncer/pgbouncer.ini, helpdesk_chat).
        return
    db.ensure_connection()
    raw = db.connection
    if raw in _bounded:
        return
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
            [f"{settings.LIVECHAT_LOCK_TIMEOUT_MS}ms", f"{settings.LIVECHAT_STATEMENT_TIMEOUT_MS}ms"],
        )
    _bounded.add(raw)


def _with_fresh_connection(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    # As Django does around a request: drop a connection that broke or outlived CONN_MAX_AGE.
    close_old_connections()
    # The thread's connection itself: each attribute read through `django.db.connection` looks it up.
    db = connections[DEFAULT_DB_ALIAS]
    raw = db.connection
    if (
        raw is not None
        and getattr(_last_ok, "raw", None) is raw
        and time.monotonic() - _last_ok.at < RECHECK_AFTER_SECONDS
    ):
        db.health_check_done = True  # type: ignore[attr-defined]
    try:
        _bound_waits(db)
        result = func(*args, **kwargs)
    finally:
        close_old_connections()
    if db.connection is not None and not db.errors_occurred:
        _last_ok.raw, _last_ok.at = db.connection, time.monotonic()
    return result


def _holding_publishes(
    func: Callable[..., R], *args: Any, **kwargs: Any
) -> tuple[R | None, Exception | None, list[tuple[str, dict[str, Any]]]]:
    with events.publishes_held() as held:
        try:
            return _with_fresh_connection(func, *args, **kwargs), None, held
        except Exception as exc:
            # What committed before the failure was published too: sent all the same.
            return None, exc, held


@functools.lru_cache(maxsize=8)
def _hop(func: Callable[..., Any], executor: ThreadPoolExecutor) -> Callable[..., Awaitable[Any]]:
    # Built once per pool: asgiref inspects the function each time a hop is built, every frame otherwise.
    return sync_to_async(func, thread_sensitive=False, executor=executor)


async def db(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which may write, on the pool; its transaction is its own. What it publishes after
    its commits is sent from here, on the event loop, once it returns: one hop to the pool and back
    per call, and the pool's thread free while the channel layer answers."""
    result, failure, held = await _hop(_holding_publishes, _db_pool)(func, *args, **kwargs)
    if held:
        await events.publish_held(held)
    if failure is not None:
        raise failure
    return result


async def read(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which only reads (no row locks), on the readers' pool."""
    return await _hop(_with_fresh_connection, _read_pool)(func, *args, **kwargs)
