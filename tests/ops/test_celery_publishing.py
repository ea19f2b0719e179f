"""Tasks queued at commit reach the real Redis broker once each, through one Redis client per channel
(helpdesk/broker.py), and still do after the channel drops its connection pool (a fork, a reconnect)."""

from functools import partial
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import transaction
from kombu.transport import redis as kombu_redis

from assistant.tasks import assistant_assess_task
from helpdesk.broker import RedisChannel, RedisTransport
from helpdesk.celery import app
from tests.celery_queue import QUEUE, broker, waiting

__all__ = ["broker"]  # a fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clients_built(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every Redis client a channel builds for its commands (not the one it keeps for consuming)."""
    built: list[object] = []
    channel_class: Any = kombu_redis.Channel
    create = channel_class._create_client

    def counting(self: Any, asynchronous: bool = False) -> Any:
        client = create(self, asynchronous=asynchronous)
        if not asynchronous:
            built.append(client)
        return client

    # On kombu's own channel, so a transport that builds one per publish would be counted too.
    monkeypatch.setattr(channel_class, "_create_client", counting)
    return built


def _queued(client: redis.Redis) -> list[tuple[str, list[Any]]]:
    """(task name, args) of each message waiting in the queue, oldest first."""
    return [(m["headers"]["task"], m["body"][0]) for m in waiting(client)]


def test_the_broker_is_the_transport_that_keeps_its_client():
    assert settings.CELERY_BROKER_TRANSPORT == "helpdesk.broker:RedisTransport"
    with app.connection_for_write() as connection:
        assert isinstance(connection.transport, RedisTransport)


def test_tasks_queued_in_a_transaction_are_published_once_each_after_commit(broker, clients_built):
    with transaction.atomic():
        for n in range(5):
            transaction.on_commit(partial(assistant_assess_task.delay, n), robust=True)
        assert broker.llen(QUEUE) == 0  # nothing before the commit
    assert _queued(broker) == [("assistant.tasks.assistant_assess_task", [n]) for n in range(5)]
    # Published again and again through one channel: at most the one client, not one per task.
    with transaction.atomic():
        for n in range(5, 10):
            transaction.on_commit(partial(assistant_assess_task.delay, n), robust=True)
    assert [args for _name, args in _queued(broker)] == [[n] for n in range(10)]
    assert len(clients_built) <= 1


def test_a_rolled_back_transaction_publishes_nothing(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: assistant_assess_task.delay(1), robust=True)
        raise RuntimeError("rolled back")
    assert broker.llen(QUEUE) == 0


def test_a_channel_that_dropped_its_pool_publishes_through_a_client_of_the_new_one(broker, clients_built):
    with app.producer_or_acquire() as producer:
        channel: Any = producer.channel
        assert isinstance(channel, RedisChannel)
        assistant_assess_task.apply_async((1,), producer=producer)
        before = channel.pool
        # What kombu does after a fork, and when the channel reconnects.
        channel._after_fork()
        assistant_assess_task.apply_async((2,), producer=producer)
        assert channel.pool is not before
        assert clients_built[-1].connection_pool is channel.pool
    assert [args for _name, args in _queued(broker)] == [[1], [2]]
