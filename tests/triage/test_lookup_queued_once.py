"""A ticket's look-up reaches the real Redis broker once per request, after the commit and never on a
rollback: for a new case (its mentions and the request in one statement) and for an agent's refresh,
the first message in the process built by Celery and the ones after it through the kept producer
(helpdesk/task_publish.py)."""

from typing import Any

import pytest
import redis
from django.db import transaction

from intake import pipeline
from tests.celery_queue import broker, queued_args
from tests.factories import make_customer
from triage.models import TicketTriage
from triage.services import triage_refresh

from .scenario import DEPOSIT, ETH

__all__ = ["broker"]  # a fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LOOK_UP = "triage.tasks.triage_lookup_task"


def _look_ups(client: redis.Redis) -> list[list[Any]]:
    """The arguments of each look-up waiting in the queue, oldest first."""
    return queued_args(client, LOOK_UP)


def _open(n: int) -> Any:
    body = f"Sent 250 USDT to {DEPOSIT}, hash {ETH['usdt_deposit']} (case {n})"
    return pipeline.ticket_open(customer=make_customer(), subject="Deposit", body=body)


def test_each_new_case_queues_its_look_up_once_after_the_commit(broker, with_triage_step):
    with transaction.atomic():
        first = _open(1)
        assert _look_ups(broker) == []  # nothing leaves before the commit
    assert _look_ups(broker) == [[first.pk]]
    with transaction.atomic():
        second, third = _open(2), _open(3)
        assert _look_ups(broker) == [[first.pk]]
    assert _look_ups(broker) == [[first.pk], [second.pk], [third.pk]]
    assert TicketTriage.objects.filter(state="pending").count() == 3


def test_a_rolled_back_case_queues_no_look_up(broker, with_triage_step):
    _open(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _open(2)
        raise RuntimeError("rolled back")
    assert len(_look_ups(broker)) == 1


def test_an_agents_refresh_queues_the_look_up_once_after_the_commit(broker, with_triage_step):
    ticket = _open(1)
    TicketTriage.objects.filter(ticket=ticket).update(state="done")
    with transaction.atomic():
        assert triage_refresh(ticket=ticket)
        assert _look_ups(broker) == [[ticket.pk]]
    assert _look_ups(broker) == [[ticket.pk], [ticket.pk]]
    with pytest.raises(RuntimeError), transaction.atomic():
        triage_refresh(ticket=ticket)
        raise RuntimeError("rolled back")
    assert _look_ups(broker) == [[ticket.pk], [ticket.pk]]
    assert TicketTriage.objects.get(ticket=ticket).generation == 2


def test_a_broker_that_is_down_leaves_the_new_cases_look_up_pending(with_triage_step, monkeypatch, caplog):
    from triage import tasks

    def refused(*args: Any) -> None:
        raise ConnectionRefusedError("no broker")

    # Eager mode: the publisher hands the message to `delay`, as it does when the kept producer fails.
    monkeypatch.setattr(tasks.triage_lookup_task, "delay", refused)
    ticket = _open(1)  # committed: the hook's error is logged, by the hook's name, not raised
    assert TicketTriage.objects.get(ticket=ticket).state == "pending"  # the stalled sweep queues it again
    assert [r.exc_info[0] for r in caplog.records if "triage.tasks.triage_lookup_task" in r.getMessage()] == [
        ConnectionRefusedError
    ]
