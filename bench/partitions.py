"""The audit log's hot reads on the table partitioned by month, beside the same rows in a plain table.

A throwaway PostgreSQL database is migrated (so `audit_auditevent` is partitioned as in production),
given a partition for each of the last 24 months, and filled with 5M events spread evenly over those
months (generate_series; a case's events sit close together in time, as they do in life). The same rows
are then copied into `audit_plain`, an unpartitioned table with the indexes the log had before it was
partitioned (primary key on id). Both are vacuumed and analysed. In one run, alternating between the
two tables, each of the log's hot queries is timed; the SQL is compiled from the app's own querysets
(audit/querysets.py, audit/export.py) and only the table name differs:

- the log page's newest 50 (`ORDER BY id DESC LIMIT 51`);
- a page deep in the past (the "older" cursor, `id < x`, halfway back);
- one object's history (one ticket's own events, newest 50: the `audit_object_idx` path);
- one case's events (the log's ticket filter: the ticket and what belongs to it, newest 50);
- one month's export, read as the export reads it (by id, in chunks of 2,000, within the month);
- writing one event (INSERT ... RETURNING id, in a transaction rolled back at the end);

and then what audit migration 0004 costs a log of this size (migrated back to a plain table, then
forward to partitions again, each timed).

    .venv/bin/python bench/partitions.py
    .venv/bin/python bench/partitions.py --rows 500000 --runs 10     # quicker
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_partitions"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PLAIN = "audit_plain"
MONTHS = 24
LOAD_CHUNK = 250_000
EXPORT = "one month's export"


def _months(end: dt.date, count: int) -> list[dt.date]:
    from audit.partitions import next_month

    first = end
    for _ in range(count):
        first = dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    months = [first]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def prepare(rows: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from audit.partitions import create_month_sql, month_start, partition_name, partitions_ensure

    log("migrating")
    call_command("migrate", verbosity=0)
    this_month = month_start(dt.datetime.now(dt.UTC))
    months = _months(this_month, MONTHS)
    start = dt.datetime.combine(months[0], dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(this_month, dt.time(), tzinfo=dt.UTC)
    with connection.cursor() as cur:
        for month in months:
            cur.execute("SELECT to_regclass(%s)", [partition_name(month)])
            if cur.fetchone()[0] is None:
                for sql in create_month_sql(month):
                    cur.execute(sql)
    partitions_ensure()
    log(f"inserting {rows:,} events over {MONTHS} months ({months[0]:%Y-%m} to {months[-1]:%Y-%m})")
    span = (end - start).total_seconds()
    with connection.cursor() as cur, tqdm(total=rows, unit="row", unit_scale=True) as bar:
        for first in range(1, rows + 1, LOAD_CHUNK):
            last = min(first + LOAD_CHUNK - 1, rows)
            # A case (object_id = g / 25) has its events within a few minutes of each other; four in ten
            # events are about a ticket, four about a timeline entry, the rest about chats and agents.
            cur.execute(
                """
                INSERT INTO audit_auditevent (id, created_at, actor_label, action, object_type, object_id,
                    object_repr, before, after, ip, actor_id, reason)
                SELECT g, %(start)s + make_interval(secs => (g - 1) * %(step)s),
                    'agent:a' || (g %% 200),
                    (ARRAY['ticket.created', 'ticket.assigned', 'ticket.status_changed',
                           'ticket.replied', 'chat.message_posted'])[g %% 5 + 1],
                    (ARRAY['tickets.ticket', 'tickets.ticket', 'tickets.ticket', 'tickets.ticket',
                           'tickets.timelineentry', 'tickets.timelineentry', 'tickets.timelineentry',
                           'tickets.timelineentry', 'livechat.conversation', 'accounts.user'])[g %% 10 + 1],
                    (g / 25)::text,
                    'Case #' || (g / 25),
                    jsonb_build_object('status', 'open', 'priority', g %% 4),
                    jsonb_build_object('status', 'pending', 'priority', (g + 1) %% 4),
                    '10.0.0.1'::inet, NULL, ''
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) g
                """,
                {"start": start, "step": span / rows, "first": first, "last": last},
            )
            bar.update(last - first + 1)
        cur.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), %s)", [rows])
    log(f"copying the same rows into the plain table {PLAIN}")
    with connection.cursor() as cur, tqdm(total=rows, unit="row", unit_scale=True) as bar:
        cur.execute(f"CREATE TABLE {PLAIN} (LIKE audit_auditevent INCLUDING DEFAULTS INCLUDING IDENTITY)")
        for first in range(1, rows + 1, LOAD_CHUNK):
            last = min(first + LOAD_CHUNK - 1, rows)
            cur.execute(
                f"INSERT INTO {PLAIN} SELECT * FROM audit_auditevent WHERE id BETWEEN %s AND %s",  # noqa: S608
                [first, last],
            )
            bar.update(last - first + 1)
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{PLAIN}', 'id'), %s)", [rows])
        log(f"indexing {PLAIN} as the log was indexed before partitioning")
        for sql in (
            f"ALTER TABLE {PLAIN} ADD PRIMARY KEY (id)",
            f"CREATE INDEX {PLAIN}_created_at ON {PLAIN} (created_at)",
            f"CREATE INDEX {PLAIN}_action ON {PLAIN} (action)",
            f"CREATE INDEX {PLAIN}_action_like ON {PLAIN} (action varchar_pattern_ops)",
            f"CREATE INDEX {PLAIN}_actor ON {PLAIN} (actor_id)",
            f"CREATE INDEX {PLAIN}_object ON {PLAIN} (object_type, object_id, id)",
        ):
            cur.execute(sql)
    log("VACUUM ANALYZE both tables")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE audit_auditevent")
        cur.execute(f"VACUUM ANALYZE {PLAIN}")
        cur.execute(
            "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits "
            "WHERE inhparent = 'audit_auditevent'::regclass"
        )
        partitioned_bytes = cur.fetchone()[0]
        cur.execute("SELECT pg_total_relation_size(%s::regclass)", [PLAIN])
        plain_bytes = cur.fetchone()[0]
    return {
        "rows": rows,
        "months": [f"{m:%Y-%m}" for m in months],
        "bytes": {"partitioned": partitioned_bytes, "plain": plain_bytes},
    }


def _sql(qs: Any, table: str) -> tuple[str, list[Any]]:
    sql, params = qs.query.sql_with_params()
    return sql.replace('"audit_auditevent"', f'"{table}"'), list(params)


def _run(sql: str, params: list[Any]) -> list[Any]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def _explain(sql: str, params: list[Any]) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cur.fetchall())


def _partitions_read(plan: str) -> int:
    return sum(
        1
        for line in plan.splitlines()
        if " on audit_auditevent_" in line and "never executed" not in line and "Scan" in line
    )


def hot_queries(rows: int) -> dict[str, Any]:
    from audit.models import AuditEvent
    from audit.querysets import EventFilter, events_matching

    middle_case = rows // 2 // 25
    return {
        "one object's history": AuditEvent.objects.filter(
            object_type="tickets.ticket", object_id=str(middle_case)
        ).order_by("-id")[:51],
        "newest page of 50": events_matching(EventFilter()).order_by("-id")[:51],
        "a page halfway back": events_matching(EventFilter()).filter(id__lt=rows // 2).order_by("-id")[:51],
        "one case's events": events_matching(EventFilter(ticket_id=middle_case)).order_by("-id")[:51],
    }


def month_export(table: str, start: dt.datetime, end: dt.datetime) -> int:
    """Every event of the month, read exactly as audit/export.py's _iter_events reads it."""
    from audit.export import CHUNK, ExportScope, events_in_scope

    scope = events_in_scope(ExportScope(start=start, end=end))
    after, total = 0, 0
    while True:
        chunk = _run(*_sql(scope.filter(id__gt=after).order_by("id")[:CHUNK], table))
        total += len(chunk)
        if len(chunk) < CHUNK:
            return total
        after = chunk[-1][0]


def insert_one(table: str) -> None:
    _run(
        f"INSERT INTO {table} (created_at, actor_label, action, object_type, object_id, object_repr, "  # noqa: S608
        "before, after, ip, actor_id, reason) VALUES (now(), 'agent:bench', 'ticket.assigned', "
        "'tickets.ticket', '1', 'Case #1', NULL, '{\"team\": 1}', NULL, NULL, '') RETURNING id",
        [],
    )


def timed_ms(fn: Any, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--skip-migration", action="store_true", help="do not time migration 0004")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}")
    reset_database(DB)
    import django

    django.setup()
    from django.db import connection, transaction

    from audit.export import CHUNK, ExportScope, events_in_scope
    from audit.partitions import next_month

    setup = prepare(args.rows)
    tables = {"partitioned": "audit_auditevent", "plain": PLAIN}
    results: dict[str, dict[str, Any]] = {}

    for name, qs in hot_queries(args.rows).items():
        log(f"{name}: up to {args.runs} runs per table, alternating")
        samples: dict[str, list[float]] = {k: [] for k in tables}
        compiled = {k: _sql(qs, t) for k, t in tables.items()}
        warm = [
            timed_ms(lambda sql=sql, params=params: _run(sql, params), 1)[0]
            for sql, params in compiled.values()
        ]
        # A query that takes a tenth of a second or more is timed fewer times.
        runs = args.runs if max(warm) < 100 else max(3, args.runs // 5)
        for _ in range(runs):
            for variant, (sql, params) in compiled.items():
                samples[variant] += timed_ms(lambda sql=sql, params=params: _run(sql, params), 1)
        plans = {k: _explain(*compiled[k]) for k in tables}
        results[name] = {
            **{k: summary(v) for k, v in samples.items()},
            "runs": runs,
            "partitions_read": _partitions_read(plans["partitioned"]),
            "rows_returned": len(_run(*compiled["partitioned"])),
            "plans": plans,
        }
        log(f"{name}: {results[name]['partitioned']} vs plain {results[name]['plain']}")

    months = setup["months"]
    middle = dt.date.fromisoformat(months[len(months) // 2] + "-01")
    start = dt.datetime.combine(middle, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(next_month(middle), dt.time(), tzinfo=dt.UTC)
    log(f"one month's export ({middle:%Y-%m}): {args.export_runs} runs per table, alternating")
    samples = {k: [] for k in tables}
    counts: dict[str, int] = {}
    for _ in range(args.export_runs):
        for variant, table in tables.items():
            t0 = time.perf_counter()
            counts[variant] = month_export(table, start, end)
            samples[variant].append((time.perf_counter() - t0) * 1000)
    assert counts["partitioned"] == counts["plain"], counts
    first = events_in_scope(ExportScope(start=start, end=end)).filter(id__gt=0).order_by("id")[:CHUNK]
    first_chunk = {k: _explain(*_sql(first, t)) for k, t in tables.items()}
    results[EXPORT] = {
        **{k: summary(v) for k, v in samples.items()},
        "runs": args.export_runs,
        "partitions_read": _partitions_read(first_chunk["partitioned"]),
        "rows_returned": counts["partitioned"],
        "plans": {k: f"first chunk:\n{p}" for k, p in first_chunk.items()},
    }
    log(f"{EXPORT}: {results[EXPORT]['partitioned']} vs plain {results[EXPORT]['plain']}")

    log(f"writing one event: {args.runs * 10} inserts per table, alternating, rolled back")
    samples = {k: [] for k in tables}
    with transaction.atomic():
        for _ in range(args.runs * 10):
            for variant, table in tables.items():
                samples[variant] += timed_ms(lambda table=table: insert_one(table), 1)
        transaction.set_rollback(True)
    results["writing one event"] = {
        **{k: summary(v) for k, v in samples.items()},
        "runs": args.runs * 10,
        "partitions_read": 1,
        "rows_returned": 1,
        "plans": {},
    }
    migration: dict[str, float] = {}
    if not args.skip_migration:
        from django.core.management import call_command

        # What audit migration 0004 costs an existing log of this size: back to a plain table, then
        # partitioned again, each under its exclusive lock (helpdesk 0008 depends on it and goes too).
        for label, target in (("to a plain table", "0003"), ("to partitions (0004)", "0004")):
            log(f"migrating the {args.rows:,}-event log {label}")
            t0 = time.perf_counter()
            call_command("migrate", "audit", target, verbosity=0)
            migration[label] = round(time.perf_counter() - t0, 1)
            log(f"migrated {label} in {migration[label]} s")
        call_command("migrate", verbosity=0)
    connection.close()

    out = {
        "setup": setup,
        "migration_seconds": migration,
        "runs": args.runs,
        "export_runs": args.export_runs,
        "queries": results,
    }
    (RESULTS / "partitions.json").write_text(json.dumps(out, indent=2, default=str))
    mb = {k: v / 2**20 for k, v in setup["bytes"].items()}
    print(
        f"\n{args.rows:,} audit events over {MONTHS} months; partitioned {mb['partitioned']:,.0f} MB, "
        f"plain {mb['plain']:,.0f} MB\n"
    )
    print("| query | rows | partitions read | runs | partitioned p50 (p95) | plain p50 (p95) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        p, b = r["partitioned"], r["plain"]
        cells = [
            name,
            f"{r['rows_returned']:,}",
            str(r["partitions_read"]),
            str(r["runs"]),
            f"{p['p50_ms']:.2f} ms ({p['p95_ms']:.2f})",
            f"{b['p50_ms']:.2f} ms ({b['p95_ms']:.2f})",
            f"{p['p50_ms'] / b['p50_ms']:.2f}",
        ]
        print("| " + " | ".join(cells) + " |")
    for label, seconds in migration.items():
        print(f"\nmigrating {args.rows:,} events {label}: {seconds} s")


if __name__ == "__main__":
    main()
