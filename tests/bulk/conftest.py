from typing import Any

import pytest
from django.test import Client

from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory, make_customer, make_ticket


@pytest.fixture
def general(db: None) -> Any:
    return TeamFactory.create(name="General support", slug="general")


@pytest.fixture
def partner_team(db: None) -> Any:
    return TeamFactory.create(name="Partner BPO", slug="partner-bpo", is_outsourced=True)


@pytest.fixture
def partner_agent(partner_team: Any) -> Any:
    user = AgentFactory.create(username="pat", first_name="Pat", last_name="Partner")
    TeamMembershipFactory.create(team=partner_team, user=user)
    return user


@pytest.fixture
def bob(general: Any) -> Any:
    user = AgentFactory.create(username="bob", first_name="Bob", last_name="Agent")
    TeamMembershipFactory.create(team=general, user=user)
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tickets(n: int, *, team: Any, customer: Any = None, **kwargs: Any) -> list[Any]:
    customer = customer or make_customer()
    return [make_ticket(customer=customer, team=team, subject=f"Case {i}", **kwargs) for i in range(n)]
