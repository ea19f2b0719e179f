"""Every look a partner agent takes at a customer is audited, one record per view: the ticket page, the
customer's page, the API's customer and ticket, the exchange panel. In-house agents' looks are not
recorded here, and a partner's record costs one INSERT."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.routing.clean_room_world import CleanRoom, build_clean_room, page_client

pytestmark = pytest.mark.django_db

VIEWED = "customers.customer.viewed"


@pytest.fixture
def room() -> CleanRoom:
    return build_clean_room()


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _views() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=VIEWED).order_by("id"))


def _urls(room: CleanRoom) -> dict[str, tuple[str, str]]:
    return {
        "ticket page": ("page", f"/tickets/{room.ticket.pk}/"),
        "customer page": ("page", f"/customers/{room.customer.pk}/"),
        "API customer": ("api", f"/api/customers/{room.customer.pk}/"),
        "API ticket": ("api", f"/api/tickets/{room.ticket.pk}/"),
        "API exchange panel": ("api", f"/api/exchange/tickets/{room.ticket.pk}/"),
        "exchange panel": ("page", f"/exchange/tickets/{room.ticket.pk}/panel/"),
    }


@pytest.mark.parametrize(
    "view",
    ["ticket page", "customer page", "API customer", "API ticket", "API exchange panel", "exchange panel"],
)
def test_a_partner_agents_look_at_a_customer_is_audited_once(
    room: CleanRoom, view: str, reference_exchange: Any
):
    kind, url = _urls(room)[view]
    client = page_client(room.partner) if kind == "page" else _api(room.partner)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    (event,) = _views()
    assert event.actor == room.partner
    assert (event.object_type, event.object_id) == ("customers.customer", str(room.customer.pk))
    assert (event.after or {})["path"] == url
    assert (event.after or {})["ticket"] == (None if "customer" in view else room.ticket.pk)


def test_each_look_is_one_record(room: CleanRoom):
    client = page_client(room.partner)
    for _ in range(3):
        client.get(f"/customers/{room.customer.pk}/")
    assert len(_views()) == 3


def test_an_in_house_agents_look_is_not_recorded_as_a_partners(room: CleanRoom):
    room.ticket.team = None
    room.ticket.save(update_fields=["team"])
    assert page_client(room.agent).get(f"/tickets/{room.ticket.pk}/").status_code == 200
    assert _api(room.agent).get(f"/api/customers/{room.customer.pk}/").status_code == 200
    assert _views() == []


def _statements(client: Any, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("url", ["/customers/{customer}/", "/tickets/{ticket}/"])
def test_the_record_costs_one_insert_and_nothing_else(room: CleanRoom, url: str):
    """The same page for an in-house agent of the same team and for the partner: the partner's costs one
    statement more, the INSERT of the audit record."""
    from routing.models import Team

    path = url.format(customer=room.customer.pk, ticket=room.ticket.pk)
    # An in-house agent who sees the same case: in a team that is not outsourced, then the case moved.
    in_house = Team.objects.get(slug="in-house")
    room.ticket.team = in_house
    room.ticket.save(update_fields=["team"])
    baseline = _statements(page_client(room.agent), path)
    room.ticket.team = room.partner_team
    room.ticket.save(update_fields=["team"])
    partner = _statements(page_client(room.partner), path)
    inserts = [sql for sql in partner if sql.startswith("INSERT") and "audit_auditevent" in sql]
    assert len(inserts) == 1
    assert len(partner) - len(baseline) == 1
