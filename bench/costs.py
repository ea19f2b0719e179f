"""The costs metrics at volume, on one throwaway PostgreSQL database.

N tickets over a year (`seed_tickets`, COPY), two work spans each by one of 50 agents (a page span
and a chat span overlapping it by half, so the union has work to do), a cost for every team; then
handle time, cost per resolution and cost per contact over a 30-day and a 365-day scope, for a few
breakdowns, each timed over 5 runs with its statement count.

    .venv/bin/python bench/costs.py                      # 200,000 tickets
    .venv/bin/python bench/costs.py --tickets 1000000
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_costs"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

AGENTS = 50


def seed(tickets: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from costs.models import CostRate
    from routing.models import Team

    call_command("seed_tickets", str(tickets), "--method", "copy", verbosity=0)
    agents = [User.objects.create(username=f"bench-agent-{i}").pk for i in range(AGENTS)]
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO costs_workspan (ticket_id, agent_id, source, started_at, ended_at, last_beat_at)
            SELECT t.id, (%s::int[])[1 + t.id %% %s], 'page', t.created_at + interval '5 minutes',
                   t.created_at + interval '15 minutes', t.created_at + interval '15 minutes'
            FROM tickets_ticket t
            UNION ALL
            SELECT t.id, (%s::int[])[1 + t.id %% %s], 'chat', t.created_at + interval '10 minutes',
                   t.created_at + interval '20 minutes', NULL
            FROM tickets_ticket t
            """,
            [agents, AGENTS, agents, AGENTS],
        )
        cur.execute("ANALYZE")
    for team in Team.objects.all():
        CostRate.objects.create(
            team=team, hourly_cost=40, effective_from=dt.date(2000, 1, 1), created_at=timezone.now()
        )


def run() -> None:
    from django.db import connection, reset_queries
    from django.db.models import Max

    from costs.metrics import COST_PER_CONTACT, COST_PER_RESOLUTION, HANDLE_TIME
    from reports.metrics import Breakdown, Scope
    from tickets.models import Ticket

    newest = Ticket.objects.aggregate(m=Max("created_at"))["m"]
    connection.force_debug_cursor = True
    for days in (30, 365):
        scope = Scope(start=newest - dt.timedelta(days=days), end=newest + dt.timedelta(seconds=1))
        cases = Ticket.objects.filter(scope.created_q()).count()
        log(f"scope: the last {days} days, {cases:,} cases")
        for metric in (HANDLE_TIME, COST_PER_RESOLUTION, COST_PER_CONTACT):
            for breakdown in (Breakdown.NONE, Breakdown.SOURCING, Breakdown.AGENT, Breakdown.DAY):
                samples = []
                for _ in range(5):
                    reset_queries()
                    start = time.perf_counter()
                    rows = metric.compute(scope, breakdown)
                    samples.append(time.perf_counter() - start)
                log(
                    f"  {metric.key:20} {breakdown:9} rows={len(rows):4} "
                    f"statements={len(connection.queries)} "
                    f"median={statistics.median(samples) * 1000:.0f} ms max={max(samples) * 1000:.0f} ms"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=200_000)
    args = parser.parse_args()
    if "BENCH_DATABASE_URL" not in os.environ:
        reset_database(DB)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    log(f"seeding {args.tickets:,} tickets and {2 * args.tickets:,} work spans")
    seed(args.tickets)
    run()


if __name__ == "__main__":
    main()
