"""Typing indicators and read receipts reach the other side; agents see each other typing."""

import pytest
from channels.db import database_sync_to_async as sync_to_async

from livechat.models import Conversation
from tests.livechat.conftest import console, frames_until, next_of, start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


async def active_chat(agents):
    chat = await sync_to_async(start_chat)(name="Ola")
    ana = await console(agents[0])
    await ana.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    await next_of(ana, "welcome")
    ben = await console(agents[1])
    await ben.send_json_to({"type": "subscribe", "conversation": chat["conversation"], "last_seq": 1})
    await next_of(ben, "welcome")
    customer, _ = await visitor(chat["token"], last_seq=1)
    return chat["conversation"], customer, ana, ben


async def test_typing_reaches_the_other_side_and_agents_see_another_agent_replying(agents):
    cid, customer, ana, ben = await active_chat(agents)
    await customer.send_json_to({"type": "typing", "active": True})
    seen = await next_of(ana, "typing")
    assert (seen["who"], seen["name"], seen["active"]) == ("customer", "Ola", True)
    assert (await next_of(ben, "typing"))["who"] == "customer"
    assert await customer.receive_nothing(timeout=0.2)  # no echo of one's own indicator

    await ana.send_json_to({"type": "typing", "conversation": cid, "active": True})
    at_customer = await next_of(customer, "typing")
    assert (at_customer["who"], at_customer["name"]) == ("agent", "ana")
    # Ben learns that Ana is already replying.
    at_ben = await next_of(ben, "typing")
    assert (at_ben["who"], at_ben["name"], at_ben["active"]) == ("agent", "ana", True)
    assert await ana.receive_nothing(timeout=0.2)
    for socket in (customer, ana, ben):
        await socket.disconnect()


async def test_read_receipts_move_forward_only_and_reach_the_other_side(agents):
    cid, customer, ana, ben = await active_chat(agents)
    await ana.send_json_to({"type": "message.send", "conversation": cid, "client_id": "a1", "body": "Hi"})
    await next_of(customer, "message")
    await customer.send_json_to({"type": "read", "seq": 2})
    receipt = await next_of(ana, "read")
    assert (receipt["conversation"], receipt["seq"], receipt["by"]) == (cid, 2, "customer")
    # Going back, or past the last message, moves nothing and tells nobody.
    await customer.send_json_to({"type": "read", "seq": 1})
    await customer.send_json_to({"type": "read", "seq": 99})
    assert await ana.receive_nothing(timeout=0.3)
    await ana.send_json_to({"type": "read", "conversation": cid, "seq": 1})
    # The visitor's own receipt came back first (the widget ignores it); then the agent's.
    frames = await frames_until(customer, lambda f: f["type"] == "read" and f["by"] == "agent")
    assert [f["seq"] for f in frames if f["type"] == "read"] == [2, 1]
    state = await sync_to_async(Conversation.objects.get)(pk=cid)
    assert (state.customer_read_seq, state.agent_read_seq) == (2, 1)
    for socket in (customer, ana, ben):
        await socket.disconnect()


async def test_an_agent_must_accept_before_replying_and_ending_tells_everyone(agents):
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    ben = await console(agents[1])
    await ben.send_json_to({"type": "subscribe", "conversation": cid, "last_seq": 0})
    await next_of(ben, "welcome")
    await ben.send_json_to({"type": "message.send", "conversation": cid, "client_id": "b", "body": "Hi"})
    assert (await next_of(ben, "error"))["code"] == "forbidden"

    customer, _ = await visitor(chat["token"], last_seq=1)
    await ben.send_json_to({"type": "accept", "conversation": cid})
    await frames_until_status(ben, "active")
    await ben.send_json_to({"type": "end", "conversation": cid})
    ended = await frames_until_status(customer, "ended")
    assert ended["agent"] == "ben"
    await customer.send_json_to({"type": "message.send", "client_id": "late", "body": "one more thing"})
    assert (await next_of(customer, "error"))["code"] == "closed"
    await customer.disconnect()
    await ben.disconnect()


async def frames_until_status(socket, status):
    while True:
        frame = await next_of(socket, "status")
        if frame["status"] == status:
            return frame


async def test_a_transferred_chat_is_offered_to_the_new_team(agents):
    from tests.factories import make_team
    from tests.routing.conftest import member

    def wallets():
        team = make_team(name="Wallets", slug="wallets", tier=2, skills=["wallets"], languages=["en"])
        return team, member(team, "wendy")

    team, wendy = await sync_to_async(wallets)()
    cid, customer, ana, ben = await active_chat(agents)
    specialist = await console(wendy)
    await ana.send_json_to(
        {"type": "transfer", "conversation": cid, "team": team.pk, "note": "On-chain issue"}
    )
    note = (await frames_until(ana, lambda f: f["type"] == "message" and f["kind"] == "note"))[-1]
    assert (note["seq"], note["body"]) == (2, "On-chain issue")
    offer = await next_of(specialist, "offer")
    assert offer["conversation"] == cid
    status = await frames_until_status(customer, "offered")
    assert status["agent"] is None
    await specialist.send_json_to({"type": "accept", "conversation": cid})
    backlog: list[dict] = []
    while len(backlog) < 2:
        backlog.append(await next_of(specialist, "message"))
    assert [m["kind"] for m in backlog] == ["customer", "note"]
    assert (await frames_until_status(customer, "active"))["agent"] == "wendy"
    for socket in (customer, ana, ben, specialist):
        await socket.disconnect()
