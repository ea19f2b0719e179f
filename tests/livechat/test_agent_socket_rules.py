"""The agent console's socket: who may open it (the helpdesk's own origin, port included), what its
errors name, and who may reply in or end a chat another agent holds."""

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator

from livechat.models import Conversation
from tests.factories import make_agent
from tests.livechat.conftest import application, console, next_of, session_cookie, start_chat
from tickets.models import EntryKind, TimelineEntry

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


async def opens(user, origin: bytes, host: bytes = b"testserver", path: str = "/ws/chat/agent/") -> bool:
    cookie = await sync_to_async(session_cookie)(user)
    socket = WebsocketCommunicator(
        application(), path, headers=[(b"origin", origin), (b"host", host), cookie]
    )
    connected, _ = await socket.connect()
    await socket.disconnect()
    return connected


async def test_the_console_socket_opens_only_from_the_helpdesks_own_origin_port_included(agents, settings):
    ana = agents[0]
    assert await opens(ana, b"http://testserver")
    assert await opens(ana, b"http://testserver:8000", host=b"testserver:8000")
    assert await opens(ana, b"http://testserver:80")
    # Same host name, another port: another application on that host, not the helpdesk.
    assert not await opens(ana, b"http://testserver:9999")
    assert not await opens(ana, b"http://testserver", host=b"testserver:8000")
    # Another scheme, another host, a host the helpdesk does not serve.
    assert not await opens(ana, b"https://testserver")
    assert not await opens(ana, b"http://evil.example")
    assert not await opens(ana, b"http://evil.example", host=b"evil.example")

    settings.CSRF_TRUSTED_ORIGINS = ["https://help.example:8443"]
    assert await opens(ana, b"https://help.example:8443", host=b"backend:8000")
    assert not await opens(ana, b"https://help.example", host=b"backend:8000")


async def test_the_widget_socket_accepts_a_listed_site_on_its_own_port_only(agents, settings):
    settings.LIVECHAT_ALLOWED_ORIGINS = ["https://exchange.example"]
    path = "/ws/chat/customer/"
    assert await opens(agents[0], b"https://exchange.example", path=path)
    assert await opens(agents[0], b"https://exchange.example:443", path=path)
    assert not await opens(agents[0], b"https://exchange.example:4443", path=path)
    assert not await opens(agents[0], b"http://exchange.example", path=path)


async def test_errors_answering_accept_subscribe_read_and_typing_name_the_conversation(agents):
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    ben = await console(agents[1])
    await ben.send_json_to({"type": "typing", "conversation": cid, "active": True})
    error = await next_of(ben, "error")
    assert (error["code"], error["conversation"]) == ("forbidden", cid)

    await ben.send_json_to({"type": "read", "conversation": cid, "seq": 5})
    error = await next_of(ben, "error")
    assert (error["code"], error["conversation"]) == ("bad_frame", cid)

    await ben.send_json_to({"type": "subscribe", "conversation": cid + 1000, "last_seq": 0})
    error = await next_of(ben, "error")
    assert (error["code"], error["conversation"]) == ("not_found", cid + 1000)

    ana = await console(agents[0])
    await ana.send_json_to({"type": "accept", "conversation": cid})
    await next_of(ana, "welcome")
    await ben.send_json_to({"type": "accept", "conversation": cid})
    error = await next_of(ben, "error")
    assert (error["code"], error["conversation"]) == ("taken", cid)
    await ana.disconnect()
    await ben.disconnect()


async def test_only_the_agent_holding_a_chat_or_a_supervisor_replies_in_it_or_ends_it(agents, chat_team):
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    ana, ben = await console(agents[0]), await console(agents[1])
    await ana.send_json_to({"type": "accept", "conversation": cid})
    await next_of(ana, "welcome")
    await ben.send_json_to({"type": "subscribe", "conversation": cid, "last_seq": 0})
    await next_of(ben, "welcome")

    await ben.send_json_to(
        {"type": "message.send", "conversation": cid, "client_id": "b1", "body": "I'll take it"}
    )
    error = await next_of(ben, "error")
    assert (error["code"], error["conversation"], error["client_id"]) == ("forbidden", cid, "b1")
    assert "ana" in error["message"]
    await ben.send_json_to({"type": "end", "conversation": cid})
    assert (await next_of(ben, "error"))["code"] == "forbidden"
    await ben.send_json_to({"type": "transfer", "conversation": cid, "team": chat_team.pk, "note": ""})
    assert (await next_of(ben, "error"))["code"] == "forbidden"
    # A note is how another agent helps: it reaches the agents, not the customer.
    await ben.send_json_to(
        {"type": "note.send", "conversation": cid, "client_id": "b2", "body": "VIP, careful"}
    )
    assert (await next_of(ben, "ack"))["seq"] == 2

    lead = await sync_to_async(make_agent)(username="sam", role="supervisor")
    supervisor = await console(lead)
    await supervisor.send_json_to(
        {"type": "message.send", "conversation": cid, "client_id": "s1", "body": "Hi"}
    )
    assert (await next_of(supervisor, "ack"))["seq"] == 3
    await ana.send_json_to({"type": "end", "conversation": cid})
    assert (await next_of(ana, "status"))["status"] == "ended"

    kinds = await sync_to_async(
        lambda: list(
            TimelineEntry.objects.filter(ticket__conversation__pk=cid, seq__isnull=False)
            .order_by("seq")
            .values_list("kind", "author__username")
        )
    )()
    assert kinds == [
        (EntryKind.CUSTOMER_MESSAGE, None),
        (EntryKind.INTERNAL_NOTE, "ben"),
        (EntryKind.AGENT_REPLY, "sam"),
    ]
    assert await sync_to_async(lambda: Conversation.objects.get(pk=cid).status)() == "ended"
    for socket in (ana, ben, supervisor):
        await socket.disconnect()
