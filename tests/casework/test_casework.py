"""An agent's change, then its SLA clock, in one transaction (casework/services.py)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import casework.services
from accounts.models import User
from casework.services import ticket_assign, ticket_reply, ticket_set_status, ticket_update
from helpdesk.errors import DomainError
from intake.pipeline import ticket_open
from routing.models import Team
from sla.models import BusinessCalendar, ClockState, SlaPolicy, TeamCalendar, TicketClock
from sla.services import sla_recompute
from tests.factories import make_agent, make_customer, make_team
from tickets import services as core
from tickets.models import EntryKind, Priority, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def general(db: None) -> Team:
    return make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True)


@pytest.fixture
def agent(db: None) -> User:
    return make_agent(username="alice")


@pytest.fixture
def policies(db: None) -> SlaPolicy:
    SlaPolicy.objects.all().delete()
    SlaPolicy.objects.create(
        name="Urgent",
        position=1,
        priorities=[Priority.URGENT],
        first_response_target=dt.timedelta(minutes=15),
    )
    return SlaPolicy.objects.create(
        name="Everything", position=10, first_response_target=dt.timedelta(hours=4)
    )


def _open() -> Ticket:
    return ticket_open(customer=make_customer(), subject="Deposit missing", body="Not credited.")


def test_a_reply_closes_the_first_response_target(general: Team, agent: User, policies: SlaPolicy) -> None:
    ticket = _open()
    assert TicketClock.objects.get(ticket=ticket).first_response_due_at is not None
    ticket_reply(ticket=ticket, author=agent, body="Looking into it.")
    assert TicketClock.objects.get(ticket=ticket).first_response_due_at is None


def test_a_status_change_pauses_the_clock(general: Team, agent: User, policies: SlaPolicy) -> None:
    ticket = _open()
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    assert TicketClock.objects.get(ticket=ticket).state == ClockState.PAUSED


def test_an_edit_of_the_priority_chooses_another_policy(
    general: Team, agent: User, policies: SlaPolicy
) -> None:
    ticket = _open()
    ticket_update(ticket=ticket, actor=agent, priority=Priority.URGENT)
    policy = TicketClock.objects.get(ticket=ticket).policy
    assert policy is not None and policy.name == "Urgent"


def test_a_move_to_another_team_moves_the_clock_and_an_assignment_alone_does_not(
    general: Team, agent: User, policies: SlaPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = _open()
    # Not the clock's row: a recompute that changes nothing (same calendar, same policy) writes nothing.
    followed: list[int] = []
    real = casework.services.sla_recompute

    def recompute(**kwargs: Any) -> TicketClock:
        followed.append(kwargs["ticket"].pk)
        return real(**kwargs)

    monkeypatch.setattr(casework.services, "sla_recompute", recompute)
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    assert followed == []
    payments = make_team(name="Payments", slug="payments", tier=1, languages=["en"])
    office = BusinessCalendar.objects.create(name="Payments office", time_zone="UTC", always_open=True)
    TeamCalendar.objects.create(team=payments, calendar=office)
    ticket_assign(ticket=ticket, actor=agent, assignee=None, team=payments)
    assert followed == [ticket.pk]
    assert TicketClock.objects.get(ticket=ticket).calendar_id == office.pk


def test_the_core_alone_writes_without_moving_the_clock(
    general: Team, agent: User, policies: SlaPolicy
) -> None:
    ticket = _open()
    core.ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    assert TicketClock.objects.get(ticket=ticket).state == ClockState.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_clock_that_fails_leaves_nothing_of_the_reply(
    general: Team, agent: User, policies: SlaPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No transaction around the call, as in a view: casework's own is the one that rolls back.
    ticket = _open()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("clock failed")

    monkeypatch.setattr(casework.services, "sla_recompute", broken)
    with pytest.raises(RuntimeError):
        ticket_reply(ticket=ticket, author=agent, body="Looking into it.")
    assert not TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).exists()
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_a_refused_change_leaves_the_callers_transaction_usable(general: Team, agent: User) -> None:
    ticket = _open()
    with transaction.atomic():
        with pytest.raises(DomainError):
            ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
        assert Ticket.objects.filter(pk=ticket.pk, status=Status.NEW).exists()


def test_a_reply_in_a_callers_transaction_costs_no_statement_beyond_the_write_and_the_clock(
    general: Team, agent: User, policies: SlaPolicy
) -> None:
    # A chat reply runs inside the chat's transaction: casework adds no savepoint of its own there.
    first, second = _open(), _open()
    with transaction.atomic(), CaptureQueriesContext(connection) as alone:
        entry = core.ticket_reply(ticket=first, author=agent, body="Looking into it.")
        sla_recompute(ticket=entry.ticket, entry=entry)
    with transaction.atomic(), CaptureQueriesContext(connection) as through_casework:
        ticket_reply(ticket=second, author=agent, body="Looking into it.")
    assert len(through_casework.captured_queries) == len(alone.captured_queries)
