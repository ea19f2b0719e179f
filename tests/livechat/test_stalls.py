"""A conversation row another transaction holds stalls that chat's writes, not the sockets: frames keep
being read (pings answered, other chats worked, the rate limit counted as they come), and once the
row is free every frame taken is answered once, in order. With sockets dropped and frames resent
meanwhile, nothing is lost and nothing is doubled."""

import asyncio
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from livechat.consumers import pools
from livechat.models import Conversation
from tests.livechat.conftest import console, next_of, start_chat, visitor
from tests.rowlock import RowLock
from tickets.models import TimelineEntry

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def stalls_fast(settings: Any) -> None:
    # Each try waits briefly for the row, so the stall is waited out by retries that free the pool.
    settings.LIVECHAT_LOCK_TIMEOUT_MS = 100


async def frames_until_acked(
    socket: WebsocketCommunicator, client_ids: list[str], timeout: float = 15
) -> list[dict[str, Any]]:
    """Every frame up to the ack of each of `client_ids`."""
    seen: list[dict[str, Any]] = []
    waiting = set(client_ids)
    while waiting:
        frame = await socket.receive_json_from(timeout=timeout)
        seen.append(frame)
        if frame["type"] in ("ack", "error") and frame.get("client_id") in waiting:
            waiting.discard(frame["client_id"])
    return seen


def answers(frames: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["type"], f["client_id"]) for f in frames if f["type"] in ("ack", "error") and "client_id" in f]


def stored(conversation_id: int) -> list[tuple[int | None, str]]:
    return list(
        TimelineEntry.objects.filter(ticket__conversation__pk=conversation_id, seq__isnull=False)
        .order_by("seq")
        .values_list("seq", "client_id")
    )


async def test_a_locked_conversation_row_stalls_neither_the_socket_nor_other_chats(agents, stalls_fast):
    stalled, other = [await sync_to_async(start_chat)() for _ in range(2)]
    agent = await console(agents[0])
    for chat in (stalled, other):
        await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
        await next_of(agent, "welcome")
    customer, _ = await visitor(stalled["token"], last_seq=1)
    lock = await sync_to_async(RowLock)(Conversation, stalled["conversation"])
    try:
        sent = [f"c{n}" for n in range(15)]
        for client_id in sent:
            await customer.send_json_to({"type": "message.send", "client_id": client_id, "body": client_id})
        # The socket still reads: a ping is answered while all fifteen wait for the row...
        await customer.send_json_to({"type": "ping"})
        assert await customer.receive_json_from(timeout=5) == {"type": "pong"}
        assert await customer.receive_nothing(timeout=0.3)
        # ...and the agent's other chat is worked at once.
        await agent.send_json_to(
            {"type": "message.send", "conversation": other["conversation"], "client_id": "o1", "body": "hi"}
        )
        assert (await next_of(agent, "ack"))["client_id"] == "o1"
    finally:
        await sync_to_async(lock.release)()

    frames = await frames_until_acked(customer, sent)
    assert answers(frames) == [("ack", client_id) for client_id in sent]
    assert [f["seq"] for f in frames if f["type"] == "ack"] == list(range(2, 17))
    assert await sync_to_async(stored)(stalled["conversation"]) == [
        (1, ""),
        *zip(range(2, 17), sent, strict=True),
    ]
    await customer.disconnect()
    await agent.disconnect()


async def test_writes_queued_behind_a_busy_row_never_hold_up_another_socket_subscribing(
    agents, settings, monkeypatch
):
    # One writer thread, waiting long for the row: every write queues behind the stalled ones.
    monkeypatch.setattr(pools, "_db_pool", ThreadPoolExecutor(max_workers=1))
    settings.LIVECHAT_LOCK_TIMEOUT_MS = 20_000
    stalled, other = [await sync_to_async(start_chat)() for _ in range(2)]
    customer, _ = await visitor(stalled["token"], last_seq=1)
    lock = await sync_to_async(RowLock)(Conversation, stalled["conversation"])
    try:
        for n in range(3):
            await customer.send_json_to({"type": "message.send", "client_id": f"w{n}", "body": "x"})
        await asyncio.sleep(0.2)
        # Subscribing reads only: its welcome and backlog come while the writer waits for the row.
        agent = await console(agents[0])
        await agent.send_json_to({"type": "subscribe", "conversation": other["conversation"], "last_seq": 0})
        assert (await next_of(agent, "welcome"))["conversation"] == other["conversation"]
        assert (await next_of(agent, "message"))["seq"] == 1
    finally:
        await sync_to_async(lock.release)()
    frames = await frames_until_acked(customer, ["w0", "w1", "w2"])
    assert answers(frames) == [("ack", "w0"), ("ack", "w1"), ("ack", "w2")]
    await customer.disconnect()
    await agent.disconnect()
    pools._db_pool.shutdown(wait=False)


async def test_a_widget_call_on_a_busy_chat_is_told_to_try_again_instead_of_holding_the_worker(
    agents, stalls_fast
):
    chat = await sync_to_async(start_chat)()

    def rate() -> Any:
        body = json.dumps({"token": chat["token"], "rating": 5})
        return Client().post("/chat/api/rating/", body, content_type="application/json")

    lock = await sync_to_async(RowLock)(Conversation, chat["conversation"])
    try:
        busy = await sync_to_async(rate)()
    finally:
        await sync_to_async(lock.release)()

    assert (busy.status_code, busy.json()["error"], busy["Retry-After"]) == (503, "busy", "1")
    assert await sync_to_async(lambda: Conversation.objects.get(pk=chat["conversation"]).rating)() is None
    assert (await sync_to_async(rate)()).status_code == 200


async def test_frames_during_a_stall_count_against_the_rate_as_they_arrive_not_as_they_are_worked(
    agents, stalls_fast, settings
):
    settings.LIVECHAT_RATE_BURST = 12
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    lock = await sync_to_async(RowLock)(Conversation, chat["conversation"])
    try:
        # Eleven tokens are left after hello: ten messages and one ping, all taken while the row is held.
        for n in range(10):
            await customer.send_json_to({"type": "message.send", "client_id": f"m{n}", "body": "x"})
        await customer.send_json_to({"type": "ping"})
        assert await customer.receive_json_from(timeout=5) == {"type": "pong"}
    finally:
        await sync_to_async(lock.release)()
    frames = await frames_until_acked(customer, [f"m{n}" for n in range(10)])
    # Worked in a burst after the stall, yet none is refused: they were counted when they came.
    assert answers(frames) == [("ack", f"m{n}") for n in range(10)]
    await customer.disconnect()


async def test_dropped_sockets_resends_and_a_stalled_row_lose_nothing_and_double_nothing(agents, stalls_fast):
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    agent = await console(agents[0])
    await agent.send_json_to({"type": "accept", "conversation": cid})
    await next_of(agent, "welcome")
    first_customer, _ = await visitor(chat["token"], last_seq=1)

    customer_ids = [f"c{n}" for n in range(12)]
    agent_ids = [f"a{n}" for n in range(6)]
    lock = await sync_to_async(RowLock)(Conversation, cid)
    try:
        # Both sides write while the row is held, then lose their sockets with everything unanswered.
        for client_id in customer_ids[:8]:
            await first_customer.send_json_to(
                {"type": "message.send", "client_id": client_id, "body": client_id}
            )
        for client_id in agent_ids[:4]:
            await agent.send_json_to(
                {"type": "message.send", "conversation": cid, "client_id": client_id, "body": client_id}
            )
        await first_customer.disconnect()
        await agent.disconnect()

        # They reconnect and resend what was not acknowledged, with more behind it, still stalled.
        customer, _ = await visitor(chat["token"], last_seq=1)
        agent = await console(agents[0])
        await agent.send_json_to({"type": "subscribe", "conversation": cid, "last_seq": 1})
        await next_of(agent, "welcome")
        for client_id in customer_ids:
            await customer.send_json_to({"type": "message.send", "client_id": client_id, "body": client_id})
        for client_id in agent_ids:
            await agent.send_json_to(
                {"type": "message.send", "conversation": cid, "client_id": client_id, "body": client_id}
            )
        await customer.send_json_to({"type": "ping"})
        assert (await next_of(customer, "pong"))["type"] == "pong"
    finally:
        await sync_to_async(lock.release)()

    customer_frames = await frames_until_acked(customer, customer_ids)
    agent_frames = await frames_until_acked(agent, agent_ids)
    # Every frame taken on the live sockets is answered once, with an ack, in the order sent.
    assert answers(customer_frames) == [("ack", client_id) for client_id in customer_ids]
    assert answers(agent_frames) == [("ack", client_id) for client_id in agent_ids]

    rows = await sync_to_async(stored)(cid)
    assert [seq for seq, _ in rows] == list(range(1, 1 + 1 + len(customer_ids) + len(agent_ids)))
    ids = [client_id for _, client_id in rows[1:]]
    assert Counter(ids) == Counter(customer_ids + agent_ids)
    assert [i for i in ids if i.startswith("c")] == customer_ids
    assert [i for i in ids if i.startswith("a")] == agent_ids

    # The visitor's socket gets every message once, in order, its own and the agent's.
    last = rows[-1][0]
    seen = [f["seq"] for f in customer_frames if f["type"] == "message"]
    while not seen or seen[-1] < last:
        seen.append((await next_of(customer, "message"))["seq"])
    assert seen == list(range(2, last + 1))
    await customer.disconnect()
    await agent.disconnect()
