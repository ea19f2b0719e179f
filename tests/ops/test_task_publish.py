"""Tier 0's reading queued through a kept producer (helpdesk/task_publish.py) reaches the real Redis
broker as the message Celery's `delay` sends, field for field but its own id, once per call and after
the commit; a producer that fails hands that message to Celery's path, and eager mode is Celery's."""

from typing import Any

import pytest
from django.db import transaction

from assistant import steps
from assistant.tasks import assistant_assess_task
from helpdesk.task_publish import TaskPublisher
from tests.celery_queue import QUEUE, broker
from tests.celery_queue import waiting as _messages

__all__ = ["broker"]  # a fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Fields that differ between any two messages, Celery's own included.
PER_MESSAGE = {"id", "root_id", "correlation_id", "delivery_tag"}


def _shape(message: dict[str, Any]) -> dict[str, Any]:
    """The message without what is its own (its ids), to compare with another."""
    return {
        **message,
        "headers": {k: v for k, v in message["headers"].items() if k not in PER_MESSAGE},
        "properties": {k: v for k, v in message["properties"].items() if k not in PER_MESSAGE},
    }


def test_the_messages_are_celerys_with_their_own_ids(broker):
    publisher = TaskPublisher(assistant_assess_task)
    for n in (7, 8, 9):
        publisher.publish(n)
    assistant_assess_task.delay(9)
    *ours, celerys = _messages(broker)
    assert [m["body"][0] for m in ours] == [[7], [8], [9]]
    assert _shape(ours[-1]) == _shape(celerys)
    assert [m["headers"]["argsrepr"] for m in ours] == ["(7,)", "(8,)", "(9,)"]
    ids = [m["headers"]["id"] for m in ours]
    assert len(set(ids)) == 3
    for message in ours:
        task_id = message["headers"]["id"]
        assert message["headers"]["root_id"] == message["properties"]["correlation_id"] == task_id


def test_a_reading_is_queued_once_after_commit(broker):
    with transaction.atomic():
        for n in range(3):
            steps.assessment_queue(n)
        assert broker.llen(QUEUE) == 0
    assert [m["body"][0] for m in _messages(broker)] == [[0], [1], [2]]
    with pytest.raises(RuntimeError), transaction.atomic():
        steps.assessment_queue(3)
        raise RuntimeError("rolled back")
    assert broker.llen(QUEUE) == 3


def test_a_kept_producer_that_fails_hands_the_message_to_celery(broker, monkeypatch):
    publisher = TaskPublisher(assistant_assess_task)
    publisher.publish(1)
    kept: Any = publisher._kept.producer

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("the broker went away")

    monkeypatch.setattr(kept, "publish", broken)
    publisher.publish(2)
    # Sent once, by Celery's path; the broken producer is dropped and a new one takes the next message.
    assert [m["body"][0] for m in _messages(broker)] == [[1], [2]]
    assert publisher._kept.producer is None
    publisher.publish(3)
    assert publisher._kept.producer is not kept
    assert [m["body"][0] for m in _messages(broker)] == [[1], [2], [3]]


def test_a_broker_that_refuses_everything_reaches_the_caller(broker, monkeypatch):
    publisher = TaskPublisher(assistant_assess_task)
    publisher.publish(1)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("refused")

    monkeypatch.setattr(publisher._kept.producer, "publish", refused)
    monkeypatch.setattr(assistant_assess_task, "delay", refused)
    # As with `delay` alone: the commit hook (robust) logs it and the reading stays pending for the sweep.
    with pytest.raises(ConnectionError):
        publisher.publish(2)


def test_eager_mode_is_celerys(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    called: list[tuple[Any, ...]] = []
    monkeypatch.setattr(assistant_assess_task, "delay", lambda *args: called.append(args))
    TaskPublisher(assistant_assess_task).publish(5)
    assert called == [(5,)]


def test_a_reading_the_broker_refuses_leaves_the_commit_standing(monkeypatch, caplog):
    def refused(*args: Any) -> None:
        raise ConnectionRefusedError("no broker")

    # Eager mode: the publisher hands the message to `delay`, as it does when the kept producer fails.
    monkeypatch.setattr(assistant_assess_task, "delay", refused)
    with transaction.atomic():
        steps.assessment_queue(1)
    # The commit hook is robust: its error is logged, by the hook's name, and the reading stays pending
    # for the sweep.
    assert [
        r.exc_info[0] for r in caplog.records if "assistant.tasks.assistant_assess_task" in r.getMessage()
    ] == [ConnectionRefusedError]
