"""A chat that stays quiet keeps working on the real Redis channel layer (no socket timeout)."""

import asyncio

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer

from tests.livechat.conftest import console, next_of, start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 31


@pytest.mark.redis
async def test_a_chat_idle_for_30_seconds_on_redis_then_delivers_both_ways(agents):
    assert isinstance(get_channel_layer(), RedisChannelLayer)
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    agent = await console(agents[0])
    await agent.send_json_to({"type": "accept", "conversation": cid})
    await next_of(agent, "welcome")
    await next_of(agent, "message")
    customer, _ = await visitor(chat["token"], last_seq=1)

    await asyncio.sleep(IDLE_SECONDS)

    await customer.send_json_to({"type": "message.send", "client_id": "after-idle", "body": "still there?"})
    arrived = await next_of(agent, "message", timeout=5)
    assert (arrived["seq"], arrived["body"]) == (2, "still there?")
    await agent.send_json_to(
        {"type": "message.send", "conversation": cid, "client_id": "yes", "body": "Yes!"}
    )
    reply = await next_of(customer, "message", timeout=5)
    while reply["seq"] < 3:
        reply = await next_of(customer, "message", timeout=5)
    assert (reply["seq"], reply["body"]) == (3, "Yes!")
    await customer.disconnect()
    await agent.disconnect()
