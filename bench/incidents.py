"""Incident mode at volume, against the bare stack in the same run, on one throwaway PostgreSQL database.

1. **Linking 10,000 incoming messages** to a declared incident: each message (10 languages, about the
   incident's network, asset and feature) goes through the intake step `incidents.steps.incident_step`
   in its own transaction, as `intake.pipeline` runs it: the triage extractor and the feature words
   decide, the link is written with its reason, a timeline event and an audit record, and the answer's
   delivery row is created (its posting is the same work as part 2, so here it is queued, not run).
   The **bare stack** is one `INSERT ... SELECT` of 10,000 link rows.
2. **Posting one update to 5,000 linked tickets** through the task `incident_update_deliver_task`, run
   in a thread as a worker runs it while this process polls the progress it stores (the bar): each
   ticket gets the message in its language through the ticket core's reply (timeline entry, first
   response, status, audit, SLA clock), its delivery row settled. The **bare stack** is one
   `INSERT ... SELECT` of 5,000 reply rows into the timeline.

    .venv/bin/python bench/incidents.py
    .venv/bin/python bench/incidents.py --messages 2000 --tickets 1000      # quicker
"""

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_incidents"
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
# What customers write during a Tron congestion, one line per language (the ticket's language follows).
MESSAGES = [
    ("en", "My TRC20 USDT withdrawal has been pending for two hours, where is it?"),
    ("es", "Mi retiro de USDT por la red TRC20 sigue pendiente desde esta mañana"),
    ("pt-br", "Meu saque de USDT na rede TRC20 ainda não chegou"),
    ("ru", "Вывод USDT TRC-20 не пришёл уже три часа"),
    ("tr", "TRC20 USDT çekim işlemim hâlâ beklemede"),
    ("vi", "Lệnh rút USDT mạng TRC20 của tôi chưa về"),
    ("de", "Meine USDT Auszahlung über TRC20 hängt seit Stunden"),
    ("fr", "Mon retrait USDT en TRC20 est bloqué depuis ce matin"),
    ("id", "Withdraw USDT TRC20 saya belum masuk juga"),
    ("ja", "TRC20のUSDT出金がまだ届きません"),
]
CHUNK = 5000


def prepare(messages: int) -> dict[str, Any]:
    """A supervisor, a team, customers and `messages` new tickets each with its customer's message."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from customers.services import customer_upsert
    from routing.models import Team

    call_command("migrate", verbosity=0)
    sam = User.objects.create(username="sam", role="supervisor", first_name="Sam")
    team = Team.objects.create(name="Bench", slug="bench")
    customers = [customer_upsert(external_id=f"BENCH-{i}", name=f"Customer {i}")[0].pk for i in range(100)]
    now = timezone.now()
    log(f"inserting {messages:,} tickets, each with its customer's first message")
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_msg (n int, lang text, body text)")
        cur.executemany(
            "INSERT INTO bench_msg VALUES (%s, %s, %s)",
            [(i, lang, body) for i, (lang, body) in enumerate(MESSAGES)],
        )
        for start in range(1, messages + 1, CHUNK):
            stop = min(start + CHUNK - 1, messages)
            cur.execute(
                """
                INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, team_id,
                    customer_id, language, reopen_count, skill, vip_rank, routing, created_at, updated_at)
                SELECT 'withdrawal ' || g, 'new', 2, 'withdrawal', 'web', 1, %(team)s,
                       (%(customers)s::bigint[])[1 + g %% 100], m.lang, 0, '', 0, '{}', %(now)s, %(now)s
                FROM generate_series(%(start)s, %(stop)s) g JOIN bench_msg m ON m.n = g %% %(langs)s
                ORDER BY g
                """,
                {
                    "team": team.pk,
                    "customers": customers,
                    "now": now,
                    "start": start,
                    "stop": stop,
                    "langs": len(MESSAGES),
                },
            )
        cur.execute(
            """
            INSERT INTO tickets_timelineentry (ticket_id, kind, channel, body, body_format, data, created_at,
                customer_id, client_id)
            SELECT t.id, 'customer_message', 'web', m.body, 'text', '{}', t.created_at, t.customer_id, ''
            FROM tickets_ticket t JOIN bench_msg m ON m.lang = t.language
            """
        )
        cur.execute("ANALYZE")
    return {"sam": sam, "team": team}


def link_through_the_step(messages: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    import incidents.tasks
    from incidents.models import IncidentDelivery, IncidentLink
    from incidents.steps import incident_step
    from intake.types import Intake
    from tickets.models import EntryKind, Ticket, TimelineEntry

    queued: list[int] = []
    # The answers' posting is part 2's work; here their task is only queued.
    answers: Any = incidents.tasks.incident_deliveries_task
    answers.delay = lambda update_id, ids: queued.extend(ids)
    ids = list(Ticket.objects.order_by("id").values_list("id", flat=True)[:messages])
    entries = dict(
        TimelineEntry.objects.filter(ticket_id__in=ids, kind=EntryKind.CUSTOMER_MESSAGE).values_list(
            "ticket_id", "id"
        )
    )
    elapsed = 0.0
    with tqdm(total=len(ids), desc="link through incident_step", unit="msg") as bar:
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            tickets = Ticket.objects.in_bulk(batch)
            rows = TimelineEntry.objects.in_bulk([entries[i] for i in batch])
            t = time.perf_counter()
            for pk in batch:
                ticket = tickets[pk]
                entry = rows[entries[pk]]
                with transaction.atomic():
                    incident_step(ticket, Intake(now=timezone.now(), entry=entry))
            elapsed += time.perf_counter() - t
            bar.update(len(batch))
    linked = IncidentLink.objects.count()
    assert linked == len(ids), f"{linked} of {len(ids)} linked"
    assert IncidentDelivery.objects.count() == len(queued) == len(ids)
    return {"messages": len(ids), "seconds": round(elapsed, 2), "per_second": round(len(ids) / elapsed, 1)}


def bare_link_insert(incident_id: int, messages: int) -> dict[str, Any]:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        t = time.perf_counter()
        cur.execute(
            """
            INSERT INTO incidents_incidentlink (incident_id, ticket_id, source, reason, linked_at)
            SELECT %s, id, 'intake', 'bare', now() FROM tickets_ticket ORDER BY id LIMIT %s
            """,
            [incident_id, messages],
        )
        seconds = time.perf_counter() - t
        assert cur.rowcount == messages
    return {"rows": messages, "seconds": round(seconds, 3), "per_second": round(messages / seconds, 1)}


def post_update_through_the_task(incident: Any, sam: Any, tickets: int) -> dict[str, Any]:
    from django.db import connection, connections
    from tqdm import tqdm

    import incidents.tasks
    from incidents.models import IncidentDelivery, IncidentLink, IncidentUpdate, JobState
    from incidents.services import incident_update_post

    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO incidents_incidentlink (incident_id, ticket_id, source, reason, linked_at)
            SELECT %s, id, 'demo', 'bench', now() FROM tickets_ticket ORDER BY id DESC LIMIT %s
            """,
            [incident.pk, tickets],
        )
    assert IncidentLink.objects.filter(incident=incident).count() == tickets
    real_delay = incidents.tasks.incident_update_deliver_task.delay
    job: Any = incidents.tasks.incident_update_deliver_task
    job.delay = lambda update_id: None
    messages = {
        lang: f"[{lang}] The TRC-20 queue is draining; withdrawals are going out." for lang, _ in MESSAGES
    }
    messages["en"] = "The TRC-20 queue is draining; withdrawals are going out."
    update = incident_update_post(incident=incident, actor=sam, status="monitoring", messages=messages)
    job.delay = real_delay
    outcome: dict[str, Any] = {}

    def worker() -> None:
        try:
            outcome["result"] = incidents.tasks.incident_update_deliver_task.apply(args=(update.pk,)).get()
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    t = time.perf_counter()
    thread.start()
    with tqdm(total=tickets, desc="update through the task", unit="ticket") as bar:
        while thread.is_alive():
            thread.join(0.5)
            row = IncidentUpdate.objects.get(pk=update.pk)
            bar.update(row.done + row.failed - bar.n)
    seconds = time.perf_counter() - t
    row = IncidentUpdate.objects.get(pk=update.pk)
    assert row.job_state == JobState.FINISHED and row.done == tickets, (row.job_state, row.done, row.failed)
    sent = IncidentDelivery.objects.filter(update=update, state="sent").count()
    return {
        "tickets": tickets,
        "seconds": round(seconds, 2),
        "per_second": round(tickets / seconds, 1),
        "sent": sent,
        "failed": row.failed,
        "result": outcome.get("result"),
    }


def bare_reply_insert(tickets: int) -> dict[str, Any]:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        t = time.perf_counter()
        cur.execute(
            """
            INSERT INTO tickets_timelineentry (ticket_id, kind, channel, body, body_format, data, created_at,
                client_id)
            SELECT id, 'agent_reply', 'web', 'The TRC-20 queue is draining.', 'text', '{}', now(), ''
            FROM tickets_ticket ORDER BY id LIMIT %s
            """,
            [tickets],
        )
        seconds = time.perf_counter() - t
        assert cur.rowcount == tickets
    return {"rows": tickets, "seconds": round(seconds, 3), "per_second": round(tickets / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--tickets", type=int, default=5_000)
    args = parser.parse_args()
    assert args.tickets <= args.messages
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}")
    reset_database(DB)
    import django

    django.setup()
    from django.db import connection

    from incidents.services import incident_declare

    world = prepare(args.messages)
    sam = world["sam"]
    linked_to = incident_declare(
        actor=sam,
        title="Tron congestion",
        messages={"en": "Delayed."},
        networks=["tron"],
        assets=["USDT"],
        features=["withdrawals"],
    )
    log(f"linking {args.messages:,} messages through the intake step")
    link = link_through_the_step(args.messages)
    log(f"step: {link}")
    from incidents.models import IncidentStatus

    bare_target = incident_declare(actor=sam, title="Bare", messages={"en": "x"}, keywords=["zzz-bare"])
    bare_link = bare_link_insert(bare_target.pk, args.messages)
    log(f"bare link INSERT: {bare_link}")
    # Part 2 on another incident, so its linked tickets are exactly the ones the update goes to.
    updated = incident_declare(
        actor=sam, title="Update target", messages={"en": "x"}, keywords=["zzz-update"]
    )
    del linked_to, IncidentStatus
    log(f"posting one update to {args.tickets:,} linked tickets through the task")
    post = post_update_through_the_task(updated, sam, args.tickets)
    log(f"task: {post}")
    bare_post = bare_reply_insert(args.tickets)
    log(f"bare reply INSERT: {bare_post}")
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        version = cur.fetchone()[0].split(" on ")[0]
    summary = {
        "postgres": version,
        "link": {
            "helpdesk": link,
            "bare": bare_link,
            "ratio": round(link["seconds"] / bare_link["seconds"], 1),
        },
        "update": {
            "helpdesk": post,
            "bare": bare_post,
            "ratio": round(post["seconds"] / bare_post["seconds"], 1),
        },
    }
    (RESULTS / "incidents.json").write_text(json.dumps(summary, indent=2, default=str))
    print(f"\n{version}\n")
    print("| | rows | helpdesk | per second | bare INSERT | ratio |\n|---|---:|---:|---:|---:|---:|")
    print(
        f"| link messages through `incident_step` | {link['messages']:,} | {link['seconds']} s | "
        f"{link['per_second']} | {bare_link['seconds']} s | {summary['link']['ratio']}x |"
    )
    print(
        f"| post one update through `incident_update_deliver_task` | {post['tickets']:,} | "
        f"{post['seconds']} s | {post['per_second']} | {bare_post['seconds']} s | "
        f"{summary['update']['ratio']}x |"
    )


if __name__ == "__main__":
    main()
