from typing import Any

import pytest
from django.test import Client

from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory, TicketFactory


@pytest.fixture
def inhouse_team(db: None) -> Any:
    return TeamFactory.create(name="General support", slug="general")


@pytest.fixture
def ticket(customer: Any, inhouse_team: Any) -> Any:
    """A ticket of an in-house team: with a team given, routing leaves it where it is."""
    return TicketFactory.create(customer=customer, team=inhouse_team)


@pytest.fixture
def partner_team(db: None) -> Any:
    return TeamFactory.create(name="Partner BPO", slug="partner-bpo", is_outsourced=True)


@pytest.fixture
def partner_agent(partner_team: Any) -> Any:
    user = AgentFactory.create(username="pat", first_name="Pat", last_name="Partner")
    TeamMembershipFactory.create(team=partner_team, user=user)
    return user


@pytest.fixture
def partner_client(partner_agent: Any) -> Client:
    client = Client()
    client.force_login(partner_agent)
    return client


@pytest.fixture
def supervisor_client(supervisor: Any) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client
