"""The supervisor dashboard (/reports/) over 1,000,000 tickets, beside a bare aggregate on the same rows.

A throwaway PostgreSQL database gets 1M tickets created over the last 365 days (generate_series,
100k rows a statement, with progress) on 12 teams (3 of them outsourced partners) and 60 agents, over
6 channels, 10 languages and 3 tiers: 92% solved or closed (first response after 0-4 h, solved after
1-72 h, 3% reopened once), the rest open, old ones among them (zombies). Each ticket has an SLA clock
(targets, some breached). Twelve market events in the last 90 days are the volatility windows.

Then, in one run:
- the rollup sweep (reports/rollup.py) as beat runs it: the first run (95 days of cohorts and every
  day's backlog snapshot) and a steady run (cohorts again, today's backlog);
- the dashboard page for the last 30 and the last 90 days (breakdown by team; trend by day, by week),
  N requests each through Django's test client in the process (no HTTP server: the page's own cost),
  p50/p95 and the statements per page;
- the bare stack: one `SELECT date_trunc('day', created_at), count(*) ... GROUP BY 1` over the same
  period's tickets via psycopg, p50/p95, and the ratio page/bare;
- for scale, what one metric costs read live from the tickets instead of the rollup (first response
  time by team over 90 days).

With `--all-metrics` the page shows every registered metric (FCR, tier 0, CSAT and costs too), and the
seed adds what they read: a first message per ticket, tier 0's reading of two in five (an answer on one
in five), the agent's reply (two on one case in seven), solve and reopen events, a survey on a third
of the resolved cases, a work span per answered case. The run then also measures their rollup's sweep
(reports/metric_rollup.py: filling 95 days, then a steady run), their grouped statements with
PostgreSQL's JIT on and off, and each one's 30-day total read live against the rollup.

    .venv/bin/python bench/reports_dashboard.py
    .venv/bin/python bench/reports_dashboard.py --tickets 100000 --requests 10   # quicker
    .venv/bin/python bench/reports_dashboard.py --reuse                          # keep the seeded rows
    .venv/bin/python bench/reports_dashboard.py --reuse --all-metrics            # every metric
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_reports"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CHANNEL_REDIS_URLS", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["STAFF_2FA_REQUIRED"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

CHUNK = 100_000
TEAMS = 12
PARTNER_TEAMS = 3
AGENTS = 60
CUSTOMERS = 5_000


def seed(tickets: int, now: dt.datetime) -> None:
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from accounts.models import Role, User
    from routing.models import Team, TeamMembership
    from sla.models import SlaPolicy

    call_command("migrate", verbosity=0)
    log("teams, agents, customers, a policy and 12 market events")
    teams = [
        Team.objects.create(name=f"Team {n:02d}", slug=f"team-{n}", is_outsourced=n < PARTNER_TEAMS)
        for n in range(TEAMS)
    ]
    agents = []
    for n in range(AGENTS):
        agent = User.objects.create(username=f"agent{n}", email=f"agent{n}@bench.example", role=Role.AGENT)
        TeamMembership.objects.create(team=teams[n % TEAMS], user=agent)
        agents.append(agent)
    supervisor = User.objects.create(username="bench-supervisor", role=Role.SUPERVISOR)
    SlaPolicy.objects.all().delete()
    policy = SlaPolicy.objects.create(
        name="Bench",
        is_default=True,
        first_response_target=dt.timedelta(hours=2),
        resolution_target=dt.timedelta(hours=48),
    )
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO customers_customer (external_id, name, email, phone, language, region, time_zone,
                vip_level, kyc_status, account_flags, pending_withdrawal_usd, created_at, updated_at)
            SELECT 'BENCH-' || g, 'Customer ' || g, 'c' || g || '@bench.example', '', 'en', '', 'UTC',
                   'standard', 'verified', '[]', 0, now(), now()
            FROM generate_series(1, %s) g
            """,
            [CUSTOMERS],
        )
        cur.execute("SELECT min(id) FROM customers_customer")
        first_customer = cur.fetchone()[0]
        for n in range(12):
            begins = now - dt.timedelta(days=3 + 7 * n, hours=n)
            cur.execute(
                """
                INSERT INTO volatility_marketevent (title, start, "end", assets, note, created_by_id,
                    created_at, updated_at)
                VALUES (%s, %s, %s, '["BTC"]', '', %s, now(), now())
                """,
                [f"Event {n}", begins, begins + dt.timedelta(hours=2), supervisor.pk],
            )
    params = {
        "now": now,
        "teams": [t.pk for t in teams],
        "agents": [a.pk for a in agents],
        "customer": first_customer,
        "customers": CUSTOMERS,
        "n": tickets,
    }
    log(f"inserting {tickets:,} tickets over 365 days and their SLA clocks")
    with connection.cursor() as cur:
        # Bulk load: the tickets' own triggers (queue views' counts) have nothing to count here.
        cur.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER USER")
    with connection.cursor() as cur, tqdm(total=2 * tickets, unit="row", unit_scale=True) as bar:
        for start in range(1, tickets + 1, CHUNK):
            stop = min(start + CHUNK - 1, tickets)
            # Ticket g: created (n - g)/n of a year ago; 8% (g % 25 < 2) still open; the rest solved
            # (or closed when older than 4 days) after 1-72 h, first answered after 0-4 h.
            cur.execute(
                """
                INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, team_id,
                    assignee_id, customer_id, language, reopen_count, skill, vip_rank, routing, created_at,
                    updated_at, first_response_at, solved_at, closed_at)
                SELECT 'case ' || g,
                       CASE WHEN open THEN 'open' WHEN created < %(now)s::timestamptz - interval '4 days'
                            THEN 'closed' ELSE 'solved' END,
                       2, 'withdrawal',
                       (ARRAY['chat','email','phone','social','web','api'])[1 + g %% 6],
                       1 + (g / 7) %% 3,
                       (%(teams)s::int[])[1 + g %% 12],
                       (%(agents)s::int[])[1 + g %% 60],
                       %(customer)s + g %% %(customers)s,
                       (ARRAY['en','es','de','fr','pt-br','ru','tr','ja','ko','vi'])[1 + (g / 3) %% 10],
                       CASE WHEN g %% 33 = 0 THEN 1 ELSE 0 END, '', 0, '{}',
                       created, created,
                       CASE WHEN g %% 10 <> 9 THEN created + (g %% 241) * interval '1 minute' END,
                       CASE WHEN NOT open THEN created + (1 + g %% 72) * interval '1 hour' END,
                       CASE WHEN NOT open AND created < %(now)s::timestamptz - interval '4 days'
                            THEN created + (1 + g %% 72) * interval '1 hour' + interval '3 days' END
                FROM (SELECT g, g %% 25 < 2 AS open,
                             %(now)s::timestamptz - (%(n)s - g)::float / %(n)s * interval '365 days'
                                 - interval '1 minute' AS created
                      FROM generate_series(%(start)s, %(stop)s) g) s
                """,
                {**params, "start": start, "stop": stop},
            )
            bar.update(stop - start + 1)
        cur.execute("SELECT min(id), max(id) FROM tickets_ticket")
        low, high = cur.fetchone()
        for start in range(low, high + 1, CHUNK):
            cur.execute(
                """
                INSERT INTO sla_ticketclock (ticket_id, policy_id, opened_at, state, consumed_seconds,
                    counted_until, first_response_target, resolution_target, first_response_breached_at,
                    resolution_breached_at, next_response_cycle, next_response_met, next_response_missed,
                    updated_at)
                SELECT t.id, %(policy)s, t.created_at,
                       CASE WHEN t.solved_at IS NULL THEN 'running' ELSE 'stopped' END, 0, t.created_at,
                       7200, 172800,
                       CASE WHEN t.first_response_at IS NULL OR t.first_response_at > t.created_at
                            + interval '2 hours' THEN t.created_at + interval '2 hours' END,
                       CASE WHEN t.solved_at > t.created_at + interval '48 hours'
                            THEN t.created_at + interval '48 hours' END,
                       0, t.id %% 3, t.id %% 2, now()
                FROM tickets_ticket t WHERE t.id BETWEEN %(start)s AND %(stop)s
                """,
                {"policy": policy.pk, "start": start, "stop": start + CHUNK - 1},
            )
            bar.update(cur.rowcount)
    log("VACUUM ANALYZE")
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE tickets_ticket ENABLE TRIGGER USER")
        for table in ("tickets_ticket", "sla_ticketclock", "customers_customer"):
            cur.execute(f"VACUUM ANALYZE {table}")


# What the metrics beyond the core read, per ticket g (by id): its first message; tier 0 read two in
# five first messages and answered one in five (its reply a minute later); the assignee's reply at the
# first response, and a second one on one case in seven; a solve then a reopen event on reopened cases;
# a survey on a third of the resolved cases (half answered, scores 1-5); one work span per answered
# case (10-30 min, priced by the team's hourly rate).
ACTIVITY = (
    """
    INSERT INTO tickets_timelineentry (ticket_id, kind, customer_id, channel, body, body_format, data,
        created_at, seq, client_id)
    SELECT id, 'customer_message', customer_id, channel, 'q', 'text', '{}', created_at,
           CASE WHEN channel = 'chat' THEN 1 END, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s
    """,
    """
    INSERT INTO tickets_timelineentry (ticket_id, kind, author_id, channel, body, body_format, data,
        created_at, seq, client_id)
    SELECT id, 'agent_reply', %(assistant)s, channel, 'a', 'text', '{}', created_at + interval '1 minute',
           CASE WHEN channel = 'chat' THEN 2 END, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND id %% 5 = 0
    """,
    """
    INSERT INTO assistant_assessment (ticket_id, state, first, push, route, attempts, created_at, language,
        language_confidence, intent, confidence, threshold, scores, specialty, priority, distress,
        social_engineering_risk, reasons, mentions, decision, why, article, reply, facts, reply_entry_id,
        outcome, corrected_intent)
    SELECT t.id, 'done', true, true, true, 1, t.created_at, t.language, 0.9,
           (ARRAY['withdrawal_pending','fees','kyc','login'])[1 + t.id %% 4], 0.9, 0.5, '[]', '', 'normal',
           false, false, '[]', '[]', CASE WHEN t.id %% 5 = 0 THEN 'answer' ELSE 'handoff' END, '', '', '',
           '{}', e.id, '', ''
    FROM tickets_ticket t
    LEFT JOIN tickets_timelineentry e ON e.ticket_id = t.id AND e.author_id = %(assistant)s
    WHERE t.id BETWEEN %(start)s AND %(stop)s AND t.id %% 5 < 2
    """,
    """
    INSERT INTO tickets_timelineentry (ticket_id, kind, author_id, channel, body, body_format, data,
        created_at, seq, client_id)
    SELECT id, 'agent_reply', assignee_id, channel, 'r', 'text', '{}'::jsonb, first_response_at,
           CASE WHEN channel = 'chat' THEN 3 END, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND first_response_at IS NOT NULL
    UNION ALL
    SELECT id, 'agent_reply', assignee_id, channel, 'r2', 'text', '{}', first_response_at + interval '1 hour',
           NULL, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND first_response_at IS NOT NULL
        AND id %% 7 = 0
    UNION ALL
    SELECT id, 'system_event', NULL, channel, '', 'text', '{"event": "status_changed", "to": "solved"}',
           created_at + interval '2 hours', NULL, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND reopen_count > 0
    UNION ALL
    SELECT id, 'system_event', NULL, channel, '', 'text', '{"event": "reopened"}',
           created_at + interval '2 days', NULL, ''
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND reopen_count > 0
    """,
    """
    INSERT INTO csat_survey (ticket_id, customer_id, channel, language, skip_reason, created_at, sent_at,
        score, comment, responded_at, responded_via)
    SELECT id, customer_id, 'email', language, '', solved_at, solved_at,
           CASE WHEN id %% 2 = 0 THEN 1 + id %% 5 END, '',
           CASE WHEN id %% 2 = 0 THEN solved_at + interval '1 hour' END,
           CASE WHEN id %% 2 = 0 THEN 'email' ELSE '' END
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND solved_at IS NOT NULL AND id %% 3 = 0
    """,
    """
    INSERT INTO costs_workspan (ticket_id, agent_id, source, started_at, ended_at)
    SELECT id, assignee_id, 'page', first_response_at - interval '10 minutes',
           first_response_at + (id %% 20) * interval '1 minute'
    FROM tickets_ticket WHERE id BETWEEN %(start)s AND %(stop)s AND first_response_at IS NOT NULL
    """,
)


def seed_activity() -> None:
    """Timeline entries, tier-0 readings, surveys and work spans for the seeded tickets, once."""
    from django.db import connection
    from tqdm import tqdm

    from accounts.models import Role, User
    from costs.models import CostRate
    from routing.models import Team

    if User.objects.filter(username="assistant").exists():
        return
    assistant = User.objects.create(username="assistant", role=Role.AGENT, is_active=False)
    for n, team in enumerate(Team.objects.order_by("pk")):
        CostRate.objects.create(
            team=team,
            hourly_cost=30 + n,
            effective_from=dt.date(2020, 1, 1),
            created_at=dt.datetime.now(dt.UTC),
        )
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM tickets_ticket")
        low, high = cur.fetchone()
    log("timeline entries, tier-0 readings, surveys and work spans for every ticket")
    with connection.cursor() as cur, tqdm(total=high - low + 1, unit="ticket", unit_scale=True) as bar:
        # Bulk load: the timeline's own triggers (queue views' counts) have nothing to count here.
        cur.execute("ALTER TABLE tickets_timelineentry DISABLE TRIGGER USER")
        for start in range(low, high + 1, CHUNK):
            stop = min(start + CHUNK - 1, high)
            for sql in ACTIVITY:
                cur.execute(sql, {"start": start, "stop": stop, "assistant": assistant.pk})
            bar.update(stop - start + 1)
        cur.execute("ALTER TABLE tickets_timelineentry ENABLE TRIGGER USER")
        for table in ("tickets_timelineentry", "assistant_assessment", "csat_survey", "costs_workspan"):
            cur.execute(f"VACUUM ANALYZE {table}")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure_page(query: dict[str, str], requests: int) -> dict[str, Any]:
    """p50/p95 of the page over `requests` requests after a warm one, and one request's statements."""
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-supervisor"))
    response = client.get("/reports/", query)  # warm: templates, the first connection
    assert response.status_code == 200, response.status_code
    # Counted by a wrapper: the request's start empties the connection's own query log.
    statements: list[float] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(time.perf_counter() - t0)

    with connection.execute_wrapper(count):
        client.get("/reports/", query)
    samples = []
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get("/reports/", query)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200
    p50, p95 = percentiles(samples)
    return {"p50": p50, "p95": p95, "statements": len(statements), "sql_seconds": sum(statements)}


def measure_bare(days: int, requests: int, now: dt.datetime) -> dict[str, float]:
    import psycopg

    start = dt.datetime.combine(now.date() - dt.timedelta(days=days - 1), dt.time(), tzinfo=dt.UTC)
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        sql = (
            "SELECT date_trunc('day', created_at), count(*) FROM tickets_ticket "
            "WHERE created_at >= %s GROUP BY 1"
        )
        conn.execute(sql, [start]).fetchall()
        samples = []
        for _ in range(requests):
            t0 = time.perf_counter()
            conn.execute(sql, [start]).fetchall()
            samples.append(time.perf_counter() - t0)
    p50, p95 = percentiles(samples)
    return {"p50": p50, "p95": p95}


def per_metric(now: dt.datetime) -> None:
    """What each rolled metric's 7-day total costs read live from the tickets, against the rollup."""
    from django.db import connection

    from reports.metric_rollup import compute, rolled_metrics, rollup_state
    from reports.metrics import Breakdown, Scope

    start = dt.datetime.combine(now.date() - dt.timedelta(days=6), dt.time(), tzinfo=dt.UTC)
    end = start + dt.timedelta(days=7)
    scope = Scope(start, end)
    state = rollup_state(start, end)
    with connection.cursor() as cur:
        cur.execute("SET jit = off")
    for metric in rolled_metrics():
        t0 = time.perf_counter()
        live = metric.compute(scope, Breakdown.NONE)
        live_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        rolled = compute(metric, scope, Breakdown.NONE, state)
        rolled_s = time.perf_counter() - t0
        same = {k: (round(v.numerator, 4), v.denominator) for k, v in live.items()} == {
            k: (round(v.numerator, 4), v.denominator) for k, v in rolled.items()
        }
        log(
            f"  {metric.key}, 7 days: live {live_s * 1000:.0f} ms, rollup {rolled_s * 1000:.1f} ms, "
            f"{'the same figures' if same else 'figures differ'}"
        )
    with connection.cursor() as cur:
        cur.execute("RESET jit")


def jit_comparison(now: dt.datetime) -> list[tuple[str, float, float]]:
    """The rollup's grouped statements with PostgreSQL's JIT on (the default) and off: FCR and tier-0
    rework for the sweep's 10 recent days by team, CSAT and cost per resolution likewise."""
    from django.db import connection

    from reports.metric_rollup import rolled_metrics
    from reports.metrics import Breakdown, Scope

    start = dt.datetime.combine(now.date() - dt.timedelta(days=9), dt.time(), tzinfo=dt.UTC)
    scope = Scope(start, start + dt.timedelta(days=10))
    results = []
    for metric in rolled_metrics():
        if metric.key not in ("fcr", "tier0_rework", "csat", "cost_per_resolution"):
            continue
        timings = {}
        for jit in ("off", "on", "off"):
            with connection.cursor() as cur:
                cur.execute(f"SET jit = {jit}")
            t0 = time.perf_counter()
            metric.compute_daily(scope, Breakdown.TEAM)
            timings[jit] = time.perf_counter() - t0  # the second "off" is the one kept: warm
        results.append((metric.key, timings["on"], timings["off"]))
        log(f"  JIT {metric.key}, 10 days by team: on {timings['on']:.2f} s, off {timings['off']:.2f} s")
    with connection.cursor() as cur:
        cur.execute("RESET jit")
    return results


def sweep_comparison(now: dt.datetime) -> list[tuple[str, float, float, bool]]:
    """FCR's and the tier-0 metrics' sweep of the 10 recent days: one statement per breakdown (the
    sweep before, 7 statements) against one grouped statement for every breakdown and both sides of
    the windows (GROUPING SETS), JIT off as the sweep runs; and whether both give the same figures."""
    from django.db import connection

    from reports.core_metrics import DIMENSIONS
    from reports.metric_rollup import GroupedDailyMetric, rolled_metrics
    from reports.metrics import Scope
    from volatility.windows import windows_between

    start = dt.datetime.combine(now.date() - dt.timedelta(days=9), dt.time(), tzinfo=dt.UTC)
    scope = Scope(start, start + dt.timedelta(days=10))
    windows = windows_between(scope.start, scope.end)
    results = []
    with connection.cursor() as cur:
        cur.execute("SET jit = off")
    for metric in rolled_metrics():
        if not isinstance(metric, GroupedDailyMetric):
            continue
        t0 = time.perf_counter()
        before = {
            (dimension, day, key): (value.numerator, value.denominator)
            for dimension in DIMENSIONS
            for (day, key), value in metric.compute_daily(scope, dimension).items()
        }
        per_breakdown = time.perf_counter() - t0
        t0 = time.perf_counter()
        sets = metric.compute_daily_sets(scope, DIMENSIONS, windows)
        one = time.perf_counter() - t0
        after: dict[tuple[object, ...], tuple[float, int]] = {}
        for (_inside, dimension, day, key), value in sets.items():
            num, den = after.get((dimension, day, key), (0.0, 0))
            after[(dimension, day, key)] = (num + value.numerator, den + value.denominator)
        same = before == after
        results.append((metric.key, per_breakdown, one, same))
        log(
            f"  sweep of 10 days, {metric.key}: 7 statements (one per breakdown) {per_breakdown:.1f} s, "
            f"one grouped statement {one:.1f} s, {'the same figures' if same else 'FIGURES DIFFER'}; "
            f"load {os.getloadavg()[0]:.1f}"
        )
    with connection.cursor() as cur:
        cur.execute("RESET jit")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--seed-only", action="store_true", help="seed (tickets and activity) and stop")
    parser.add_argument(
        "--jit", action="store_true", help="with --all-metrics: their statements, JIT on and off"
    )
    parser.add_argument(
        "--all-metrics",
        action="store_true",
        help="the page with every registered metric (FCR, tier 0, CSAT, costs too), not the core ones alone",
    )
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC)
    if not args.reuse:
        reset_database(DB)

    import django

    django.setup()
    import reports.dashboard
    from reports.core_metrics import CORE_METRICS
    from reports.metrics import Breakdown, Scope

    if not args.reuse:
        t0 = time.perf_counter()
        seed(args.tickets, now)
        log(f"seeded in {time.perf_counter() - t0:.0f} s")
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    if args.all_metrics or args.seed_only:
        t0 = time.perf_counter()
        seed_activity()
        log(f"activity seeded in {time.perf_counter() - t0:.0f} s")
    if args.seed_only:
        return
    from reports.rollup import reports_rollup_refresh

    t0 = time.perf_counter()
    rows = reports_rollup_refresh()
    first_sweep = time.perf_counter() - t0
    log(f"rollup sweep, first run: {first_sweep:.1f} s, {rows:,} rows")
    t0 = time.perf_counter()
    rows = reports_rollup_refresh()
    steady_sweep = time.perf_counter() - t0
    log(f"rollup sweep, steady run: {steady_sweep:.1f} s, {rows:,} rows")

    metric_sweeps: list[tuple[str, float, int]] = []
    jit: list[tuple[str, float, float]] = []
    comparison: list[tuple[str, float, float, bool]] = []
    if not args.all_metrics:
        # The core metrics (reports/core_metrics.py); --all-metrics measures the others' too.
        import reports.dashboard

        reports.dashboard.REGISTRY = {m.key: m for m in CORE_METRICS}
    else:
        from reports.metric_rollup import metric_rollup_refresh

        if args.jit:
            jit = jit_comparison(now)
        comparison = sweep_comparison(now)
        # The first fill of the dashboard's 95 days in one run (beat spreads a year over runs of 31
        # older days), then a steady run (the last 10 days), timed per metric.
        from reports.metric_rollup import rolled_metrics

        for name, older in (("first fill, 95 days", 95), ("steady run, 10 days", 31)):
            total_rows, total_s = 0, 0.0
            for one in rolled_metrics():
                load = os.getloadavg()[0]
                t0 = time.perf_counter()
                rows = metric_rollup_refresh(history=95, older_per_run=older, metrics=[one])
                seconds = time.perf_counter() - t0
                total_rows, total_s = total_rows + rows, total_s + seconds
                log(f"  {name}, {one.key}: {seconds:.1f} s, {rows:,} rows (load {load:.1f})")
            metric_sweeps.append((name, total_s, total_rows))
            log(f"metric rollup sweep, {name}: {total_s:.1f} s, {total_rows:,} rows")
        per_metric(now)
    log(f"metrics on the page: {', '.join(reports.dashboard.REGISTRY)}")
    log(f"load average before the pages: {os.getloadavg()}")
    results = []
    pages: tuple[tuple[int, str], ...] = ((30, "day"), (90, "week"), (90, "day"))
    if args.all_metrics:
        pages = ((7, "day"), *pages)
    for days, grain in pages:
        query = {"period": str(days), "breakdown": "team", "grain": grain}
        load = os.getloadavg()[0]
        page = measure_page(query, args.requests)
        bare = measure_bare(days, args.requests, now)
        page["load"] = (load + os.getloadavg()[0]) / 2
        results.append((days, grain, page, bare))
        log(
            f"{days} days by {grain}: page p50 {page['p50'] * 1000:.0f} ms, p95 {page['p95'] * 1000:.0f} ms, "
            f"{page['statements']} statements ({page['sql_seconds'] * 1000:.0f} ms SQL); bare GROUP BY "
            f"p50 {bare['p50'] * 1000:.0f} ms, p95 {bare['p95'] * 1000:.0f} ms; "
            f"ratio p50 {page['p50'] / bare['p50']:.2f}; load {page['load']:.1f}"
        )

    metric = next(m for m in CORE_METRICS if m.key == "first_response_time")
    start = dt.datetime.combine(now.date() - dt.timedelta(days=89), dt.time(), tzinfo=dt.UTC)
    scope = Scope(start=start, end=start + dt.timedelta(days=90))
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        metric.compute_live(scope, Breakdown.TEAM)
        timings.append(time.perf_counter() - t0)
    live = statistics.median(timings)
    t0 = time.perf_counter()
    metric.compute_rolled(scope, Breakdown.TEAM)
    rolled = time.perf_counter() - t0
    log(
        f"one metric by team, 90 days: live from the tickets {live * 1000:.0f} ms, "
        f"rollup {rolled * 1000:.1f} ms"
    )

    print(
        "\n| period | trend | page p50 | page p95 | statements | bare GROUP BY p50 | p95 | page/bare (p50) "
        "| load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for days, grain, page, bare in results:
        print(
            f"| {days} days | by {grain} | {page['p50'] * 1000:.0f} ms | {page['p95'] * 1000:.0f} ms | "
            f"{page['statements']} | {bare['p50'] * 1000:.0f} ms | {bare['p95'] * 1000:.0f} ms | "
            f"{page['p50'] / bare['p50']:.2f} | {page['load']:.1f} |"
        )
    if args.all_metrics:
        for key, per_breakdown, grouped, same in comparison:
            print(
                f"sweep of 10 days, {key}: one statement per breakdown {per_breakdown:.1f} s, "
                f"one grouped {grouped:.1f} s ({'same figures' if same else 'figures differ'})"
            )
    print(f"\nrollup sweep: first run {first_sweep:.1f} s, steady run {steady_sweep:.1f} s")
    for name, seconds, rows in metric_sweeps:
        print(f"metric rollup sweep, {name}: {seconds:.1f} s, {rows:,} rows")
    for key, on, off in jit:
        print(f"JIT, {key} for 10 days by team: on {on:.2f} s, off {off:.2f} s")
    print(f"load average at the end: {os.getloadavg()}")
    print(
        f"first response time by team, 90 days: live {live * 1000:.0f} ms, "
        f"from the rollup {rolled * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
