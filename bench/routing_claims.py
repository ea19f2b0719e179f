""" "Get next" claims per second, and routing decision time with 200 rules, on PostgreSQL.

Claims: a 100,000-case backlog in one team; 1, 16 and 64 agent processes call the real
`assignment_get_next` for a fixed time each ("app": one statement on PostgreSQL). Beside it, in the
same run and on the same table: the same claim as separate statements in one transaction ("steps":
the path before the one-statement claim, kept for other databases), and a bare loop that claims with
one `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)`. Meanwhile the agents work:
every 50 ms the cases claimed are solved (`agents_work`), so each agent holds a handful of open cases
as in a shift. Every run checks that no case was handed out twice and counts the statements of one
claim.

With --cpu-claims N: before the runs, the client's and the server's CPU time per claim, bare and
app, over N claims of one agent (the server's read from its backend process, so PostgreSQL must run
on this machine); on a shared machine these move less with the load than claims per second.

With --split-cpu: the same split measured in every run, over all its agents (each agent process's
own CPU and its backend's, read at the start and end of the timed loop), so the CPU per claim at 16
or 64 agents, contention included, is logged beside the claims per second.

Routing: the rule engine alone over 200 rules, and ticket creation with and without routing.

    .venv/bin/python bench/routing_claims.py
    .venv/bin/python bench/routing_claims.py --backlog 20000 --seconds 5   # quicker
    BENCH_DB=mine .venv/bin/python bench/routing_claims.py --agents 16,64 --seconds 8 --skip-steps \
        --skip-routing --cpu-claims 2000
"""

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, TypeAlias

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB names the throwaway database, so two runs on one server never share one.
DB = os.environ.get("BENCH_DB", "helpdesk_bench_routing")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def setup_django() -> None:
    import django

    django.setup()


def prepare(backlog: int, agents: int) -> tuple[int, list[int]]:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from customers.services import customer_upsert
    from routing.models import AgentStatus, Team, TeamMembership

    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="Surge", slug="surge", tier=1, ticket_capacity=30000, chat_capacity=100)
    users = [User.objects.create(username=f"agent{i}") for i in range(agents)]
    TeamMembership.objects.bulk_create([TeamMembership(team=team, user=u) for u in users])
    AgentStatus.objects.bulk_create([AgentStatus(user=u) for u in users])
    customer, _ = customer_upsert(external_id="BENCH-1", name="Bench")
    log(f"backlog: {backlog:,} waiting cases")
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, team_id,
                customer_id, language, reopen_count, skill, vip_rank, routing, created_at, updated_at)
            SELECT 'case ' || g, 'new', 1 + (g %% 4), 'withdrawal', 'email', 1, %s, %s, 'en', 0, '',
                   (g %% 7 = 0)::int, '{}', now(), now()
            FROM generate_series(1, %s) g
            """,
            [team.pk, customer.pk, backlog],
        )
        cur.execute("VACUUM ANALYZE tickets_ticket")
    return team.pk, [u.pk for u in users]


def reset_claims() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE tickets_ticket SET assignee_id = NULL, status = 'new' WHERE assignee_id IS NOT NULL"
        )
        cur.execute("VACUUM ANALYZE tickets_ticket")


_Out: TypeAlias = "mp.Queue[tuple[list[int], float, float]]"


def backend_cpu(pid: int) -> float:
    """CPU seconds of a server process so far (/proc: the server runs on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def app_worker(user_id: int, seconds: float, start_at: float, out: _Out, steps: bool = False) -> None:
    setup_django()
    from django.utils import timezone

    from accounts.models import User
    from routing.services import assignment_get_next
    from routing.services.assignment import _get_next_in_steps

    agent = User.objects.get(pk=user_id)

    def claim() -> Any:
        if steps:
            return _get_next_in_steps(agent=agent, now=timezone.now())
        return assignment_get_next(agent=agent)

    claim()  # the agent's teams read once per process, outside the clock
    from django.db import connection

    backend = connection.connection.info.backend_pid
    while time.time() < start_at:
        time.sleep(0.001)
    claimed: list[int] = []
    client, server = time.process_time(), backend_cpu(backend)
    end = start_at + seconds
    while time.time() < end:
        ticket = claim()
        if ticket is None:
            break
        claimed.append(ticket.pk)
    out.put((claimed, time.process_time() - client, backend_cpu(backend) - server))


BARE_CLAIM = """
UPDATE tickets_ticket SET assignee_id = %s, status = 'open'
WHERE id = (
    SELECT id FROM tickets_ticket
    WHERE team_id = %s AND assignee_id IS NULL AND status IN ('new', 'open')
    ORDER BY priority DESC, vip_rank DESC, id
    FOR UPDATE SKIP LOCKED LIMIT 1
) RETURNING id
"""


def bare_worker(user_id: int, team_id: int, seconds: float, start_at: float, out: _Out) -> None:
    import psycopg

    conn = psycopg.connect(
        os.environ["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True
    )
    backend = conn.info.backend_pid
    while time.time() < start_at:
        time.sleep(0.001)
    claimed: list[int] = []
    client, server = time.process_time(), backend_cpu(backend)
    end = start_at + seconds
    while time.time() < end:
        row = conn.execute(BARE_CLAIM, [user_id, team_id]).fetchone()
        if row is None:
            break
        claimed.append(row[0])
    out.put((claimed, time.process_time() - client, backend_cpu(backend) - server))


WORK_EVERY = 0.05


def agents_work(seconds: float, start_at: float) -> None:
    """The agents work their cases: every 50 ms the cases claimed meanwhile are solved.

    Without it an agent would hold thousands of open cases after a few seconds (no agent does; the
    team's capacity is set high so it never stops a claim here), and the capacity check of get next
    would count them all on every claim. The same for all three kinds of claim.
    """
    import psycopg

    conn = psycopg.connect(
        os.environ["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True
    )
    end = start_at + seconds
    while time.time() < end:
        # SKIP LOCKED: a case being claimed right now waits for the next round; the sweep never
        # waits on a claim, so it can never deadlock with one.
        conn.execute(
            "UPDATE tickets_ticket SET status = 'solved' WHERE id IN (SELECT id FROM tickets_ticket"
            " WHERE assignee_id IS NOT NULL AND status = 'open' FOR UPDATE SKIP LOCKED)"
        )
        time.sleep(WORK_EVERY)
    conn.close()


def run(
    kind: str, workers: int, team_id: int, user_ids: list[int], seconds: float
) -> tuple[float, int, dict[str, float]]:
    """Claims per second, how many cases were handed out twice (must be 0), and the agents' client and
    server CPU per claim (ms)."""
    out: mp.Queue[tuple[list[int], float, float]] = mp.Queue()
    start_at = time.time() + 5 + workers * 0.1  # every process connected before the clock starts
    procs = [mp.Process(target=agents_work, args=(seconds, start_at))]
    procs[0].start()
    for i in range(workers):
        if kind == "bare":
            p = mp.Process(target=bare_worker, args=(user_ids[i], team_id, seconds, start_at, out))
        else:
            p = mp.Process(target=app_worker, args=(user_ids[i], seconds, start_at, out, kind == "steps"))
        p.start()
        procs.append(p)
    results = [out.get() for _ in procs[1:]]
    for p in procs:
        p.join()
    claimed = [pk for pks, _, _ in results for pk in pks]
    doubled = len(claimed) - len(set(claimed))
    per_claim = 1000 / max(len(claimed), 1)
    cpu = {
        "client_ms": round(sum(r[1] for r in results) * per_claim, 3),
        "server_ms": round(sum(r[2] for r in results) * per_claim, 3),
    }
    return len(claimed) / seconds, doubled, cpu


def statements_per_claim(user_id: int) -> dict[str, int]:
    """Statements (and, for the app, round trips are the same number) of one claim, each way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from routing.services import assignment_get_next
    from routing.services.assignment import _get_next_in_steps

    agent = User.objects.get(pk=user_id)
    assignment_get_next(agent=agent)  # the agent's teams, read once per process
    counts = {}
    with CaptureQueriesContext(connection) as ctx:
        assignment_get_next(agent=agent)
    counts["app"] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        _get_next_in_steps(agent=agent, now=timezone.now())
    # BEGIN and COMMIT are round trips the capture does not list.
    counts["steps"] = len(ctx.captured_queries)
    return counts


UNCLAIM = "UPDATE tickets_ticket SET assignee_id = NULL, status = 'new' WHERE assignee_id IS NOT NULL"
SOLVE = "UPDATE tickets_ticket SET status = 'solved' WHERE assignee_id IS NOT NULL AND status = 'open'"


def cpu_per_claim(user_id: int, team_id: int, claims: int) -> dict[str, dict[str, float]]:
    """Client and server CPU per claim, bare and app, one agent on one connection each.

    Claims per second on a shared machine follow the load; CPU time per claim much less so. The
    server's share is read from its backend process (/proc: the server runs on this machine).
    Every 20 claims the claimed cases are solved, as agents_work does.
    """
    import psycopg
    from django.db import connection

    from accounts.models import User
    from routing.services import assignment_get_next

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://")

    sweeper = psycopg.connect(url, autocommit=True)
    bare = psycopg.connect(url, autocommit=True)
    agent = User.objects.get(pk=user_id)

    def bare_claim() -> Any:
        return bare.execute(BARE_CLAIM, [user_id, team_id]).fetchone()

    def app_claim() -> Any:
        return assignment_get_next(agent=agent)

    result: dict[str, dict[str, float]] = {}
    for kind, claim in (("bare", bare_claim), ("app", app_claim)):
        sweeper.execute(UNCLAIM)
        for _ in range(10):  # prepared, and the agent's teams read
            claim()
        pid = bare.info.backend_pid if kind == "bare" else connection.connection.info.backend_pid
        client, server = time.process_time(), backend_cpu(pid)
        for i in range(claims):
            assert claim() is not None
            if i % 20 == 19:
                sweeper.execute(SOLVE)
        result[kind] = {
            "client_ms": round((time.process_time() - client) * 1000 / claims, 3),
            "server_ms": round((backend_cpu(pid) - server) * 1000 / claims, 3),
        }
    sweeper.close()
    bare.close()
    return result


def routing_timing(rules_count: int, tickets: int) -> dict[str, float]:
    from django.db import connection

    from customers.services import customer_upsert
    from intake.pipeline import ticket_open
    from routing.models import RoutingRule
    from routing.rules import evaluate
    from routing.services import active_rules, routing_facts

    RoutingRule.objects.bulk_create(
        [
            RoutingRule(
                position=i,
                name=f"rule {i}",
                conditions=[
                    {"field": "vip_level", "op": "eq", "value": "vip3"},
                    {"field": "pending_withdrawal_usd", "op": "gt", "value": 1000 + i},
                    {"field": "language", "op": "in", "value": ["ja", "ko"]},
                ],
                actions={"priority": "high", "tags": [f"r{i}"]},
            )
            for i in range(rules_count)
        ]
    )
    customer, _ = customer_upsert(
        external_id="BENCH-ROUTE",
        name="Route",
        vip_level="vip3",
        pending_withdrawal_usd="50000",
        language="en",
    )
    rules = active_rules()
    assert len(rules) == rules_count
    from tickets.models import Ticket

    sample = Ticket.objects.first()
    assert sample is not None
    facts = routing_facts(ticket=sample, customer=customer, vip_rank=3, now=sample.created_at)
    t0 = time.perf_counter()
    for _ in range(2000):
        evaluate(rules, facts)
    engine_us = (time.perf_counter() - t0) / 2000 * 1e6

    def create(route: bool) -> list[float]:
        times = []
        for i in range(tickets):
            t = time.perf_counter()
            ticket_open(
                customer=customer,
                subject=f"routing {i}",
                body="Where is my withdrawal?",
                category="withdrawal",
                route=route,
            )
            times.append((time.perf_counter() - t) * 1000)
        return times

    create(True)  # warm caches and connections
    plain = create(False)
    routed = create(True)
    connection.close()
    return {
        "rules": rules_count,
        "engine_us_per_ticket": round(engine_us, 1),
        "create_ms_p50": round(statistics.median(plain), 2),
        "create_and_route_ms_p50": round(statistics.median(routed), 2),
        "route_overhead_ms_p50": round(statistics.median(routed) - statistics.median(plain), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--agents", default="1,16,64")
    parser.add_argument(
        "--skip-steps", action="store_true", help="Leave out the claim in separate statements."
    )
    parser.add_argument("--skip-routing", action="store_true", help="Leave out the routing decision timing.")
    parser.add_argument(
        "--cpu-claims",
        type=int,
        default=0,
        help="Also measure client and server CPU per claim over this many claims of one agent, bare and app.",
    )
    parser.add_argument(
        "--split-cpu",
        action="store_true",
        help="Log the agents' client and server CPU per claim in every run (the server on this machine).",
    )
    args = parser.parse_args()
    counts = [int(a) for a in args.agents.split(",")]
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}; load average {os.getloadavg()[0]:.1f}")
    reset_database(DB)
    setup_django()
    team_id, user_ids = prepare(args.backlog, max(counts))
    from django.db import connection

    statements = statements_per_claim(user_ids[-1])
    log(f"statements per claim: {statements}")
    cpu: dict[str, dict[str, float]] = {}
    if args.cpu_claims:
        cpu = cpu_per_claim(user_ids[0], team_id, args.cpu_claims)
        log(f"CPU per claim, client and server: {cpu}")
        connection.close()
    claims: list[dict[str, Any]] = []
    for workers in counts:
        for kind in ("bare", "app") if args.skip_steps else ("bare", "steps", "app"):
            reset_claims()
            connection.close()
            rate, doubled, split = run(kind, workers, team_id, user_ids, args.seconds)
            log(f"{workers:>2} agents, {kind:>5}: {rate:,.0f} claims/s, {doubled} handed out twice")
            entry: dict[str, Any] = {
                "agents": workers,
                "kind": kind,
                "claims_per_s": round(rate, 1),
                "doubled": doubled,
            }
            if args.split_cpu:
                log(f"    CPU per claim: client {split['client_ms']} ms, server {split['server_ms']} ms")
                entry["cpu_per_claim_ms"] = split
            claims.append(entry)
    routing: dict[str, float] = {}
    if not args.skip_routing:
        log("routing decision time, 200 rules")
        routing = routing_timing(200, 300)
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "backlog": args.backlog,
        "seconds": args.seconds,
        "statements_per_claim": statements,
        "claims": claims,
        "cpu_per_claim_ms": cpu,
        "routing": routing,
    }
    (RESULTS / "routing_claims.json").write_text(json.dumps(result, indent=2))
    print(
        "\n| agents | bare claims/s | before (steps) claims/s | ratio | after (one statement) claims/s "
        "| ratio | handed out twice |\n|---:|---:|---:|---:|---:|---:|---:|"
    )
    for workers in counts:
        row = {c["kind"]: c for c in claims if c["agents"] == workers}
        bare, app = row["bare"]["claims_per_s"], row["app"]["claims_per_s"]
        steps = row["steps"]["claims_per_s"] if "steps" in row else float("nan")
        doubled = sum(c["doubled"] for c in row.values())
        print(
            f"| {workers} | {bare:,.0f} | {steps:,.0f} | {steps / bare:.2f} | {app:,.0f} | {app / bare:.2f} "
            f"| {doubled} |"
        )
    if routing:
        print(
            f"\nrouting with {routing['rules']} rules: engine {routing['engine_us_per_ticket']} µs/ticket; "
            f"create p50 {routing['create_ms_p50']} ms, "
            f"create+route p50 {routing['create_and_route_ms_p50']} ms"
        )


if __name__ == "__main__":
    main()
