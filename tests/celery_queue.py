"""Celery's queue on the tests' real Redis broker: a fixture that empties it around a test (and turns
eager mode off, so tasks are queued rather than run), and readers of what waits in it."""

import json
from base64 import b64decode
from collections.abc import Iterator
from typing import Any

import pytest
import redis

QUEUE = "celery"


@pytest.fixture
def broker(settings: Any) -> Iterator[redis.Redis]:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE)
    yield client
    client.delete(QUEUE)


def waiting(client: redis.Redis) -> list[dict[str, Any]]:
    """Each message waiting in the queue, oldest first, its body decoded to (args, kwargs, embed)."""
    raw: list[bytes] = client.lrange(QUEUE, 0, -1)  # type: ignore[assignment]
    messages = []
    for item in reversed(raw):
        message = json.loads(item)
        message["body"] = json.loads(b64decode(message["body"]))
        messages.append(message)
    return messages


def queued_args(client: redis.Redis, task: str) -> list[list[Any]]:
    """The positional arguments of each `task` message waiting in the queue, oldest first."""
    return [m["body"][0] for m in waiting(client) if m["headers"]["task"] == task]
