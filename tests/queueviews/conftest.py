from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tickets.models import Ticket

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text search and its index are PostgreSQL's"
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def partner_team(db: None) -> Team:
    return make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)


@pytest.fixture
def inhouse_team(db: None) -> Team:
    return make_team(name="General", slug="general")


@pytest.fixture
def partner(partner_team: Team) -> User:
    user = make_agent(username="pat", first_name="Pat")
    TeamMembershipFactory(team=partner_team, user=user)
    return user


def ticket_in(team: Team | None, customer: Any, subject: str, body: str, **kw: Any) -> Ticket:
    ticket = make_ticket(customer=customer, subject=subject, body=body, route=False, **kw)
    if team is not None:
        Ticket.objects.filter(pk=ticket.pk).update(team=team)
        ticket.refresh_from_db()
    return ticket
