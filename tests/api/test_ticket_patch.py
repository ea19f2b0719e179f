import pytest

from audit.models import AuditEvent
from casework.services import ticket_set_status
from tests.factories import AgentFactory, TeamFactory
from tickets.models import EntryKind, Priority, Status, Ticket

pytestmark = pytest.mark.django_db


def _events(ticket):
    return [e.data["event"] for e in ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT).order_by("id")]


def test_one_patch_changes_each_field_through_its_service(api_client, agent, ticket):
    colleague = AgentFactory.create(username="bob")
    team = TeamFactory.create(name="Wallets", slug="wallets", tier=2)
    events_before = _events(ticket)
    response = api_client.patch(
        f"/api/tickets/{ticket.pk}/",
        {
            "assignee": colleague.pk,
            "team": team.pk,
            "priority": "high",
            "subject": "Withdrawal stuck since Monday",
            "tier": 2,
            "tags": ["eth", "withdrawal"],
            "status": "pending",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["priority"] == "high"
    assert body["status"] == Status.PENDING
    assert body["assignee"]["username"] == "bob"
    assert body["team"]["id"] == team.pk
    assert body["tags"] == ["eth", "withdrawal"]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.tier, ticket.subject) == (
        Priority.HIGH,
        2,
        "Withdrawal stuck since Monday",
    )
    assert _events(ticket)[len(events_before) :] == [
        "assigned",
        "team_changed",
        "status_changed",  # assigning a new ticket opens it
        "priority_changed",
        "tier_changed",
        "subject_changed",
        "tags_changed",
        "status_changed",
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(ticket.pk), actor=agent).values_list("action", flat=True)
    )
    assert actions == {"ticket.assigned", "ticket.status_changed", "ticket.updated", "ticket.tags_changed"}


def test_null_unassigns_but_a_ticket_cannot_be_taken_out_of_every_team(api_client, agent, ticket):
    team = TeamFactory.create()
    api_client.patch(f"/api/tickets/{ticket.pk}/", {"assignee": agent.pk, "team": team.pk}, format="json")
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", {"assignee": None, "team": None}, format="json")
    assert response.status_code == 400
    assert "always belongs to a team" in str(response.json())
    ticket.refresh_from_db()
    assert (ticket.assignee_id, ticket.team_id) == (agent.pk, team.pk)
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", {"assignee": None}, format="json")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.assignee_id, ticket.team_id) == (None, team.pk)
    assert _events(ticket)[-1] == "unassigned"


def test_a_ticket_is_found_by_its_reference_as_well_as_its_id(api_client, ticket):
    by_reference = api_client.get(f"/api/tickets/{ticket.reference}/")
    by_lower_case = api_client.get(f"/api/tickets/{ticket.reference.lower()}/")
    by_id = api_client.get(f"/api/tickets/{ticket.pk}/")
    assert by_reference.status_code == by_lower_case.status_code == by_id.status_code == 200
    assert by_reference.json() == by_id.json()
    patched = api_client.patch(f"/api/tickets/{ticket.reference}/", {"category": "kyc"}, format="json")
    assert patched.json()["category"] == "kyc"


def test_a_patch_refused_half_way_leaves_nothing_written(api_client, ticket, row_counts):
    ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    before = row_counts()
    # The priority change is valid and applied first; the status move (solved -> pending) is not.
    response = api_client.patch(
        f"/api/tickets/{ticket.pk}/",
        {"priority": "urgent", "tags": ["vip"], "status": "pending"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "a ticket cannot go from Solved to Pending",
        "status": 400,
        "code": "bad_transition",
    }
    assert row_counts() == before
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert ticket.status == Status.SOLVED
    assert not ticket.tags.exists()


@pytest.mark.parametrize(
    "change",
    [{"priority": "low"}, {"subject": "new"}, {"tags": ["x"]}, {"status": "open"}, {"status": "closed"}],
)
def test_a_closed_ticket_cannot_be_changed(api_client, agent, ticket, row_counts, change):
    api_client.patch(f"/api/tickets/{ticket.pk}/", {"assignee": agent.pk}, format="json")
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    before = row_counts()
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", change, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "closed"
    assert response.json()["message"] == "this ticket is closed; open a follow-up ticket instead"
    assert row_counts() == before
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_unknown_fields_are_refused_rather_than_ignored(api_client, ticket, row_counts):
    before = row_counts()
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", {"statuss": "open"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"statuss": ["Unknown field."]}
    assert row_counts() == before
