from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from customfields.models import FieldDefinition
from customfields.services import field_define
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tickets.models import Ticket

TXID = "0x" + "ab" * 32
TRON_HASH = "7c" * 32
ETH_ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"


@pytest.fixture
def admin(db: None) -> User:
    return make_agent(username="ada", role="admin", first_name="Ada")


@pytest.fixture
def admin_client(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def partner_team(db: None) -> Team:
    return make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)


@pytest.fixture
def partner(partner_team: Team) -> User:
    user = make_agent(username="pat", first_name="Pat")
    TeamMembershipFactory(team=partner_team, user=user)
    return user


@pytest.fixture
def partner_ticket(partner_team: Team, customer: Any) -> Ticket:
    return make_ticket(customer=customer, team=partner_team, subject="Deposit missing")


def define(admin: User, key: str, type: str, **kw: Any) -> FieldDefinition:
    kw.setdefault("label", key.replace("_", " ").title())
    return field_define(actor=admin, key=key, type=type, **kw)
