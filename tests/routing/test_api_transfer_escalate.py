"""POST /api/tickets/<id>/transfer/ and /escalate/: the case moves, and the timeline says so."""

import pytest

from audit.models import AuditEvent
from casework.services import ticket_set_status
from routing.models import Tier
from tests.factories import make_team, make_ticket
from tests.routing.conftest import api_as, member
from tickets.models import Category, EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def executives(db):
    return make_team(name="Executive desk", slug="executive", tier=Tier.EXECUTIVE, languages=[])


def test_an_agent_transfers_a_ticket_by_reference_to_a_team_by_slug(
    api_client, agent, general_team, wallets_team
):
    ticket = make_ticket(category=Category.WITHDRAWAL)
    response = api_client.post(
        f"/api/tickets/{ticket.reference}/transfer/",
        {"team": "wallets", "note": "Needs the on-chain desk."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["team"]["slug"], body["tier"], body["assignee"]) == ("wallets", 2, None)
    event = ticket.entries.get(data__event="transferred")
    assert (event.author, event.data["to_name"], event.data["from"]) == (agent, "Wallets", general_team.pk)
    note = ticket.entries.get(kind=EntryKind.INTERNAL_NOTE)
    assert note.body == "Needs the on-chain desk."
    assert AuditEvent.objects.filter(action="ticket.transferred", actor=agent).count() == 1


def test_a_team_may_be_named_by_its_id(api_client, general_team, wallets_team):
    ticket = make_ticket()
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/transfer/", {"team": wallets_team.pk}, format="json"
    )
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).team == wallets_team


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"team": "moon-desk"}, "team: No such team."),
        ({"team": 99999}, "team: No such team."),
        ({}, "team: This field is required."),
        ({"team": "general"}, "the ticket is already with that team"),
        ({"team": "wallets", "reason": "x"}, "reason: Unknown field."),
    ],
)
def test_a_bad_transfer_is_refused_and_the_ticket_stays(
    api_client, general_team, wallets_team, body, message
):
    ticket = make_ticket()
    response = api_client.post(f"/api/tickets/{ticket.pk}/transfer/", body, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert Ticket.objects.get(pk=ticket.pk).team == general_team
    assert not ticket.entries.filter(data__event="transferred").exists()


def test_a_closed_ticket_cannot_be_transferred(api_client, general_team, wallets_team):
    ticket = make_ticket()
    ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=None, status=Status.CLOSED)
    response = api_client.post(f"/api/tickets/{ticket.pk}/transfer/", {"team": "wallets"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "a closed ticket cannot be transferred",
        "status": 400,
        "code": "closed",
    }


def test_a_partner_agent_cannot_move_a_ticket_outside_their_teams(general_team, wallets_team):
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = member(partner_team, "pat", online=False)
    ticket = make_ticket()
    client = api_as(partner)
    assert (
        client.post(f"/api/tickets/{ticket.pk}/transfer/", {"team": "wallets"}, format="json").status_code
        == 404
    )
    assert client.post(f"/api/tickets/{ticket.pk}/escalate/", {}, format="json").status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).team == general_team


def test_escalation_sends_a_ticket_to_the_next_tier_team_with_its_skill(
    api_client, agent, general_team, wallets_team
):
    ticket = make_ticket(category=Category.WITHDRAWAL)
    response = api_client.post(
        f"/api/tickets/{ticket.reference}/escalate/", {"note": "Stuck on-chain."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["team"]["slug"], response.json()["tier"]) == ("wallets", 2)
    event = ticket.entries.get(data__event="escalated")
    assert (event.author, event.data["tier"], event.data["note"]) == (agent, 2, "Stuck on-chain.")
    assert AuditEvent.objects.filter(action="ticket.escalated").count() == 1


def test_a_ticket_at_the_executive_tier_cannot_be_escalated(api_client, general_team, executives):
    ticket = make_ticket()
    api_client.post(f"/api/tickets/{ticket.pk}/transfer/", {"team": "executive"}, format="json")
    response = api_client.post(f"/api/tickets/{ticket.pk}/escalate/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "the ticket is already at the executive tier"
    assert Ticket.objects.get(pk=ticket.pk).team == executives


def test_an_unknown_ticket_is_a_404(api_client, general_team):
    assert (
        api_client.post("/api/tickets/HD-424242/transfer/", {"team": "general"}, format="json").status_code
        == 404
    )
    assert api_client.post("/api/tickets/not-a-ticket/escalate/", {}, format="json").status_code == 404
