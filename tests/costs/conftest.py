import datetime as dt
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from costs.models import SpanSource, WorkSpan
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tickets.models import Ticket

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)  # a Monday


def at(minutes: float = 0, seconds: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member_of(team: Team, username: str, **fields: Any) -> User:
    user = make_agent(username=username, **fields)
    TeamMembershipFactory(team=team, user=user)
    return user


def span(
    ticket: Ticket, agent: User, start: dt.datetime, end: dt.datetime, source: str = SpanSource.PAGE
) -> WorkSpan:
    return WorkSpan.objects.create(
        ticket=ticket, agent=agent, source=source, started_at=start, ended_at=end, last_beat_at=end
    )


@pytest.fixture
def inhouse_team(db: None) -> Team:
    return make_team(name="Wallets", slug="wallets", is_default=True)


@pytest.fixture
def partner_team(db: None) -> Team:
    return make_team(name="Partner Desk", slug="partner-desk", is_outsourced=True)


@pytest.fixture
def ana(inhouse_team: Team) -> User:
    return member_of(inhouse_team, "ana")


@pytest.fixture
def pat(partner_team: Team) -> User:
    """An agent of the outsourced partner team."""
    return member_of(partner_team, "pat")


def case(team: Team, **fields: Any) -> Ticket:
    ticket = make_ticket(**fields)
    Ticket.objects.filter(pk=ticket.pk).update(team=team, assignee=None)
    ticket.refresh_from_db()
    return ticket
