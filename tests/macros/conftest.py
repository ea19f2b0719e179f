from typing import Any

import pytest

from accounts.models import User
from macros.models import Macro
from macros.services import macro_create
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tickets.models import Ticket


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


@pytest.fixture
def partner_ticket(partner_team: Team, customer: Any) -> Ticket:
    return make_ticket(customer=customer, team=partner_team, subject="Deposit missing")


def shared(
    actor: User, title: str = "Greeting", body: str = "Hello {{customer.first_name}}", **kw: Any
) -> Macro:
    return macro_create(
        actor=actor, title=title, scope="shared", variants={"": body, **kw.pop("more", {})}, **kw
    )


def personal(actor: User, title: str = "Mine", body: str = "Best, {{agent.first_name}}", **kw: Any) -> Macro:
    return macro_create(actor=actor, title=title, scope="personal", variants={"": body}, **kw)
