"""Configuration read once per process, checked with one statement per use.

Policies, calendars, teams, shifts and rules change a few times a day and are read on every message.
Each kind of configuration has a token in `helpdesk_configversion`; database triggers on the kind's
tables replace the token on every INSERT, UPDATE, DELETE (and TRUNCATE on PostgreSQL), whoever writes
them: the admin, a migration, a bulk update, a shell. `cached(name, load)` reads the token and returns
what this process loaded under the same token, or loads again.

Why it is exact: the token is read before the rows, so rows loaded are at least as new as the token
they are kept under (a newer token on the next call loads again). A transaction that changes the
configuration sees its own new token; if it rolls back, the old token comes back and the value loaded
from its uncommitted rows, kept under a token that never committed, is never matched again. With no
token row (a database just flushed), nothing is kept.
"""

import re
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db.migrations.operations.base import Operation

T = TypeVar("T")

_lock = threading.Lock()
_values: dict[tuple[str, ...], tuple[tuple[str, ...], Any]] = {}


def tokens(names: Sequence[str]) -> tuple[str, ...] | None:
    """The current token of each name, in one statement; None when any has none yet."""
    from django.db import connection

    from helpdesk.models import ConfigVersion

    if connection.vendor == "postgresql":
        # Read on every write that uses configuration: plain SQL, no query to compile each time.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, token FROM helpdesk_configversion WHERE name = ANY(%s)", [list(names)]
            )
            found = dict(cursor.fetchall())
    else:
        found = dict(ConfigVersion.objects.filter(name__in=names).values_list("name", "token"))
    if len(found) != len(set(names)):
        return None
    return tuple(found[n] for n in names)


def cached_many(names: Sequence[str], load: Callable[[], T]) -> T:
    """`load()` once per process while none of the named kinds of configuration changes."""
    key = tuple(names)
    return _held_or_load(key, tokens(key), load)


def cached(name: str, load: Callable[[], T]) -> T:
    return cached_many((name,), load)


def cached_at(name: str, token: str | None, load: Callable[[], T]) -> T:
    """`cached(name, load)` with the token the caller read itself, beside a row it read anyway (the SLA
    clock reads it in its own statement); None when there was no token row."""
    return _held_or_load((name,), None if token is None else (token,), load)


def _held_or_load(key: tuple[str, ...], current: tuple[str, ...] | None, load: Callable[[], T]) -> T:
    """What this process holds for `key` under the tokens `current`, or `load()` kept under them."""
    if current is not None:
        held = _values.get(key)
        if held is not None and held[0] == current:
            return held[1]
    value = load()
    if current is not None:
        with _lock:
            _values[key] = (current, value)
    return value


def held_token(name: str) -> str | None:
    """The token under which this process holds `name`, without a statement (None: nothing held).
    A caller that uses the value held must check in its own statement that the token is still
    current (a new case's SLA clock is inserted only `WHERE` it is)."""
    held = _values.get((name,))
    return held[0][0] if held is not None else None


def forget() -> None:
    """Drop everything this process holds (tests that edit tables behind the triggers' back)."""
    with _lock:
        _values.clear()


# --- Triggers ----------------------------------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION helpdesk_config_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO helpdesk_configversion (name, token) VALUES (TG_ARGV[0], gen_random_uuid()::text)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$;
"""
PG_FUNCTION_DROP = "DROP FUNCTION IF EXISTS helpdesk_config_bump();"


IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(table: str, name: str) -> None:
    # Names and tables come from migrations, never from input; still, only plain identifiers pass.
    if not IDENTIFIER.match(table) or not IDENTIFIER.match(name):
        raise ValueError(f"not a plain identifier: {table!r} / {name!r}")


def _trigger_name(table: str, name: str, event: str = "") -> str:
    base = f"cfg_{name}_{table}"[:50]
    return f"{base}_{event}" if event else base


def _create_sql(vendor: str, table: str, name: str) -> list[str]:
    _checked(table, name)
    if vendor == "postgresql":
        return [
            f'CREATE TRIGGER "{_trigger_name(table, name)}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f"ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION helpdesk_config_bump('{name}');"
        ]
    if vendor == "sqlite":
        return [
            # Identifiers checked above.
            f'CREATE TRIGGER IF NOT EXISTS "{_trigger_name(table, name, event.lower())}" AFTER {event} '  # noqa: S608
            f'ON "{table}" BEGIN INSERT OR REPLACE INTO helpdesk_configversion (name, token) '
            f"VALUES ('{name}', lower(hex(randomblob(16)))); END;"
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    return []


def _drop_sql(vendor: str, table: str, name: str) -> list[str]:
    _checked(table, name)
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{_trigger_name(table, name)}" ON "{table}";']
    if vendor == "sqlite":
        return [
            f'DROP TRIGGER IF EXISTS "{_trigger_name(table, name, event)}";'
            for event in ("insert", "update", "delete")
        ]
    return []


class ConfigVersionTriggers(Operation):
    """Migration operation: writes to `tables` change the token of configuration `name`."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, name: str, tables: Iterable[str]) -> None:
        self.name = name
        self.tables = list(tables)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [self.name, self.tables], {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _run(self, schema_editor: Any, make: Callable[[str, str, str], list[str]]) -> None:
        vendor = schema_editor.connection.vendor
        for table in self.tables:
            for sql in make(vendor, table, self.name):
                schema_editor.execute(sql)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(schema_editor, _create_sql)
        # A first token, so what a process loads is kept before anyone edits these tables (rows a
        # data migration wrote earlier fired no trigger). An existing token is left alone.
        ignore = "ON CONFLICT (name) DO NOTHING" if schema_editor.connection.vendor == "postgresql" else ""
        verb = "INSERT OR IGNORE" if schema_editor.connection.vendor == "sqlite" else "INSERT"
        schema_editor.execute(
            f"{verb} INTO helpdesk_configversion (name, token) VALUES (%s, %s) {ignore}",
            [self.name, uuid.uuid4().hex],
        )

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(schema_editor, _drop_sql)

    def describe(self) -> str:
        return f"Configuration '{self.name}' versioned by triggers on {', '.join(self.tables)}"
