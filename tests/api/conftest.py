from typing import Any

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from customers.models import Customer
from tickets.models import Attachment, Ticket, TimelineEntry


@pytest.fixture
def supervisor_client(supervisor: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(supervisor)
    return client


@pytest.fixture
def partner_team(db: None) -> Any:
    from tests.factories import TeamFactory

    return TeamFactory.create(name="Partner desk", slug="partner-desk", is_outsourced=True)


@pytest.fixture
def partner(partner_team: Any) -> Any:
    """An agent of an outsourced partner team."""
    from tests.factories import AgentFactory, TeamMembershipFactory

    user = AgentFactory.create(username="pat", first_name="Pat", last_name="Partner")
    TeamMembershipFactory.create(team=partner_team, user=user)
    return user


@pytest.fixture
def partner_client(partner: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(partner)
    return client


@pytest.fixture
def row_counts() -> Any:
    """The rows a write could leave behind, to show that a refused request left none."""

    def counts() -> dict[str, int]:
        return {
            "tickets": Ticket.objects.count(),
            "entries": TimelineEntry.objects.count(),
            "attachments": Attachment.objects.count(),
            "audit": AuditEvent.objects.count(),
            "customers": Customer.objects.count(),
        }

    return counts
