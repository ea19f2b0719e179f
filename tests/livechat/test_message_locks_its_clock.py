"""A chat message locks its conversation, its ticket and the ticket's SLA clock in one statement (with the
agent's access asked there too), and a socket's database call hands what it published back to the
socket's event loop instead of hopping to it from the pool's thread."""

from typing import Any

import pytest
from channels.layers import get_channel_layer
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from livechat import events, services
from livechat.consumers.agent import _agent_post
from livechat.consumers.pools import db
from livechat.models import Conversation
from routing.models import TeamMembership
from sla.models import TicketClock
from tests.factories import make_team
from tests.livechat.conftest import start_chat
from tests.routing.conftest import member
from tickets.models import Ticket, TimelineEntry


@pytest.fixture
def chat(agents: list[User], monkeypatch: pytest.MonkeyPatch) -> int:
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])
    return conversation


def _ticket(conversation: int) -> int:
    return int(Conversation.objects.values_list("ticket_id", flat=True).get(pk=conversation))


@pytest.mark.django_db
def test_the_clock_is_locked_with_the_conversation_and_ticket_and_read_nowhere_else(
    chat: int, agents: list[User]
) -> None:
    services.chat_message_post(conversation_id=chat, body="hello?", client_id="v-0")
    before = TicketClock.objects.get(ticket_id=_ticket(chat))
    assert before.first_response_due_at is not None
    with CaptureQueriesContext(connection) as captured:
        _agent_post(agents[0], chat, body="looking", client_id="a-0", internal=False)
    lock = captured.captured_queries[0]["sql"]
    assert '"sla_ticketclock"' in lock and "FOR UPDATE OF c, t, k" in lock
    # The agent's access is asked in the same statement: no access check of its own.
    assert "routing_teammembership" in lock
    others = [q["sql"] for q in captured.captured_queries[1:] if "sla_ticketclock" in q["sql"]]
    assert len(others) == 1 and others[0].startswith('UPDATE "sla_ticketclock"')
    # The first reply closed the first-response target: the held clock was moved and written.
    clock = TicketClock.objects.get(ticket_id=_ticket(chat))
    assert clock.first_response_due_at is None and clock.updated_at > before.updated_at


@pytest.mark.django_db
def test_a_chat_whose_ticket_has_no_clock_takes_the_message_and_starts_one(chat: int) -> None:
    TicketClock.objects.filter(ticket_id=_ticket(chat)).delete()
    posted = services.chat_message_post(conversation_id=chat, body="still there?", client_id="v-1")
    assert posted.created and posted.message["seq"] == Conversation.objects.get(pk=chat).last_seq
    assert TicketClock.objects.filter(ticket_id=_ticket(chat)).exists()


@pytest.mark.django_db
def test_a_partner_agents_reply_outside_their_reach_is_refused_and_writes_nothing(chat: int) -> None:
    pat = member(make_team(name="Partner", slug="partner", is_outsourced=True), "pat")
    last_seq = Conversation.objects.get(pk=chat).last_seq
    # As the socket's call: its own transaction, rolled back by the refusal.
    with pytest.raises(Http404), transaction.atomic():
        _agent_post(pat, chat, body="hello", client_id="p-1", internal=False)
    assert Conversation.objects.get(pk=chat).last_seq == last_seq
    assert not TimelineEntry.objects.filter(ticket_id=_ticket(chat), client_id="p-1").exists()
    # Once the partner's team holds the case, the same reply is in reach (a note: the chat is held).
    pat_team = TeamMembership.objects.values_list("team_id", flat=True).get(user=pat)
    Ticket.objects.filter(pk=_ticket(chat)).update(team_id=pat_team)
    posted = _agent_post(pat, chat, body="a note", client_id="p-2", internal=True)
    assert posted.created and posted.message["kind"] == "note"


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_a_sockets_call_publishes_from_the_event_loop_even_when_it_fails_after_a_commit(
    chat: int,
) -> None:
    layer = get_channel_layer()
    assert layer is not None
    channel = await layer.new_channel()
    await layer.group_add(events.chat_group(chat), channel)

    posted = await db(services.chat_message_post, conversation_id=chat, body="one", client_id="v-1")
    event = await layer.receive(channel)
    assert event["type"] == "chat.message_posted" and event["message"]["seq"] == posted.message["seq"]

    def post_then_fail() -> Any:
        services.chat_message_post(conversation_id=chat, body="two", client_id="v-2")
        raise RuntimeError("after the commit")

    with pytest.raises(RuntimeError, match="after the commit"):
        await db(post_then_fail)
    event = await layer.receive(channel)
    assert event["message"]["client_id"] == "v-2" and event["message"]["seq"] == posted.message["seq"] + 1


def test_inside_a_held_call_nothing_is_sent_until_the_loop_sends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    monkeypatch.setattr(events, "async_to_sync", lambda send: lambda group, event: sent.append(group))
    event: events.ReadMarked = {"type": "chat.read_marked", "conversation": 1, "seq": 1, "by": "agent"}
    with events.publishes_held() as held:
        events.publish("chat.1", event)
        events.publish("chat.2", event)
    assert sent == [] and [group for group, _ in held] == ["chat.1", "chat.2"]
    events.publish("chat.3", event)
    assert sent == ["chat.3"]
