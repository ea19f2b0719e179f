"""What moving the SLA clock costs on the hot paths, in statements, with the entry the caller just wrote;
and that the clock comes out as it would from reading the whole timeline."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sla.models import TicketClock
from sla.services import sla_recompute
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy
from tickets import services as core
from tickets.models import Ticket, TimelineEntry

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


def _clock_fields(clock: TicketClock) -> dict[str, object]:
    return {
        f.attname: getattr(clock, f.attname)
        for f in TicketClock._meta.concrete_fields
        if f.name != "updated_at"
    }


def _recompute(ticket: Ticket, entry: TimelineEntry | None, at: dt.datetime) -> tuple[TicketClock, list[str]]:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        clock = sla_recompute(ticket=ticket, now=at, entry=entry)
    return clock, [q["sql"] for q in queries.captured_queries]


@pytest.fixture
def answered() -> tuple[Ticket, TimelineEntry]:
    """An open ticket the agent has answered once; the clock followed every write."""
    make_policy()
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team(), assignee=agent)
    with time_machine.travel(MONDAY + MINUTE, tick=False):
        reply = core.ticket_reply(ticket=ticket, author=agent, body="Looking into it.")
        sla_recompute(ticket=reply.ticket, entry=reply)
    return reply.ticket, reply


def test_a_customer_message_while_one_already_waits_reads_the_clock_and_writes_nothing(answered):
    ticket, _reply = answered
    with time_machine.travel(MONDAY + 2 * MINUTE, tick=False):
        first = core.ticket_customer_message(ticket=ticket, body="Any news?")
        sla_recompute(ticket=first.ticket, entry=first)
    waiting = clock_of(ticket)
    assert waiting.awaiting_since == first.created_at
    with time_machine.travel(MONDAY + 3 * MINUTE, tick=False):
        second = core.ticket_customer_message(ticket=ticket, body="Hello?")
        clock, sql = _recompute(second.ticket, second, MONDAY + 3 * MINUTE)
    # The clock's row lock with the configuration's version beside it; no timeline read, no savepoint,
    # no write.
    assert len(sql) == 1, sql
    assert "FOR UPDATE" in sql[0] and "helpdesk_configversion" in sql[0]
    assert clock.awaiting_since == first.created_at
    assert _clock_fields(clock_of(ticket)) == _clock_fields(waiting)


def test_the_customer_message_that_starts_a_wait_costs_one_write(answered):
    ticket, _reply = answered
    with time_machine.travel(MONDAY + 2 * MINUTE, tick=False):
        message = core.ticket_customer_message(ticket=ticket, body="Any news?")
        clock, sql = _recompute(message.ticket, message, MONDAY + 2 * MINUTE)
    assert len(sql) == 2, sql
    assert sql[1].startswith("UPDATE")
    assert clock.awaiting_since == message.created_at
    assert clock.next_response_due_at == message.created_at + dt.timedelta(hours=2)


def test_an_agent_reply_answering_the_waiting_message_costs_one_write(answered):
    ticket, _reply = answered
    agent = _reply.author
    assert agent is not None
    with time_machine.travel(MONDAY + 2 * MINUTE, tick=False):
        message = core.ticket_customer_message(ticket=ticket, body="Any news?")
        sla_recompute(ticket=message.ticket, entry=message)
    with time_machine.travel(MONDAY + 10 * MINUTE, tick=False):
        reply = core.ticket_reply(ticket=ticket, author=agent, body="Sent.")
        clock, sql = _recompute(reply.ticket, reply, MONDAY + 10 * MINUTE)
    assert len(sql) == 2, sql
    assert clock.awaiting_since is None and clock.next_response_due_at is None
    assert (clock.next_response_cycle, clock.next_response_met) == (1, 1)


def test_a_new_tickets_clock_is_inserted_once():
    make_policy()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    TicketClock.objects.filter(ticket=ticket).delete()
    clock, sql = _recompute(ticket, None, MONDAY)
    # No reply yet: the timeline is not read. No clock to read the version beside: it is read on its
    # own. One INSERT, never an UPDATE first.
    assert len(sql) == 3, sql
    assert sql[2].startswith("INSERT") and not any(s.startswith("UPDATE") for s in sql)
    assert clock.first_response_due_at == MONDAY + dt.timedelta(hours=1)


def test_the_clock_from_the_entry_is_the_clock_from_the_timeline(answered):
    """The same conversation, once with each entry passed and once reading the timeline every time."""
    ticket, reply = answered
    agent = reply.author
    assert agent is not None
    steps = [
        ("customer", 2),
        ("customer", 3),
        ("note", 4),
        ("agent", 30),
        ("agent", 31),
        ("customer", 200),
        ("customer", 260),
        ("agent", 400),
    ]
    with time_machine.travel(MONDAY, tick=False):
        other = make_ticket(team=ticket.team, assignee=agent)
    twins: list[tuple[Ticket, bool]] = [(ticket, True), (other, False)]
    with time_machine.travel(MONDAY + MINUTE, tick=False):
        first = core.ticket_reply(ticket=other, author=agent, body="Looking into it.")
        sla_recompute(ticket=first.ticket)
    for kind, minute in steps:
        at = MONDAY + minute * MINUTE
        for twin, with_entry in twins:
            with time_machine.travel(at, tick=False):
                if kind == "customer":
                    entry = core.ticket_customer_message(ticket=twin, body="Hello?")
                elif kind == "agent":
                    entry = core.ticket_reply(ticket=twin, author=agent, body="On it.")
                else:
                    entry = core.ticket_note(ticket=twin, author=agent, body="Checking the chain.")
                sla_recompute(ticket=entry.ticket, entry=entry if with_entry else None)
        a, b = clock_of(ticket), clock_of(other)
        for field in (
            "awaiting_since",
            "next_response_due_at",
            "next_response_warn_at",
            "next_response_breached_at",
            "next_response_cycle",
            "next_response_met",
            "next_response_missed",
            "next_check_at",
        ):
            assert getattr(a, field) == getattr(b, field), (kind, minute, field)
    # The second wait (200 → 400 minutes) ran past its two hours: missed, in both.
    assert (clock_of(ticket).next_response_met, clock_of(ticket).next_response_missed) == (1, 1)
