"""Hand-built timelines for the FCR and tier-0 effect tests: ticket rows and timeline entries at chosen
times, shaped as the services write them (tickets/services.py `_set_status`, assistant/delivery.py), so
each test reads as the story of one case. tests/reports/test_fcr.py also builds one case through the
real services, which keeps these shapes honest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import User
from assistant.delivery import assistant_bot
from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from customers.models import Customer
from routing.models import Team
from tests.factories import make_agent, make_customer
from tickets.models import Category, Channel, EntryKind, Status, Ticket, TimelineEntry

UTC = dt.UTC
# Every test runs at this moment (time_machine): "3 days ago" is NOW - 3 days.
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float, hours: float = 0) -> dt.datetime:
    return NOW - dt.timedelta(days=days, hours=hours)


def case(
    *,
    at: dt.datetime,
    customer: Customer | None = None,
    channel: str = Channel.EMAIL,
    category: str = Category.WITHDRAWAL,
    team: Team | None = None,
    assignee: User | None = None,
    language: str = "en",
    tier: int = 1,
) -> Ticket:
    """A new case with the customer's first message at `at`."""
    customer = customer or make_customer()
    ticket = Ticket.objects.create(
        subject="Withdrawal pending",
        customer=customer,
        channel=channel,
        category=category,
        team=team,
        assignee=assignee,
        language=language,
        tier=tier,
        status=Status.OPEN if assignee else Status.NEW,
        created_at=at,
        updated_at=at,
    )
    _entry(ticket, EntryKind.CUSTOMER_MESSAGE, at, customer=customer, body="Where is my withdrawal?")
    return ticket


def _entry(ticket: Ticket, kind: str, at: dt.datetime, **fields: Any) -> TimelineEntry:
    return TimelineEntry.objects.create(
        ticket=ticket, kind=kind, channel=ticket.channel, created_at=at, **fields
    )


def _event(ticket: Ticket, event: str, at: dt.datetime, **data: Any) -> TimelineEntry:
    return _entry(ticket, EntryKind.SYSTEM_EVENT, at, data={"event": event, **data})


def reply(
    ticket: Ticket, at: dt.datetime, author: User | None = None, seq: int | None = None
) -> TimelineEntry:
    """A public reply by a person (in a chat when `seq` is given)."""
    author = author or ticket.assignee or make_agent()
    return _entry(ticket, EntryKind.AGENT_REPLY, at, author=author, body="Here is what happened.", seq=seq)


def note(ticket: Ticket, at: dt.datetime) -> TimelineEntry:
    return _entry(ticket, EntryKind.INTERNAL_NOTE, at, author=ticket.assignee or make_agent(), body="n")


def customer_writes(ticket: Ticket, at: dt.datetime) -> TimelineEntry:
    return _entry(ticket, EntryKind.CUSTOMER_MESSAGE, at, customer=ticket.customer, body="Still missing.")


def _status(ticket: Ticket, at: dt.datetime, status: str) -> None:
    before = ticket.status
    reopen = before == Status.SOLVED and status == Status.OPEN
    ticket.status = status
    if reopen:
        ticket.reopen_count += 1
        ticket.solved_at = None
    if status == Status.SOLVED:
        ticket.solved_at = at
    if status == Status.CLOSED:
        ticket.closed_at = at
    ticket.updated_at = at
    ticket.save()
    _event(ticket, "reopened" if reopen else "status_changed", at, **{"from": before, "to": status})


def solve(ticket: Ticket, at: dt.datetime) -> Ticket:
    _status(ticket, at, Status.SOLVED)
    return ticket


def reopen(ticket: Ticket, at: dt.datetime) -> Ticket:
    """The customer writes on the solved case: it reopens."""
    customer_writes(ticket, at)
    _status(ticket, at, Status.OPEN)
    return ticket


def close(ticket: Ticket, at: dt.datetime) -> Ticket:
    _status(ticket, at, Status.CLOSED)
    return ticket


def tier0_reads(
    ticket: Ticket,
    at: dt.datetime,
    *,
    answers: bool,
    intent: str = "fees_info",
    corrected_intent: str = "",
) -> Assessment:
    """Tier 0 reads the first message and answers it (a public reply as the assistant, the case set
    pending on the customer) or hands it to a person (no answer)."""
    entry = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).order_by("created_at", "id").first()
    answer = None
    if answers:
        answer = _entry(ticket, EntryKind.AGENT_REPLY, at, author=assistant_bot(), body="Fees are 0.1%.")
        _status(ticket, at, Status.PENDING)
    return Assessment.objects.create(
        ticket=ticket,
        entry=entry,
        state=AssessmentState.DONE,
        first=True,
        created_at=at,
        read_at=at,
        intent=intent,
        corrected_intent=corrected_intent,
        confidence=0.9,
        threshold=0.5,
        decision=DecisionKind.ANSWER if answers else DecisionKind.HANDOFF,
        reply="Fees are 0.1%." if answers else "",
        reply_entry=answer,
    )


def tier0_solved_by_customer(ticket: Ticket, at: dt.datetime, assessment: Assessment) -> Ticket:
    """The customer says tier 0's answer solved it (the chat widget's "this solved it")."""
    Assessment.objects.filter(pk=assessment.pk).update(outcome=Outcome.SOLVED, outcome_at=at)
    return solve(ticket, at)


def person_requested(ticket: Ticket, at: dt.datetime, assessment: Assessment) -> None:
    _event(ticket, "tier0_person_requested", at, assessment=assessment.pk)
