"""Partner agents take no bulk copies: the API pages them at the default size whatever they ask for,
its customer list is masked for them like for everyone, and the audit export is not theirs."""

import pytest

from tests.factories import CustomerFactory, make_ticket
from tests.routing.clean_room_world import build_clean_room, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    room = build_clean_room()
    for _ in range(55):
        make_ticket(customer=CustomerFactory.create(), team=room.partner_team)
    return room


def test_a_partner_agent_pages_at_the_default_size_whatever_they_ask(room):
    response = token_client(room.partner).get("/api/tickets/?page_size=200")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
    assert response.json()["next"]


def test_an_in_house_agent_may_ask_for_bigger_pages(room):
    response = token_client(room.agent).get("/api/tickets/?page_size=200")
    assert len(response.json()["results"]) == 56


def test_a_partner_agent_may_ask_for_smaller_pages(room):
    assert len(token_client(room.partner).get("/api/tickets/?page_size=10").json()["results"]) == 10


def test_the_customer_list_is_masked_for_a_partner_agent(room):
    body = token_client(room.partner).get("/api/customers/?page_size=200").content.decode()
    assert "kim@mail.example" not in body and "+4915112345678" not in body


def test_a_partner_agent_takes_no_audit_export(room):
    response = token_client(room.partner).post("/api/audit/exports/", {}, format="json")
    assert response.status_code in (403, 404)
