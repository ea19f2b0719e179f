"""A visitor reads and writes only the chat its token names, and never an internal note."""

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator

from livechat.identity import conversation_token
from livechat.models import Conversation
from tests.livechat.conftest import (
    HOST,
    ORIGIN,
    application,
    console,
    frames_until,
    messages,
    next_of,
    start_chat,
    visitor,
)
from tickets.models import TimelineEntry

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


async def refused_hello(token: object) -> tuple[dict, int]:
    socket = WebsocketCommunicator(application(), "/ws/chat/customer/", headers=[ORIGIN, HOST])
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "hello", "token": token, "last_seq": 0})
    error = await socket.receive_json_from()
    closed = await socket.receive_output()
    return error, closed["code"]


async def test_a_forged_or_tampered_conversation_token_is_refused_and_the_socket_closed(agents):
    chat = await sync_to_async(start_chat)()
    other = await sync_to_async(start_chat)()
    token = chat["token"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    _value, stamp, signature = token.split(":")
    # The other chat's id under this chat's signature.
    swapped = ":".join([other["token"].split(":")[0], stamp, signature])
    for bad in (tampered, swapped, "not-a-token", str(chat["conversation"]), None, 42):
        error, code = await refused_hello(bad)
        assert (error["type"], error["code"], code) == ("error", "forbidden", 4403), bad


async def test_frames_before_hello_are_refused():
    socket = WebsocketCommunicator(application(), "/ws/chat/customer/", headers=[ORIGIN, HOST])
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "message.send", "client_id": "x", "body": "hi", "conversation": 1})
    assert (await socket.receive_json_from())["code"] == "unauthenticated"
    assert (await socket.receive_output())["code"] == 4401


async def test_naming_another_conversation_in_a_frame_changes_nothing(agents):
    mine = await sync_to_async(start_chat)(message="mine")
    theirs = await sync_to_async(start_chat)(message="theirs")
    customer, welcome = await visitor(mine["token"])
    assert welcome["conversation"] == mine["conversation"]
    first = await next_of(customer, "message")
    assert (first["conversation"], first["body"]) == (mine["conversation"], "mine")
    await customer.send_json_to(
        {"type": "message.send", "conversation": theirs["conversation"], "client_id": "c1", "body": "sneaky"}
    )
    assert (await next_of(customer, "ack"))["seq"] == 2

    def bodies(conversation_id: int) -> list[str]:
        ticket = Conversation.objects.get(pk=conversation_id).ticket_id
        return list(
            TimelineEntry.objects.filter(ticket_id=ticket, seq__isnull=False).values_list("body", flat=True)
        )

    assert await sync_to_async(bodies)(theirs["conversation"]) == ["theirs"]
    assert await sync_to_async(bodies)(mine["conversation"]) == ["mine", "sneaky"]
    # A hello for the other chat on this connection is not a way in either.
    await customer.send_json_to({"type": "hello", "token": theirs["token"], "last_seq": 0})
    assert (await next_of(customer, "error"))["code"] == "bad_frame"
    assert await customer.receive_nothing(timeout=0.3)
    await customer.disconnect()


async def test_internal_notes_never_reach_the_visitor_live_or_on_resume(agents):
    chat = await sync_to_async(start_chat)()
    agent = await console(agents[0])
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    await next_of(agent, "welcome")
    customer, _ = await visitor(chat["token"], last_seq=1)
    cid = chat["conversation"]
    await agent.send_json_to(
        {"type": "note.send", "conversation": cid, "client_id": "n1", "body": "VIP, be careful"}
    )
    await agent.send_json_to(
        {"type": "message.send", "conversation": cid, "client_id": "r1", "body": "Checking now"}
    )

    at_agent = messages(await frames_until(agent, lambda f: f.get("seq") == 3 and f["type"] == "message"))
    assert [(m["seq"], m["kind"]) for m in at_agent] == [(1, "customer"), (2, "note"), (3, "agent")]
    live = await frames_until(customer, lambda f: f["type"] == "message")
    assert [(m["seq"], m["body"]) for m in messages(live)] == [(3, "Checking now")]
    await customer.disconnect()

    again, welcome = await visitor(chat["token"], last_seq=0)
    resumed = messages(await frames_until(again, lambda f: f.get("seq") == 3))
    assert [m["kind"] for m in resumed] == ["customer", "agent"]
    assert all("careful" not in str(frame) for frame in [welcome, *resumed])
    assert await again.receive_nothing(timeout=0.3)
    await again.disconnect()
    await agent.disconnect()


async def test_a_visitor_cannot_post_a_note(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    await customer.send_json_to({"type": "note.send", "client_id": "n", "body": "hi"})
    assert (await customer.receive_json_from())["code"] == "bad_frame"
    await customer.disconnect()


async def test_an_agent_cannot_watch_a_chat_outside_their_reach(agents, chat_team):
    from tests.factories import make_team
    from tests.routing.conftest import member

    def partner_agent():
        partners = make_team(name="Partner", slug="partner", is_outsourced=True)
        return member(partners, "pat")

    pat = await sync_to_async(partner_agent)()
    chat = await sync_to_async(start_chat)()
    agent = await console(pat)
    await agent.send_json_to({"type": "subscribe", "conversation": chat["conversation"], "last_seq": 0})
    assert (await agent.receive_json_from())["code"] == "not_found"
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    assert (await agent.receive_json_from())["code"] == "not_found"
    await agent.send_json_to(
        {"type": "message.send", "conversation": chat["conversation"], "client_id": "p", "body": "hello"}
    )
    assert (await agent.receive_json_from())["code"] == "not_found"
    await agent.disconnect()


def test_conversation_tokens_name_one_conversation():
    assert conversation_token(1) != conversation_token(2)
