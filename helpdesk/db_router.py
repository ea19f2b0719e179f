"""Reports read from a PostgreSQL read replica; everything else, and every write, uses the primary.

A read goes to the replica (the "replica" alias, configured by DATABASE_REPLICA_URL) only when all
of these hold:
- it runs inside `reporting()`, which the report views and functions wear (a decorator or a `with`);
- a replica is configured (without one, everything goes to the primary);
- no transaction is open on the primary: a read inside a transaction may be about to feed a write,
  and never sees that transaction's own writes on the replica;
- nothing was written since `reporting()` began: a replica applies the primary's writes a moment
  later, so after a write every read of the block goes to the primary (read your writes).

Everything else goes to the primary explicitly, so an object read from the replica and then used
outside a report (its related objects, a refresh) is read from the primary again. The replica is never
migrated: it is a copy of the primary, schema included.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"


@dataclass
class _Reporting:
    wrote: bool = False


# A ContextVar, not a thread-local: async code (the chat consumers) and the threads asgiref hands
# work to each see their own block.
_reporting: ContextVar[_Reporting | None] = ContextVar("reporting", default=None)


@contextmanager
def reporting() -> Iterator[None]:
    """Reads inside go to the read replica when one is configured (see the module's docstring).

    Use it as `with reporting():` or as a decorator, `@reporting()`, on a report's view or function.
    """
    token = _reporting.set(_Reporting())
    try:
        yield
    finally:
        _reporting.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _in_transaction(alias: str) -> bool:
    """A transaction the code opened on `alias` (the test runner's own wrapping one does not count)."""
    connection = connections[alias]
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        state = _reporting.get()
        if state is None or state.wrote or not replica_configured() or _in_transaction(DEFAULT_DB_ALIAS):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        state = _reporting.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from either may point at the other's.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
