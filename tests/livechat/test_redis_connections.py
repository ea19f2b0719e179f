"""Sockets that close give their Redis connections back: after a burst of widget sockets the process
holds no more connections to Redis than it did with one (bench/livechat_redis.py measures 2,000)."""

import asyncio
import os
from typing import Any, cast

import pytest
import redis
from channels.db import database_sync_to_async as sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings as django_settings

from tests.livechat.conftest import start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True), pytest.mark.redis]

SOCKETS = 200
AT_ONCE = 50
# Idle connections the layer may keep for the next socket.
MAX_IDLE = 1


def connections_named(name: str) -> int:
    clients = cast(list[dict[str, Any]], redis.Redis.from_url(django_settings.REDIS_URL).client_list())
    return sum(1 for client in clients if client.get("name") == name)


@pytest.fixture
def named_layer(settings: Any) -> str:
    """The project's Redis layer, its connections named so CLIENT LIST can count this process's."""
    name = f"test-layer-{os.getpid()}"
    layer = {**settings.CHANNEL_LAYERS["default"]}
    config = {**layer["CONFIG"], "max_idle": MAX_IDLE}
    config["hosts"] = [{**config["hosts"][0], "client_name": name}]
    settings.CHANNEL_LAYERS = {"default": {**layer, "CONFIG": config}}
    # Every test socket comes from the same address; the burst is wider than one address may open.
    settings.LIVECHAT_UNAUTHENTICATED_PER_ADDRESS = SOCKETS
    return name


async def hello_and_leave(token: str) -> None:
    socket, _ = await visitor(token, last_seq=1)
    await socket.disconnect()


async def test_after_a_burst_of_sockets_closes_the_redis_connections_return_to_baseline(agents, named_layer):
    assert type(get_channel_layer()).__module__ == "helpdesk.channel_layer"
    chats = [await sync_to_async(start_chat)() for _ in range(5)]
    await hello_and_leave(chats[0]["token"])
    await asyncio.sleep(0.5)
    baseline = await sync_to_async(connections_named)(named_layer)

    for first in range(0, SOCKETS, AT_ONCE):
        await asyncio.gather(*(hello_and_leave(chats[i % 5]["token"]) for i in range(first, first + AT_ONCE)))
    await asyncio.sleep(0.5)

    # channels_redis's own pool keeps every connection the burst opened (dozens here).
    assert await sync_to_async(connections_named)(named_layer) <= max(baseline, MAX_IDLE)
