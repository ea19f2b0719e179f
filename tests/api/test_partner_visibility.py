"""Agents of outsourced partner teams see their own team's work and nothing else."""

import pytest

from tests.factories import CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(partner_team):
    in_house = TeamFactory.create(name="In-house wallets", slug="in-house-wallets")
    return {
        "ours": TicketFactory.create(
            customer=CustomerFactory.create(external_id="EX-OURS"), team=partner_team
        ),
        "theirs": TicketFactory.create(
            customer=CustomerFactory.create(external_id="EX-THEIRS"), team=in_house
        ),
    }


def test_a_partner_agent_lists_only_its_teams_tickets(partner_client, api_client, tickets):
    partner_ids = [t["id"] for t in partner_client.get("/api/tickets/").json()["results"]]
    in_house_ids = [t["id"] for t in api_client.get("/api/tickets/").json()["results"]]
    assert partner_ids == [tickets["ours"].pk]
    assert sorted(in_house_ids) == sorted(t.pk for t in tickets.values())


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/tickets/{id}/", None),
        ("get", "/api/tickets/{ref}/", None),
        ("patch", "/api/tickets/{id}/", {"priority": "urgent"}),
        ("get", "/api/tickets/{id}/entries/", None),
        ("post", "/api/tickets/{id}/entries/", {"kind": "note", "body": "peek"}),
    ],
)
def test_a_partner_agent_gets_404_for_another_teams_ticket(
    partner_client, tickets, row_counts, method, path, payload
):
    hidden = tickets["theirs"]
    before = row_counts()
    url = path.format(id=hidden.pk, ref=hidden.reference)
    response = getattr(partner_client, method)(url, payload, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": "No such ticket", "status": 404, "code": "not_found"}
    assert row_counts() == before
    assert Ticket.objects.get(pk=hidden.pk).priority == 2


def test_a_partner_agent_works_its_own_teams_ticket(partner_client, tickets):
    ours = tickets["ours"]
    assert partner_client.get(f"/api/tickets/{ours.pk}/").status_code == 200
    response = partner_client.post(
        f"/api/tickets/{ours.pk}/entries/", {"kind": "reply", "body": "On it."}, format="json"
    )
    assert response.status_code == 201


def test_a_partner_agent_sees_only_the_customers_of_its_tickets(partner_client, tickets):
    listed = [c["external_id"] for c in partner_client.get("/api/customers/").json()["results"]]
    assert listed == ["EX-OURS"]
    hidden = tickets["theirs"].customer
    assert partner_client.get(f"/api/customers/{hidden.pk}/").status_code == 404
    assert partner_client.get("/api/customers/by-external-id/EX-THEIRS/").status_code == 404


def test_a_partner_agent_cannot_open_a_ticket_for_a_customer_it_cannot_see(
    partner_client, tickets, row_counts
):
    before = row_counts()
    response = partner_client.post(
        "/api/tickets/",
        {"customer_external_id": "EX-THEIRS", "subject": "s", "body": "b"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"customer_external_id": ["No such customer."]}
    assert row_counts() == before


def test_a_partner_agent_may_hand_work_only_to_its_own_team(partner_client, api_client, agent, tickets):
    ours = tickets["ours"]
    response = partner_client.patch(f"/api/tickets/{ours.pk}/", {"assignee": agent.pk}, format="json")
    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
    assert Ticket.objects.get(pk=ours.pk).assignee_id is None
