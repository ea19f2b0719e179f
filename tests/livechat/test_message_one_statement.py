"""A chat message is written in one statement (the entry, the ticket's updated_at and first response,
the audit record, the conversation's number): all of it lands, or none of it does, and the SLA clock
that follows reads the configuration's version in its own lock statement."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from livechat import services
from livechat.consumers.agent import _agent_post
from livechat.models import Conversation
from livechat.services import messages
from sla.models import SlaPolicy, TicketClock
from tests.livechat.conftest import start_chat
from tickets.models import EntryKind, Status, Ticket, TimelineEntry
from tickets.services import AlsoWrite

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(agents: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])
    return conversation


def _ticket(conversation: int) -> Ticket:
    return Conversation.objects.select_related("ticket").get(pk=conversation).ticket


def _entry(conversation: int, client_id: str) -> TimelineEntry:
    return TimelineEntry.objects.get(ticket__conversation__pk=conversation, client_id=client_id)


def _audits(ticket: Ticket, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(ticket.pk), action=action).order_by("pk"))


def test_a_visitor_message_is_stored_numbered_bumped_and_audited_by_one_statement(chat):
    with CaptureQueriesContext(connection) as captured:
        posted = services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")

    writes = [q["sql"] for q in captured.captured_queries if "INSERT INTO tickets_timelineentry" in q["sql"]]
    assert len(writes) == 1 and "audit_auditevent" in writes[0] and "livechat_conversation" in writes[0]
    entry = _entry(chat, "v-1")
    assert posted.message["seq"] == entry.seq
    ticket = _ticket(chat)
    assert (entry.kind, entry.seq, entry.client_id, entry.customer_id) == (
        EntryKind.CUSTOMER_MESSAGE,
        2,
        "v-1",
        ticket.customer_id,
    )
    assert ticket.updated_at == entry.created_at
    assert Conversation.objects.get(pk=chat).last_seq == 2
    [audit] = _audits(ticket, "ticket.customer_messaged")
    assert audit.after == {"entry": entry.pk}
    assert audit.actor_label == f"customer:{ticket.customer.external_id}"
    assert audit.object_repr == str(ticket)[:200]


def test_the_first_agent_reply_stamps_the_first_response_and_a_later_one_keeps_it(chat, agents):
    _agent_post(agents[0], chat, body="hi", client_id="a-1", internal=False)
    stamped = _ticket(chat).first_response_at
    _agent_post(agents[0], chat, body="one moment", client_id="a-2", internal=False)

    first, second = _entry(chat, "a-1"), _entry(chat, "a-2")
    assert stamped == first.created_at
    ticket = _ticket(chat)
    assert ticket.first_response_at == stamped
    assert ticket.updated_at == second.created_at
    audits = _audits(ticket, "ticket.replied")
    assert [(a.actor_id, a.after) for a in audits] == [
        (agents[0].pk, {"entry": first.pk}),
        (agents[0].pk, {"entry": second.pk}),
    ]
    assert Conversation.objects.get(pk=chat).last_seq == 3


def test_an_internal_note_is_numbered_and_audited_as_a_note(chat, agents):
    _agent_post(agents[0], chat, body="checking the ledger", client_id="n-1", internal=True)

    entry = _entry(chat, "n-1")
    assert (entry.kind, entry.seq, entry.author_id) == (EntryKind.INTERNAL_NOTE, 2, agents[0].pk)
    [audit] = _audits(_ticket(chat), "ticket.noted")
    assert audit.after == {"entry": entry.pk}
    assert _ticket(chat).first_response_at is None


@pytest.mark.django_db(transaction=True)
def test_a_failing_statement_leaves_nothing_half_written(chat, monkeypatch):
    ticket = _ticket(chat)
    before = (
        TimelineEntry.objects.filter(ticket=ticket).count(),
        AuditEvent.objects.filter(object_id=str(ticket.pk)).count(),
        ticket.updated_at,
    )
    # The conversation's number fails inside the message's statement: the entry and audit go with it.
    monkeypatch.setattr(
        messages,
        "_numbered",
        lambda conversation, seq: AlsoWrite("UPDATE livechat_conversation SET last_seq = -1 WHERE id = 0/0"),
    )
    with pytest.raises(Exception, match="division by zero"):
        services.chat_message_post(conversation_id=chat, body="lost?", client_id="v-1")

    after = _ticket(chat)
    assert (
        TimelineEntry.objects.filter(ticket=ticket).count(),
        AuditEvent.objects.filter(object_id=str(ticket.pk)).count(),
        after.updated_at,
    ) == before
    assert Conversation.objects.get(pk=chat).last_seq == 1


def test_behind_pgbouncer_the_statement_is_not_prepared_and_works_the_same(chat, settings):
    settings.PGBOUNCER = True
    for n in (1, 2):
        posted = services.chat_message_post(conversation_id=chat, body=f"message {n}", client_id=f"v-{n}")
        assert posted.message["seq"] == n + 1
    assert Conversation.objects.get(pk=chat).last_seq == 3
    assert len(_audits(_ticket(chat), "ticket.customer_messaged")) == 2


def test_a_message_on_a_pending_chat_reopens_it_with_its_event_and_audit(chat):
    Ticket.objects.filter(pk=_ticket(chat).pk).update(status=Status.PENDING)

    services.chat_message_post(conversation_id=chat, body="hello again", client_id="v-1")

    ticket = _ticket(chat)
    assert ticket.status == Status.OPEN
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="status_changed").count() == 1
    assert [a.after for a in _audits(ticket, "ticket.status_changed")] == [{"status": Status.OPEN}]
    assert len(_audits(ticket, "ticket.customer_messaged")) == 1


def test_the_clock_waits_from_the_message_and_stops_at_the_reply(chat, agents):
    _agent_post(agents[0], chat, body="hi", client_id="a-0", internal=False)
    services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    waiting = _entry(chat, "v-1").created_at
    clock = TicketClock.objects.get(ticket=_ticket(chat))
    assert clock.awaiting_since == waiting and clock.next_response_due_at is not None

    _agent_post(agents[0], chat, body="on it", client_id="a-1", internal=False)

    clock = TicketClock.objects.get(ticket=_ticket(chat))
    assert clock.awaiting_since is None and clock.next_response_due_at is None
    assert clock.next_response_met == 1


def test_an_sla_policy_edited_between_two_messages_applies_to_the_second(chat, agents):
    _agent_post(agents[0], chat, body="hi", client_id="a-0", internal=False)
    services.chat_message_post(conversation_id=chat, body="first", client_id="v-1")
    clock = TicketClock.objects.get(ticket=_ticket(chat))
    assert clock.policy_id is not None and clock.next_response_target != 7 * 60
    policy = SlaPolicy.objects.get(pk=clock.policy_id)
    _agent_post(agents[0], chat, body="ok", client_id="a-1", internal=False)

    # The edit bumps the configuration's version (a trigger); the statement that locks the clock (with
    # the conversation and the ticket) reads it.
    policy.next_response_target = dt.timedelta(minutes=7)
    policy.save()
    with CaptureQueriesContext(connection) as captured:
        services.chat_message_post(conversation_id=chat, body="second", client_id="v-2")

    assert TicketClock.objects.get(ticket=_ticket(chat)).next_response_target == 7 * 60
    clock_reads = [
        q["sql"]
        for q in captured.captured_queries
        # Not the writes: the clock's UPDATE is a part of the message's own statement.
        if '"sla_ticketclock"' in q["sql"] and not q["sql"].lstrip().startswith(("UPDATE", "WITH entry AS"))
    ]
    assert len(clock_reads) == 1 and "helpdesk_configversion" in clock_reads[0]
