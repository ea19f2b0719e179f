"""The SLA sweep acting on 10,000 due cases among 1,000,000 open tickets, beside the bare stack.

A throwaway PostgreSQL database gets 1M open tickets and their SLA clocks (bulk-inserted with
generate_series), each assigned to an agent on a team with a lead, under a policy that notifies the
assignee and the leads and raises the priority on a breach. Three disjoint 1% sets are overdue at three
instants. In one run:

- the sweep's claim query (100 due clocks with their tickets, FOR UPDATE SKIP LOCKED) under
  EXPLAIN (ANALYZE, BUFFERS), its median time, and an idle sweep (nothing due: what beat pays every
  10 seconds most of the time);
- the bare stack: one `UPDATE ... RETURNING` marking the same 10,000 clocks breached, and the same
  writes the sweep makes done in raw SQL by batches of 100 (claim, notices, events, audit records,
  priorities, clocks), each rolled back;
- the full `sla_sweep()` over set A (batches of 100, the default) and set B (batches of 500): every
  breach marked, two people notified (rows, mail queued, realtime push), its timeline event, the
  priority raised with its own event and audit record, the breach's audit record, the clock moved;
  with the statements per breach counted and the SQL time against the rest; set C is swept under
  cProfile (slower) only to say where the time goes.

Mail goes to the embedded file broker (queued, as in production; a worker sends it), so the sweep
pays for queueing it and not for a mail server.

    .venv/bin/python bench/sla_sweep.py
    .venv/bin/python bench/sla_sweep.py --tickets 100000        # quicker
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_sla"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CHANNEL_REDIS_URLS", None)
os.environ["DJANGO_DEBUG"] = "false"
# Mail is queued to the embedded broker in a directory of this run's own, and nobody sends it here.
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ["HELPDESK_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-sla-")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHUNK = 100_000


def prepare(tickets: int, due_share: float, now: dt.datetime) -> dict[str, int]:
    """1M open tickets; sets A, C and B overdue since `now - 1h`, `- 50m` and `- 30m`, the rest later."""
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from accounts.models import Role, User
    from customers.services import customer_upsert
    from routing.models import Team, TeamMembership
    from sla.models import SlaPolicy

    call_command("migrate", verbosity=0)
    SlaPolicy.objects.all().delete()
    policy = SlaPolicy.objects.create(
        name="Bench",
        is_default=True,
        first_response_target=dt.timedelta(hours=1),
        breach_raise_priority=True,
        breach_notify_assignee=True,
        breach_notify_leads=True,
    )
    team = Team.objects.create(name="Bench", slug="bench")
    agent = User.objects.create(username="bench-agent", email="agent@bench.example", role=Role.AGENT)
    lead = User.objects.create(username="bench-lead", email="lead@bench.example", role=Role.SUPERVISOR)
    TeamMembership.objects.create(team=team, user=agent)
    TeamMembership.objects.create(team=team, user=lead, is_lead=True)
    customer, _ = customer_upsert(external_id="BENCH-1", name="Bench")
    every = round(1 / due_share)
    log(f"inserting {tickets:,} open tickets and their clocks; 1 in {every} due at each sweep")
    with connection.cursor() as cur, tqdm(total=2 * tickets, unit="row", unit_scale=True) as bar:
        for start in range(1, tickets + 1, CHUNK):
            stop = min(start + CHUNK - 1, tickets)
            # g % every = 0: set A, opened 2h ago; 2: set C, 1h50m ago; 1: set B, 1h30m ago; others
            # opened in the last 40 minutes (their 48-minute warning is still ahead).
            cur.execute(
                """
                INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, team_id,
                    assignee_id, customer_id, language, reopen_count, skill, vip_rank, routing, created_at,
                    updated_at)
                SELECT 'case ' || g, 'open', 2, 'withdrawal', 'email', 1, %(team)s, %(agent)s, %(customer)s,
                       'en', 0, '', 0, '{}', opened, opened
                FROM (SELECT g, %(now)s::timestamptz - CASE g %% %(every)s
                            WHEN 0 THEN interval '2 hours'
                            WHEN 1 THEN interval '90 minutes'
                            WHEN 2 THEN interval '110 minutes'
                            ELSE (g %% 2400) * interval '1 second' END AS opened
                      FROM generate_series(%(start)s, %(stop)s) g) s
                """,
                {
                    "team": team.pk,
                    "agent": agent.pk,
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
    return {"every": every, "policy": policy.pk, "team": team.pk, "agent": agent.pk, "lead": lead.pk}


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


def rolled_back(fn):
    """Run `fn()` in a transaction that is rolled back; returns its result."""
    from django.db import transaction

    result = None
    try:
        with transaction.atomic():
            result = fn()
            raise _Rollback
    except _Rollback:
        pass
    return result


def time_claim(now: dt.datetime, runs: int) -> tuple[float, str]:
    """Median milliseconds to claim 100 due clocks with their tickets, and the claim's plan."""
    plan = rolled_back(lambda: claim_queryset(now).explain(analyze=True, buffers=True))
    times = []
    for _ in range(runs):

        def claim() -> None:
            t = time.perf_counter()
            rows = list(claim_queryset(now))
            times.append((time.perf_counter() - t) * 1000)
            assert len(rows) == 100, len(rows)

        rolled_back(claim)
    return statistics.median(times), plan


def time_idle_sweep(now: dt.datetime, runs: int) -> float:
    from sla.services import sla_sweep

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        assert sla_sweep(now=now) == 0
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bare_update(now: dt.datetime) -> tuple[int, float]:
    """The bare stack's least: one UPDATE marking every due clock breached (rolled back)."""
    from django.db import connection

    def run() -> tuple[int, float]:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE sla_ticketclock SET first_response_breached_at = first_response_due_at,"
                " next_check_at = NULL WHERE next_check_at <= %s RETURNING ticket_id",
                [now],
            )
            n = len(cur.fetchall())
        return n, time.perf_counter() - t

    return rolled_back(run)


BARE_BATCH = """
WITH claimed AS (
    SELECT c.ticket_id, c.first_response_due_at AS due FROM sla_ticketclock c
    JOIN tickets_ticket t ON t.id = c.ticket_id
    WHERE c.next_check_at <= %(now)s ORDER BY c.next_check_at LIMIT 100
    FOR UPDATE OF c, t SKIP LOCKED
), notices AS (
    INSERT INTO sla_slanotification (ticket_id, recipient_id, kind, target, cycle, created_at)
    SELECT ticket_id, u, 'breach', 'first_response', 0, %(now)s FROM claimed,
           unnest(ARRAY[%(agent)s, %(lead)s]::bigint[]) u
    ON CONFLICT DO NOTHING RETURNING id
), events AS (
    INSERT INTO tickets_timelineentry (ticket_id, kind, channel, body, body_format, data, created_at,
                                       client_id)
    SELECT ticket_id, 'system_event', 'email', '', 'text', j, %(now)s, '' FROM claimed,
           unnest(ARRAY['{"event": "sla_breached"}', '{"event": "priority_changed"}']::jsonb[]) j
    RETURNING id
), audits AS (
    INSERT INTO audit_auditevent (created_at, actor_label, action, object_type, object_id,
                                  object_repr, after, reason)
    SELECT %(now)s, 'system:sla', a, 'tickets.ticket', ticket_id::text, '', '{}', '' FROM claimed,
           unnest(ARRAY['ticket.updated', 'ticket.sla_breached']) a
    RETURNING id
), raised AS (
    UPDATE tickets_ticket t SET priority = t.priority + 1, updated_at = %(now)s FROM claimed
    WHERE t.id = claimed.ticket_id RETURNING t.id
)
UPDATE sla_ticketclock c SET first_response_breached_at = claimed.due, next_check_at = NULL,
       first_response_due_at = NULL, first_response_warn_at = NULL, updated_at = %(now)s
FROM claimed WHERE c.ticket_id = claimed.ticket_id
RETURNING c.ticket_id, (SELECT count(*) FROM notices), (SELECT count(*) FROM events),
          (SELECT count(*) FROM audits), (SELECT count(*) FROM raised)
"""


def bare_batches(now: dt.datetime, ids: dict[str, int], expected: int) -> tuple[int, float]:
    """The bare stack doing the sweep's writes in raw SQL, one statement per batch of 100 (rolled back)."""
    from django.db import connection

    def run() -> tuple[int, float]:
        done = 0
        t = time.perf_counter()
        with connection.cursor() as cur:
            while done < expected:
                cur.execute("SAVEPOINT batch")
                cur.execute(BARE_BATCH, {"now": now, "agent": ids["agent"], "lead": ids["lead"]})
                n = len(cur.fetchall())
                cur.execute("RELEASE SAVEPOINT batch")
                if n == 0:
                    break
                done += n
        return done, time.perf_counter() - t

    return rolled_back(run)


def full_sweep(now: dt.datetime, expected: int, batch: int, label: str, profile: bool) -> dict[str, object]:
    from django.db import connection
    from tqdm import tqdm

    from sla.services import sla_sweep

    sql = {"statements": 0, "seconds": 0.0}

    def timed_sql(execute, statement, params, many, context):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql["statements"] += 1
            sql["seconds"] += time.perf_counter() - t

    profiler = cProfile.Profile() if profile else None
    acted = 0
    start = time.perf_counter()
    with connection.execute_wrapper(timed_sql), tqdm(total=expected, desc=label, unit="case") as bar:
        if profiler:
            profiler.enable()
        while True:
            n = sla_sweep(now=now, batch=batch, limit=1000)
            if n == 0:
                break
            acted += n
            bar.update(n)
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sla_ticketclock WHERE first_response_breached_at IS NOT NULL")
        breached = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM sla_slanotification")
        notices = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM audit_auditevent WHERE action = 'ticket.sla_breached'")
        audited = cur.fetchone()[0]
    result: dict[str, object] = {
        "batch": batch,
        "acted": acted,
        "seconds": round(seconds, 2),
        "per_second": round(acted / seconds, 1),
        # The last call of the loop finds nothing: its two statements are counted too.
        "statements": sql["statements"],
        "statements_per_breach": round(sql["statements"] / acted, 3),
        "sql_seconds": round(sql["seconds"], 2),
        "breached_total": breached,
        "notices_total": notices,
        "breach_audits_total": audited,
    }
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(r"sla/|audit/|tickets/|django/db/models/(query|base)", 30)
        stats.sort_stats("tottime").print_stats(15)
        result["profile"] = out.getvalue()
    return result


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
    t_a = now - dt.timedelta(minutes=55)  # set A (due 1h ago) is due; C (due 50m ago) and B not yet
    t_c = now - dt.timedelta(minutes=45)  # then C
    t_b = now  # then B (due 30m ago)
    ids = prepare(args.tickets, args.due_share, now)
    due = round(args.tickets * args.due_share)
    connection.close()

    log(f"claim x{args.runs}, idle sweep x{args.runs}")
    claim_ms, plan = time_claim(t_a, args.runs)
    idle_ms = time_idle_sweep(now - dt.timedelta(hours=3), args.runs)
    log("bare stack: one UPDATE of the due clocks, then the sweep's writes in raw SQL by 100 (rolled back)")
    bare_rows, bare_seconds = bare_update(t_a)
    bare_batch_rows, bare_batch_seconds = bare_batches(t_a, ids, due)
    assert bare_rows == due and bare_batch_rows == due, (bare_rows, bare_batch_rows, due)
    log(f"bare UPDATE {bare_seconds:.2f} s, bare batches {bare_batch_seconds:.2f} s for {due:,} cases")
    log(f"sweep of set A ({due:,} due), batches of 100")
    sweep_a = full_sweep(t_a, due, 100, "sweep, batch 100", profile=False)
    log(f"sweep of set C ({due:,} due), batches of 100, under cProfile (slower: for the shares only)")
    profiled = full_sweep(t_c, due, 100, "profiled sweep", profile=True)
    log(f"sweep of set B ({due:,} due), batches of 500")
    sweep_b = full_sweep(t_b, due, 500, "sweep, batch 500", profile=False)
    for s in (sweep_a, profiled, sweep_b):
        log({k: v for k, v in s.items() if k != "profile"})
    executed = float(plan.rsplit("Execution Time:", 1)[1].split("ms", 1)[0])
    summary = {
        "tickets": args.tickets,
        "due_per_sweep": due,
        "runs": args.runs,
        "claim_sql_ms": executed,
        "claim_ms_p50": round(claim_ms, 2),
        "idle_sweep_ms_p50": round(idle_ms, 2),
        "bare_update_seconds": round(bare_seconds, 3),
        "bare_batches_seconds": round(bare_batch_seconds, 3),
        "sweep_batch_100": sweep_a,
        "sweep_batch_500": sweep_b,
        "profiled_sweep_batch_100": profiled,
        "plan": plan,
    }
    (RESULTS / "sla_sweep.json").write_text(json.dumps(summary, indent=2, default=str))
    print(f"\n{args.tickets:,} open tickets, {due:,} due per sweep ({args.runs} runs for each median)\n")
    print(
        f"claim SQL {executed} ms, claim 100 via ORM p50 {claim_ms:.2f} ms, idle sweep p50 {idle_ms:.2f} ms\n"
    )
    print(
        "| | seconds for all due | cases/s | statements per breach | SQL share"
        " | vs bare UPDATE | vs bare batches |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| bare UPDATE | {bare_seconds:.2f} | {due / bare_seconds:,.0f} | | | 1 | |")
    print(
        f"| bare batches of 100 (raw SQL) | {bare_batch_seconds:.2f} |"
        f" {due / bare_batch_seconds:,.0f} | | | | 1 |"
    )
    for name, s in (("sla_sweep, batch 100", sweep_a), ("sla_sweep, batch 500", sweep_b)):
        secs = float(s["seconds"])  # type: ignore[arg-type]
        print(
            f"| {name} | {secs:.2f} | {s['per_second']} | {s['statements_per_breach']} |"
            f" {100 * float(s['sql_seconds']) / secs:.0f}% |"  # type: ignore[arg-type]
            f" {secs / bare_seconds:.1f}x | {secs / bare_batch_seconds:.1f}x |"
        )
    print(f"\n### Profile of the batch-100 sweep\n\n```\n{profiled['profile']}\n```")


if __name__ == "__main__":
    main()
