"""The SLA sweep over 1,000,000 open tickets of which 1% are due, with and without its partial index.

A throwaway PostgreSQL database gets 1M open tickets and their SLA clocks (bulk-inserted with
generate_series): two disjoint 1% sets are overdue at two instants, the rest are due later. In one run:

- the sweep's claim query (100 due clocks with their tickets, FOR UPDATE SKIP LOCKED) under
  EXPLAIN (ANALYZE, BUFFERS), and its median time over repeated runs;
- an idle sweep (nothing due: what beat pays every 10 seconds most of the time);
- a full `sla_sweep()` over the first 1% (10,000 breaches, each marked, recorded, audited and its
  priority raised through the ticket service);

each first with the partial index on `next_check_at`, then with that index dropped, which leaves the
same selection a full scan of the clocks (the index is put back at the end). The second full sweep
runs over the second 1% set so both act on the same number of cases.

    .venv/bin/python bench/sla_sweep.py
    .venv/bin/python bench/sla_sweep.py --tickets 100000        # quicker
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_sla"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
INDEX = "sla_clock_check_idx"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON sla_ticketclock (next_check_at) WHERE next_check_at IS NOT NULL"
)
CHUNK = 100_000


def prepare(tickets: int, due_share: float, now: dt.datetime) -> dict[str, int]:
    """1M open tickets; set A overdue since `now - 1h`, set B since `now - 30m`, the rest due later."""
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from customers.services import customer_upsert
    from routing.models import Team
    from sla.models import SlaPolicy

    call_command("migrate", verbosity=0)
    SlaPolicy.objects.all().delete()
    policy = SlaPolicy.objects.create(
        name="Bench",
        is_default=True,
        first_response_target=dt.timedelta(hours=1),
        breach_raise_priority=True,
    )
    team = Team.objects.create(name="Bench", slug="bench")
    customer, _ = customer_upsert(external_id="BENCH-1", name="Bench")
    every = round(1 / due_share)
    log(f"inserting {tickets:,} open tickets and their clocks; 1 in {every} due at each sweep")
    with connection.cursor() as cur, tqdm(total=2 * tickets, unit="row", unit_scale=True) as bar:
        for start in range(1, tickets + 1, CHUNK):
            stop = min(start + CHUNK - 1, tickets)
            # g % every = 0: set A, opened 2h ago; g % every = 1: set B, opened 1h30m ago; others
            # opened in the last 40 minutes (their 48-minute warning is still ahead).
            cur.execute(
                """
                INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, team_id,
                    customer_id, language, reopen_count, skill, vip_rank, routing, created_at, updated_at)
                SELECT 'case ' || g, 'open', 2, 'withdrawal', 'email', 1, %(team)s, %(customer)s, 'en', 0,
                       '', 0, '{}', opened, opened
                FROM (SELECT g, %(now)s::timestamptz - CASE g %% %(every)s
                            WHEN 0 THEN interval '2 hours'
                            WHEN 1 THEN interval '90 minutes'
                            ELSE (g %% 2400) * interval '1 second' END AS opened
                      FROM generate_series(%(start)s, %(stop)s) g) s
                """,
                {
                    "team": team.pk,
                    "customer": customer.pk,
                    "now": now,
                    "every": every,
                    "start": start,
                    "stop": stop,
                },
            )
            bar.update(stop - start + 1)
        for start in range(0, tickets, CHUNK):
            cur.execute(
                """
                INSERT INTO sla_ticketclock (ticket_id, policy_id, opened_at, state, consumed_seconds,
                    counted_until, first_response_target, first_response_warn_at, first_response_due_at,
                    first_response_warned_at, next_response_cycle, next_response_met, next_response_missed,
                    attention_at, next_check_at, exec_due_at, updated_at)
                SELECT t.id, %(policy)s, t.created_at, 'running', 0, t.created_at, 3600,
                       t.created_at + interval '48 minutes', t.created_at + interval '1 hour', w.warned,
                       0, 0, 0, t.created_at + interval '48 minutes',
                       CASE WHEN w.warned IS NULL THEN t.created_at + interval '48 minutes'
                            ELSE t.created_at + interval '1 hour' END,
                       t.created_at + interval '7 days', now()
                FROM (SELECT * FROM tickets_ticket ORDER BY id OFFSET %(offset)s LIMIT %(limit)s) t,
                     LATERAL (SELECT CASE WHEN t.created_at <= %(now)s::timestamptz - interval '48 minutes'
                                          THEN t.created_at + interval '48 minutes' END AS warned) w
                """,
                {"policy": policy.pk, "now": now, "offset": start, "limit": CHUNK},
            )
            bar.update(min(CHUNK, tickets - start))
    log("VACUUM ANALYZE")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE tickets_ticket")
        cur.execute("VACUUM ANALYZE sla_ticketclock")
        cur.execute(
            "SELECT pg_size_pretty(pg_relation_size('sla_ticketclock')),"
            " pg_size_pretty(pg_relation_size(%s))",
            [INDEX],
        )
        table_size, index_size = cur.fetchone()
    log(f"sla_ticketclock {table_size}, {INDEX} {index_size}")
    return {"every": every, "policy": policy.pk}


def claim_queryset(now: dt.datetime):
    from sla.models import TicketClock

    # The sweep's own claim (sla.services.sweeps: _claimed over the due clocks).
    return (
        TicketClock.objects.filter(next_check_at__lte=now)
        .order_by("next_check_at")
        .select_related("ticket", "ticket__customer", "ticket__assignee", "ticket__team", "policy")
        .select_for_update(skip_locked=True, of=("self", "ticket"))[:100]
    )


class _Rollback(Exception):
    pass


def explain_claim(now: dt.datetime) -> str:
    from django.db import transaction

    plan = ""
    try:
        with transaction.atomic():
            plan = claim_queryset(now).explain(analyze=True, buffers=True)
            raise _Rollback
    except _Rollback:
        pass
    return plan


def time_claim(now: dt.datetime, runs: int) -> float:
    """Median milliseconds to claim 100 due clocks with their tickets (rolled back each time)."""
    from django.db import transaction

    times = []
    for _ in range(runs):
        try:
            with transaction.atomic():
                t = time.perf_counter()
                rows = list(claim_queryset(now))
                times.append((time.perf_counter() - t) * 1000)
                assert len(rows) == 100, len(rows)
                raise _Rollback
        except _Rollback:
            pass
    return statistics.median(times)


def time_idle_sweep(now: dt.datetime, runs: int) -> float:
    from sla.services import sla_sweep

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        assert sla_sweep(now=now) == 0
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def full_sweep(now: dt.datetime, expected: int, label: str) -> dict[str, float]:
    from django.db import connection
    from tqdm import tqdm

    from sla.services import sla_sweep

    acted = 0
    start = time.perf_counter()
    with tqdm(total=expected, desc=label, unit="case") as bar:
        while True:
            n = sla_sweep(now=now, limit=1000)
            if n == 0:
                break
            acted += n
            bar.update(n)
    seconds = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sla_ticketclock WHERE first_response_breached_at IS NOT NULL")
        breached = cur.fetchone()[0]
    return {
        "acted": acted,
        "seconds": round(seconds, 2),
        "per_second": round(acted / seconds, 1),
        "breached_total": breached,
    }


def set_index(present: bool) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if present:
            cur.execute(CREATE_INDEX)
            cur.execute("ANALYZE sla_ticketclock")
        else:
            cur.execute(f"DROP INDEX IF EXISTS {INDEX}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due-share", type=float, default=0.01)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}")
    reset_database(DB)
    import django

    django.setup()
    from django.db import connection

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    t_a = now - dt.timedelta(minutes=45)  # set A (opened 2h ago) is due; set B (due 30m ago) not yet
    t_b = now
    prepare(args.tickets, args.due_share, now)
    due = round(args.tickets * args.due_share)
    idle_at = now - dt.timedelta(hours=3)
    connection.close()

    results: dict[str, dict[str, object]] = {}
    for variant, present in (("partial index", True), ("no index (full scan)", False)):
        set_index(present)
        at = t_a if present else t_b
        log(f"{variant}: EXPLAIN (ANALYZE, BUFFERS) of the claim")
        plan = explain_claim(at)
        log(f"{variant}: claim x{args.runs}")
        claim_ms = time_claim(at, args.runs)
        log(f"{variant}: idle sweep x{args.runs}")
        idle_ms = time_idle_sweep(idle_at, args.runs)
        log(f"{variant}: full sweep over {due:,} due cases")
        sweep = full_sweep(at, due, variant)
        executed = float(plan.rsplit("Execution Time:", 1)[1].split("ms", 1)[0])
        results[variant] = {
            "claim_sql_ms": executed,
            "claim_ms_p50": round(claim_ms, 2),
            "idle_sweep_ms_p50": round(idle_ms, 2),
            "sweep": sweep,
            "plan": plan,
        }
        log(f"{variant}: claim p50 {claim_ms:.2f} ms, idle sweep p50 {idle_ms:.2f} ms, {sweep}")
    set_index(True)

    indexed, scanned = results["partial index"], results["no index (full scan)"]
    summary = {
        "tickets": args.tickets,
        "due_per_sweep": due,
        "runs": args.runs,
        "variants": results,
    }
    (RESULTS / "sla_sweep.json").write_text(json.dumps(summary, indent=2, default=str))
    print(f"\n{args.tickets:,} open tickets, {due:,} due per sweep ({args.runs} runs for each median)\n")
    print(
        "| | claim SQL (EXPLAIN ANALYZE) | claim 100 via ORM (p50) | idle sweep (p50) | sweep of all due"
        " | cases/s |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    for name, r in results.items():
        s = r["sweep"]
        assert isinstance(s, dict)
        cells = [
            f"{r['claim_sql_ms']} ms",
            f"{r['claim_ms_p50']} ms",
            f"{r['idle_sweep_ms_p50']} ms",
            f"{s['seconds']} s",
            f"{s['per_second']}",
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for name, r in (("partial index", indexed), ("no index (full scan)", scanned)):
        print(f"\n### Claim plan, {name}\n\n```\n{r['plan']}\n```")


if __name__ == "__main__":
    main()
