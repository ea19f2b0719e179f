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


def api_as(user: Any) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def routing_admin(db: None) -> Any:
    return make_agent(username="ada", role="admin", first_name="Ada", last_name="Admin")


@pytest.fixture
def admin_api(routing_admin: Any) -> Any:
    return api_as(routing_admin)


@pytest.fixture
def supervisor_api(supervisor: Any) -> Any:
    return api_as(supervisor)


def changes(event: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """An audit event's before and after, empty when it has none."""
    return event.before or {}, event.after or {}
