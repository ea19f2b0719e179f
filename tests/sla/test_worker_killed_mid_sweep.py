"""A real Celery worker is killed (SIGKILL) in the middle of a sweep over many due cases; a new worker
runs the next sweep; every case was acted on exactly once.

The worker is a separate process on the committed test database and a queue of its own on the run's
Redis database, so it sees exactly what this test wrote and nothing of anyone else's.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
import time_machine
from celery import Celery
from django.conf import settings
from django.db import connection

from audit.models import AuditEvent
from routing.models import TeamMembership
from sla.models import NoticeKind, SlaNotification
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import make_policy
from tickets.models import Priority, Ticket, TimelineEntry

ROOT = Path(__file__).resolve().parents[2]
TICKETS = 200
BATCH = 10


def _worker_env(tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        # Mail the sweep queues after commit is sent inline, not left on a queue nobody here reads.
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SLA_SWEEP_BATCH": str(BATCH),
        "HELPDESK_VAR_DIR": str(tmp_path / "var"),
        "LOG_LEVEL": "WARNING",
    }


def _start_worker(env: dict[str, str], queue: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "helpdesk",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{queue}-{time.monotonic_ns()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(worker: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def _breached(ids: list[int]) -> Counter[int]:
    return Counter(
        TimelineEntry.objects.filter(ticket_id__in=ids, data__event="sla_breached").values_list(
            "ticket_id", flat=True
        )
    )


def _wait_for(condition, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out; worker log:\n{log.read_text()[-3000:]}")
        time.sleep(0.02)


def _forget_queue(queue: str) -> None:
    """The killed worker's unacknowledged message would come back to this queue after the visibility
    timeout; nothing will read it, so it goes now."""
    client: redis.Redis = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    unacked: dict[str, str] = client.hgetall("unacked")  # type: ignore[assignment]
    for tag, payload in unacked.items():
        if queue in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sweep_leaves_every_due_case_acted_on_exactly_once(tmp_path):
    team = make_team()
    alice, lena = make_agent(username="alice"), make_agent(username="lena")
    TeamMembership.objects.create(team=team, user=lena, is_lead=True)
    make_policy(
        first_response_target=dt.timedelta(hours=1), resolution_target=None, breach_raise_priority=True
    )
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(hours=3), tick=False):
        ids = [make_ticket(team=team, assignee=alice, priority=Priority.NORMAL).pk for _ in range(TICKETS)]

    env, log = _worker_env(tmp_path), tmp_path / "worker.log"
    queue = f"sla-kill-test-{uuid.uuid4().hex}"
    # Not the current app: the rest of the session keeps sending tasks through the project's own.
    app = Celery("sla-kill-test", broker=settings.REDIS_URL, set_as_current=False)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        app.send_task("sla.tasks.sla_sweep_task", queue=queue)
        workers.append(_start_worker(env, queue, log))
        # Kill it as soon as its first batch has committed: mid-sweep, likely mid-batch.
        _wait_for(lambda: sum(_breached(ids).values()) >= BATCH, 120, log)
        _kill(workers[0])
        after_kill = _breached(ids)
        assert BATCH <= sum(after_kill.values()) < TICKETS, "the kill did not land mid-sweep"
        assert set(after_kill.values()) == {1}

        # The next beat tick, picked up by a fresh worker.
        app.send_task("sla.tasks.sla_sweep_task", queue=queue)
        workers.append(_start_worker(env, queue, log))
        _wait_for(lambda: sum(_breached(ids).values()) >= TICKETS, 180, log)
        _kill(workers[1], signal.SIGTERM)
    finally:
        for worker in workers:
            _kill(worker)
        _forget_queue(queue)
        app.close()

    assert _breached(ids) == Counter({pk: 1 for pk in ids})
    assert Counter(Ticket.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {
        Priority.HIGH: TICKETS
    }
    priority_events = Counter(
        TimelineEntry.objects.filter(ticket_id__in=ids, data__event="priority_changed").values_list(
            "ticket_id", flat=True
        )
    )
    assert set(priority_events.values()) == {1} and len(priority_events) == TICKETS
    notices = Counter(
        SlaNotification.objects.filter(ticket_id__in=ids, kind=NoticeKind.BREACH).values_list(
            "ticket_id", "recipient_id"
        )
    )
    assert len(notices) == 2 * TICKETS and set(notices.values()) == {1}
    audited = Counter(
        AuditEvent.objects.filter(
            action="ticket.sla_breached", object_id__in=[str(i) for i in ids]
        ).values_list("object_id", flat=True)
    )
    assert set(audited.values()) == {1} and len(audited) == TICKETS
