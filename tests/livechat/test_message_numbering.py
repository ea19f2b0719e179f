"""Messages are stored, numbered 1, 2, 3... per chat, and reach both sides once and in order."""

import pytest
from channels.db import database_sync_to_async as sync_to_async

from livechat.models import Conversation
from tests.livechat.conftest import console, frames_until, messages, next_of, start_chat, visitor
from tickets.models import EntryKind, TimelineEntry

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


def stored(conversation: int) -> list[tuple[int | None, str, str]]:
    ticket = Conversation.objects.get(pk=conversation).ticket_id
    return list(
        TimelineEntry.objects.filter(ticket_id=ticket, seq__isnull=False)
        .order_by("seq")
        .values_list("seq", "kind", "body")
    )


async def test_messages_are_numbered_in_order_and_reach_the_agent_and_the_visitor_in_order(agents):
    chat = await sync_to_async(start_chat)(topic="withdrawal", message="My withdrawal is stuck")
    agent = await console(agents[0])
    offer = await next_of(agent, "offer")
    assert offer["conversation"] == chat["conversation"]
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    welcome = await next_of(agent, "welcome")
    first = await next_of(agent, "message")
    assert (welcome["status"], first["seq"], first["kind"], first["body"]) == (
        "active",
        1,
        "customer",
        "My withdrawal is stuck",
    )

    customer, hello = await visitor(chat["token"], last_seq=1)
    assert hello["status"] == "active" and hello["agent"] == "ana"
    for i in range(5):
        await customer.send_json_to({"type": "message.send", "client_id": f"c-{i}", "body": f"question {i}"})
        await agent.send_json_to(
            {
                "type": "message.send",
                "conversation": chat["conversation"],
                "client_id": f"a-{i}",
                "body": f"answer {i}",
            }
        )

    at_agent = messages(await frames_until(agent, lambda f: f["type"] == "message" and f["seq"] == 11))
    at_customer = messages(await frames_until(customer, lambda f: f["type"] == "message" and f["seq"] == 11))
    assert [m["seq"] for m in at_agent] == list(range(2, 12))
    assert [m["seq"] for m in at_customer] == list(range(2, 12))
    assert [m["body"] for m in at_customer if m["kind"] == "customer"] == [f"question {i}" for i in range(5)]
    assert [m["body"] for m in at_customer if m["kind"] == "agent"] == [f"answer {i}" for i in range(5)]
    rows = await sync_to_async(stored)(chat["conversation"])
    assert [seq for seq, _kind, _body in rows] == list(range(1, 12))
    assert {kind for _seq, kind, _body in rows} == {EntryKind.CUSTOMER_MESSAGE, EntryKind.AGENT_REPLY}
    await customer.disconnect()
    await agent.disconnect()


async def test_a_resent_client_id_is_acknowledged_with_the_stored_number_and_stored_once(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    await customer.send_json_to({"type": "message.send", "client_id": "same-id", "body": "hello?"})
    first = await next_of(customer, "ack")
    await customer.send_json_to({"type": "message.send", "client_id": "same-id", "body": "hello?"})
    again = await next_of(customer, "ack")
    assert first == again == {"type": "ack", "client_id": "same-id", "seq": 2}
    assert await customer.receive_nothing(timeout=0.3)
    rows = await sync_to_async(stored)(chat["conversation"])
    assert [seq for seq, _kind, _body in rows] == [1, 2]
    await customer.disconnect()


async def test_a_visitor_who_reconnects_gets_every_missed_message_once_in_order(agents):
    chat = await sync_to_async(start_chat)()
    agent = await console(agents[0])
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    await next_of(agent, "welcome")
    customer, _ = await visitor(chat["token"], last_seq=0)
    assert [m["seq"] for m in messages(await frames_until(customer, lambda f: f.get("seq") == 1))] == [1]
    await customer.send_json_to(
        {"type": "message.send", "client_id": "before-drop", "body": "are you there?"}
    )
    await next_of(customer, "ack")
    await customer.disconnect()  # the connection drops; the visitor has seen 1 and 2

    for i in range(3):
        await agent.send_json_to(
            {
                "type": "message.send",
                "conversation": chat["conversation"],
                "client_id": f"a-{i}",
                "body": f"reply {i}",
            }
        )
        await next_of(agent, "ack")

    back, welcome = await visitor(chat["token"], last_seq=2)
    assert welcome["last_seq"] == 5
    missed = messages(await frames_until(back, lambda f: f.get("seq") == 5))
    assert [(m["seq"], m["body"]) for m in missed] == [(3, "reply 0"), (4, "reply 1"), (5, "reply 2")]
    # The message sent before the drop is resent after it, as a client does when unsure: no second copy.
    await back.send_json_to({"type": "message.send", "client_id": "before-drop", "body": "are you there?"})
    assert (await next_of(back, "ack"))["seq"] == 2
    await agent.send_json_to(
        {
            "type": "message.send",
            "conversation": chat["conversation"],
            "client_id": "a-after",
            "body": "after",
        }
    )
    after = await next_of(back, "message")
    assert after["seq"] == 6
    assert await back.receive_nothing(timeout=0.3)
    rows = await sync_to_async(stored)(chat["conversation"])
    assert [seq for seq, _kind, _body in rows] == [1, 2, 3, 4, 5, 6]
    await back.disconnect()
    await agent.disconnect()
