"""Bulk actions on 5,000 cases through the single-ticket services, beside the bare bulk UPDATE.

A throwaway PostgreSQL database gets 20,000 open tickets (bulk-inserted) in one team. In one run:

- assign 5,000 of them to an agent with a bulk job (`bulk.services.bulk_job_run`, what the worker runs):
  per ticket its own transaction, the access check, `casework.ticket_assign` (row lock, the write, the
  timeline event, the audit record, the status moving from new to open with its event and record, the
  SLA clock), the job's row and counters;
- change the status of 5,000 others to pending the same way (`casework.ticket_set_status`);
- the bare stack: one `UPDATE ... SET assignee_id` and one `UPDATE ... SET status` over two other sets
  of 5,000, which write no event, no audit record and no clock (what the single-ticket path forbids).

Statements per ticket are counted on a further 200-ticket job of each kind.

    .venv/bin/python bench/bulk.py
    .venv/bin/python bench/bulk.py --tickets 1000     # quicker
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_bulk"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CHANNEL_REDIS_URLS", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ["HELPDESK_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-bulk-")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def prepare(total: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Role, User
    from customers.models import Customer
    from routing.models import Team, TeamMembership
    from tickets.models import Status, Ticket

    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="Bench", slug="bench")
    actor = User.objects.create_user(username="sofia", password="x", role=Role.SUPERVISOR)
    agent = User.objects.create_user(username="emma", password="x", role=Role.AGENT)
    TeamMembership.objects.create(team=team, user=agent)
    customer = Customer.objects.create(external_id="BENCH-1", name="Bench Customer", email="b@example.com")
    now = timezone.now()
    rows = [
        Ticket(
            subject=f"Withdrawal pending {i}",
            customer=customer,
            team=team,
            status=Status.NEW,
            created_at=now,
            updated_at=now,
        )
        for i in range(total)
    ]
    Ticket.objects.bulk_create(rows, batch_size=5000)
    ids = list(Ticket.objects.order_by("id").values_list("pk", flat=True))
    return {"actor": actor, "agent": agent, "ids": ids}


def through_services(actor, action: str, params: dict, ids: list[int]) -> dict[str, float]:
    from bulk.services import bulk_job_create, bulk_job_run

    started = time.perf_counter()
    job = bulk_job_create(actor=actor, action=action, params=params, ticket_ids=ids)
    created = time.perf_counter()
    job = bulk_job_run(job_id=job.pk)
    finished = time.perf_counter()
    assert job.done == len(ids), (job.done, job.skipped, job.failed)
    return {
        "tickets": len(ids),
        "create_s": round(created - started, 3),
        "run_s": round(finished - created, 2),
        "per_ticket_ms": round((finished - created) * 1000 / len(ids), 2),
        "tickets_per_s": round(len(ids) / (finished - created), 1),
    }


def bare(sql: str, params: list[object]) -> dict[str, float]:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        elapsed = time.perf_counter() - started
        count = cursor.rowcount
    return {"tickets": count, "run_s": round(elapsed, 3), "per_ticket_ms": round(elapsed * 1000 / count, 4)}


def statements(actor, action: str, params: dict, ids: list[int]) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bulk.services import bulk_job_create, bulk_job_run

    job = bulk_job_create(actor=actor, action=action, params=params, ticket_ids=ids)
    with CaptureQueriesContext(connection) as captured:
        bulk_job_run(job_id=job.pk)
    return round(len(captured.captured_queries) / len(ids), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=5000, help="tickets per action (default 5,000)")
    args = parser.parse_args()
    n = args.tickets
    reset_database(DB)
    import django

    django.setup()
    from bulk.models import Action
    from tickets.models import Status

    log(f"inserting {4 * n + 400} tickets")
    world = prepare(4 * n + 400)
    actor, agent, ids = world["actor"], world["agent"], world["ids"]
    sets = [ids[i * n : (i + 1) * n] for i in range(4)]
    extra = ids[4 * n :]
    results: dict[str, object] = {"tickets_per_action": n}
    log("assign through the services")
    results["assign_services"] = through_services(actor, Action.ASSIGN, {"assignee": agent.pk}, sets[0])
    log("status through the services")
    results["status_services"] = through_services(actor, Action.STATUS, {"status": Status.PENDING}, sets[1])
    log("bare UPDATEs")
    results["assign_bare_update"] = bare(
        "UPDATE tickets_ticket SET assignee_id = %s, status = 'open', updated_at = now() WHERE id = ANY(%s)",
        [agent.pk, sets[2]],
    )
    results["status_bare_update"] = bare(
        "UPDATE tickets_ticket SET status = 'pending', updated_at = now() WHERE id = ANY(%s)", [sets[3]]
    )
    log("statements per ticket")
    results["statements_per_ticket"] = {
        "assign": statements(actor, Action.ASSIGN, {"assignee": agent.pk}, extra[:200]),
        "status": statements(actor, Action.STATUS, {"status": Status.PENDING}, extra[200:400]),
    }
    for kind in ("assign", "status"):
        svc, raw = results[f"{kind}_services"], results[f"{kind}_bare_update"]
        results[f"{kind}_ratio"] = round(svc["run_s"] / raw["run_s"], 1)  # type: ignore[index]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bulk.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
