"""Where the consumers' database work runs: a pool for writes and one for reads, each thread's waits
bounded."""

import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connection

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


def _bound_waits() -> None:
    """A pool thread waits for a row lock at most LIVECHAT_LOCK_TIMEOUT_MS and runs a statement at most
    LIVECHAT_STATEMENT_TIMEOUT_MS: a thread stuck behind a long transaction would starve every other
    socket of the process of the pool."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw in _bounded:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
            [f"{settings.LIVECHAT_LOCK_TIMEOUT_MS}ms", f"{settings.LIVECHAT_STATEMENT_TIMEOUT_MS}ms"],
        )
    _bounded.add(raw)


def _with_fresh_connection(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    # As Django does around a request: drop a connection that broke or outlived CONN_MAX_AGE.
    close_old_connections()
    try:
        _bound_waits()
        return func(*args, **kwargs)
    finally:
        close_old_connections()


async def db(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which may write, on the pool; its transaction is its own."""
    run = sync_to_async(_with_fresh_connection, thread_sensitive=False, executor=_db_pool)
    return await run(func, *args, **kwargs)


async def read(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which only reads (no row locks), on the readers' pool."""
    run = sync_to_async(_with_fresh_connection, thread_sensitive=False, executor=_read_pool)
    return await run(func, *args, **kwargs)
