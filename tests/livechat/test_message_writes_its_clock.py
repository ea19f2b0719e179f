"""A visitor's message, and an agent's reply after the first response, move the chat's SLA clock in
the message's own statement: its time is chosen before the write and the clock the lock holds is
moved to it there. The clock that lands is the one a
recompute of the whole timeline gives at the message's time, also when a step after the write changes
what the clock follows (the priority, and with it the policy)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from intake import pipeline
from livechat import services
from livechat.consumers.agent import _agent_post
from livechat.models import Conversation
from sla.models import TicketClock
from sla.services.clock import sla_recompute
from tests.livechat.conftest import start_chat
from tests.sla.conftest import make_policy
from tickets.models import Priority, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(agents: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)
    make_policy(
        "Urgent", position=1, priorities=[Priority.URGENT], next_response_target=dt.timedelta(minutes=5)
    )
    make_policy("Standard", position=10)
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])
    _agent_post(agents[0], conversation, body="hi", client_id="a-0", internal=False)
    return conversation


def _ticket(conversation: int) -> Ticket:
    return Conversation.objects.select_related("ticket__customer").get(pk=conversation).ticket


def _columns(ticket: Ticket) -> dict[str, Any]:
    clock = TicketClock.objects.get(ticket=ticket)
    return {
        f.attname: getattr(clock, f.attname)
        for f in TicketClock._meta.concrete_fields
        if f.name != "updated_at"
    }


def _as_the_timeline_says(conversation: int) -> dict[str, Any]:
    """The clock after a recompute that reads the whole timeline, at the instant the clock was last
    moved to (the message's time when its statement wrote it), rolled back."""
    ticket = _ticket(conversation)
    at = TicketClock.objects.get(ticket=ticket).counted_until
    with transaction.atomic():
        Ticket.objects.select_for_update().get(pk=ticket.pk)
        sla_recompute(ticket=ticket, now=at)
        columns = _columns(ticket)
        transaction.set_rollback(True)
    return columns


def _clock_writes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if 'UPDATE "sla_ticketclock"' in q["sql"]]


def test_the_clock_is_written_by_the_message_statement_as_the_timeline_gives_it(chat):
    with CaptureQueriesContext(connection) as captured:
        services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")

    [write] = _clock_writes(captured)
    assert "INSERT INTO tickets_timelineentry" in write
    ticket = _ticket(chat)
    columns = _columns(ticket)
    entry = TimelineEntry.objects.get(ticket=ticket, client_id="v-1")
    assert columns["awaiting_since"] == entry.created_at == columns["counted_until"]
    assert columns["next_response_due_at"] is not None
    assert columns == _as_the_timeline_says(chat)


def test_a_step_that_raises_the_priority_gets_the_clock_of_the_case_as_it_left_it(chat, monkeypatch):
    def urgent(ticket: Ticket, intake: Any) -> None:
        ticket.priority = Priority.URGENT
        ticket.save(update_fields=["priority"])

    steps = list(pipeline.CUSTOMER_MESSAGE_STEPS)
    monkeypatch.setattr(pipeline, "CUSTOMER_MESSAGE_STEPS", (*steps[:-1], urgent, steps[-1]))

    with CaptureQueriesContext(connection) as captured:
        services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")

    # The message's statement wrote the clock for the case as it was; the step's change wrote it again.
    assert len(_clock_writes(captured)) == 2
    columns = _columns(_ticket(chat))
    assert columns["next_response_target"] == 5 * 60
    assert columns == _as_the_timeline_says(chat)


def test_a_message_on_a_waiting_chat_writes_no_clock_and_the_next_reply_stops_the_wait(chat, agents):
    services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    with CaptureQueriesContext(connection) as captured:
        services.chat_message_post(conversation_id=chat, body="hello?", client_id="v-2")

    # The wait started at the first message; only the counted time would move.
    assert _clock_writes(captured) == []
    assert _columns(_ticket(chat)) == _as_the_timeline_says(chat)
    _agent_post(agents[0], chat, body="on it", client_id="a-1", internal=False)
    clock = TicketClock.objects.get(ticket=_ticket(chat))
    assert (clock.awaiting_since, clock.next_response_met) == (None, 1)


@pytest.mark.django_db(transaction=True)
def test_a_failing_message_statement_leaves_the_clock_as_it_was(chat, monkeypatch):
    from livechat.services import messages
    from tickets.services import AlsoWrite

    before = _columns(_ticket(chat))
    monkeypatch.setattr(
        messages,
        "_numbered",
        lambda conversation, seq: AlsoWrite("UPDATE livechat_conversation SET last_seq = -1 WHERE id = 0/0"),
    )
    with pytest.raises(Exception, match="division by zero"):
        services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")

    assert _columns(_ticket(chat)) == before


def test_an_agent_reply_stops_the_wait_in_its_own_statement_as_the_timeline_gives_it(chat, agents):
    services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    with CaptureQueriesContext(connection) as captured:
        _agent_post(agents[0], chat, body="on it", client_id="a-1", internal=False)

    [write] = _clock_writes(captured)
    assert "INSERT INTO tickets_timelineentry" in write
    columns = _columns(_ticket(chat))
    assert (columns["awaiting_since"], columns["next_response_met"]) == (None, 1)
    assert columns["counted_until"] == TimelineEntry.objects.get(client_id="a-1").created_at
    assert columns == _as_the_timeline_says(chat)


def test_the_first_response_is_written_by_the_reply_and_its_clock_follows(agents, monkeypatch):
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])

    _agent_post(agents[0], conversation, body="hi", client_id="a-0", internal=False)

    ticket = _ticket(conversation)
    columns = _columns(ticket)
    assert ticket.first_response_at is not None and columns["first_response_due_at"] is None
    assert columns == _as_the_timeline_says(conversation)
