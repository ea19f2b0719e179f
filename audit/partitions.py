"""Monthly partitions of the audit log on PostgreSQL (audit migration 0004 made the table partitioned).

`audit_auditevent` is partitioned by range of `created_at`, one partition per calendar month in UTC,
plus a default partition that catches a row no prepared month holds (a clock far off, or upkeep that
did not run). A month's export reads one partition; the newest page and one object's history read
each partition's index and merge.

Upkeep prepares the coming months ahead of time and moves whatever landed in the default partition into
partitions of its own months. Moving keeps every row as it was (same id, same content, so seals still
verify) and never deletes a row: the default partition is detached, its rows are inserted again through
the parent into their months, and the detached table is dropped, all in one transaction.

On SQLite (the demo) the table is a plain table and all of this does nothing.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

PARENT = "audit_auditevent"
DEFAULT = f"{PARENT}_default"
# Months prepared after the current one: upkeep runs daily, so two missed months of runs lose nothing.
MONTHS_AHEAD = 3
# Upkeep waits this long for a lock, then gives up until its next run rather than queueing every audit
# write behind it.
LOCK_TIMEOUT = "5s"

_MONTH_NAME = re.compile(rf"^{PARENT}_p(\d{{4}})_(\d{{2}})$")

Progress = Callable[[str], None]


def month_start(moment: dt.datetime | dt.date) -> dt.date:
    return dt.date(moment.year, moment.month, 1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{PARENT}_p{month:%Y_%m}"


def _bound(month: dt.date) -> str:
    # A literal rather than a parameter: DDL takes no bind parameters, and the value is ours.
    return f"'{month:%Y-%m-%d} 00:00:00+00'"


def is_partitioned(conn: BaseDatabaseWrapper = connection) -> bool:
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def create_month_sql(month: dt.date, *, parent: str = PARENT) -> list[str]:
    """A month's partition of `parent` (the migration builds under another name), made apart and then
    attached: attaching holds a lock that lets audit writes and reads go on (creating it as PARTITION OF
    would stop them). Row triggers come from the parent; TRUNCATE triggers are per table, so each
    partition gets its own."""
    name = partition_name(month)
    return [
        f"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE INCLUDING COMPRESSION)",
        f"ALTER TABLE {parent} ATTACH PARTITION {name} "
        f"FOR VALUES FROM ({_bound(month)}) TO ({_bound(next_month(month))})",
        no_truncate_sql(name),
    ]


def create_default_sql(*, parent: str = PARENT) -> list[str]:
    return [f"CREATE TABLE {DEFAULT} PARTITION OF {parent} DEFAULT", no_truncate_sql(DEFAULT)]


def no_truncate_sql(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
    )


@dataclass(frozen=True)
class Partition:
    name: str
    # None for the default partition.
    month: dt.date | None
    rows: int
    bytes: int


def partition_names(cursor: CursorWrapper) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
        [PARENT],
    )
    return [row[0] for row in cursor.fetchall()]


def _month_of(name: str) -> dt.date | None:
    match = _MONTH_NAME.match(name)
    return dt.date(int(match[1]), int(match[2]), 1) if match else None


def partitions_list(*, progress: Progress | None = None) -> list[Partition]:
    """Every partition with its exact row count and size on disk (indexes included), oldest month
    first and the default partition last. Counting reads each partition, one at a time."""
    if not is_partitioned():
        return []
    found: list[Partition] = []
    with connection.cursor() as cursor:
        names = partition_names(cursor)
        names.sort(key=lambda n: (_month_of(n) is None, n))
        for name in names:
            sql = f"SELECT count(*), pg_total_relation_size(%s::regclass) FROM {name}"  # noqa: S608
            cursor.execute(sql, [name])
            rows, size = cursor.fetchone()
            found.append(Partition(name=name, month=_month_of(name), rows=rows, bytes=size))
            if progress:
                progress(f"counted {name}: {rows} rows")
    return found


@dataclass
class Upkeep:
    created: list[str] = field(default_factory=list)
    # Rows moved out of the default partition into their months.
    moved: int = 0


def partitions_ensure(
    *, months_ahead: int = MONTHS_AHEAD, today: dt.date | None = None, progress: Progress | None = None
) -> Upkeep:
    """Prepare this month's partition and the next `months_ahead` months', and empty the default
    partition into partitions of its rows' months. Idempotent; one transaction."""
    done = Upkeep()
    if not is_partitioned():
        return done
    say = progress or (lambda _msg: None)
    current = month_start(today or timezone.now().astimezone(dt.UTC))
    wanted = [current]
    for _ in range(months_ahead):
        wanted.append(next_month(wanted[-1]))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        # The daily task and the command may run at once: one waits for the other, then sees its work.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{PARENT} upkeep"])
        existing = set(partition_names(cursor))
        row_month = "date_trunc('month', created_at AT TIME ZONE 'UTC')::date"
        cursor.execute(f"SELECT DISTINCT {row_month} FROM {DEFAULT} ORDER BY 1")  # noqa: S608
        stray = [row[0] for row in cursor.fetchall()]
        if stray:
            say(f"{DEFAULT} holds rows of {len(stray)} month(s): moving them")
            done.moved = _empty_default(cursor, stray, existing, done, say)
        for month in wanted:
            name = partition_name(month)
            if name in existing:
                continue
            for sql in create_month_sql(month):
                cursor.execute(sql)
            existing.add(name)
            done.created.append(name)
            say(f"created {name}")
    return done


def _empty_default(
    cursor: CursorWrapper, months: list[dt.date], existing: set[str], done: Upkeep, say: Progress
) -> int:
    """A month's partition cannot be attached while the default partition holds rows of that month, and
    the rows cannot be deleted (the table refuses it), so the default partition itself is swapped out."""
    moving = f"{PARENT}_moving"
    cursor.execute(f"ALTER TABLE {PARENT} DETACH PARTITION {DEFAULT}")
    cursor.execute(f"ALTER TABLE {DEFAULT} RENAME TO {moving}")
    for sql in create_default_sql():
        cursor.execute(sql)
    for month in months:
        name = partition_name(month)
        if name in existing:
            # A month that has a partition never sends rows to the default one.
            raise RuntimeError(f"{DEFAULT} holds rows of {month:%Y-%m}, which has {name}")
        for sql in create_month_sql(month):
            cursor.execute(sql)
        existing.add(name)
        done.created.append(name)
        say(f"created {name}")
    cursor.execute(
        "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        [PARENT],
    )
    columns = cursor.fetchone()[0]
    cursor.execute(f"INSERT INTO {PARENT} ({columns}) SELECT {columns} FROM {moving}")  # noqa: S608
    moved = cursor.rowcount
    cursor.execute(f"SELECT count(*) FROM {moving}")  # noqa: S608
    if cursor.fetchone()[0] != moved:
        raise RuntimeError(f"moving {moving}: row count changed while moving; nothing was changed")
    cursor.execute(f"DROP TABLE {moving}")
    say(f"moved {moved} row(s) out of {DEFAULT}")
    return moved
