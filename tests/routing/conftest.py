from typing import Any

import pytest
from django.utils import timezone

from routing.models import AgentStatus, Presence
from tests.factories import TeamMembershipFactory, make_agent, make_team


def make_online(user: Any, **capacity: Any) -> AgentStatus:
    status, _ = AgentStatus.objects.update_or_create(
        user=user, defaults={"presence": Presence.ONLINE, "last_seen_at": timezone.now(), **capacity}
    )
    return status


@pytest.fixture
def wallets_team(db: None) -> Any:
    return make_team(
        name="Wallets",
        slug="wallets",
        tier=2,
        skills=["wallets"],
        languages=["en"],
        ticket_capacity=3,
        chat_capacity=2,
    )


@pytest.fixture
def general_team(db: None) -> Any:
    return make_team(name="General", slug="general", tier=1, languages=["en", "es"], ticket_capacity=3)


def member(team: Any, username: str, online: bool = True) -> Any:
    user = make_agent(username=username)
    TeamMembershipFactory(team=team, user=user)
    if online:
        make_online(user)
    return user
