"""POST /api/tickets/next/: an agent claims the most urgent case waiting for them, within capacity."""

import pytest

from routing.models import AgentStatus
from tests.factories import make_agent, make_ticket
from tests.routing.conftest import api_as, member
from tickets.models import Priority, Status, Ticket

pytestmark = pytest.mark.django_db


def test_get_next_assigns_the_most_urgent_waiting_case_and_returns_it(general_team):
    puller = member(general_team, "puller", online=False)
    make_ticket(priority=Priority.NORMAL)
    urgent = make_ticket(priority=Priority.URGENT)
    response = api_as(puller).post("/api/tickets/next/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["reference"], body["status"]) == (urgent.pk, urgent.reference, "open")
    assert body["assignee"]["username"] == "puller"
    assert body["routing"]["team_name"] == "General"
    urgent.refresh_from_db()
    assert (urgent.assignee, urgent.status) == (puller, Status.OPEN)
    assigned = urgent.entries.get(data__event="assigned")
    assert assigned.data["how"] == "get_next"


def test_get_next_answers_204_when_nothing_waits_for_the_agent(general_team, wallets_team):
    specialist = member(wallets_team, "specialist", online=False)
    make_ticket()  # a general case, not one for wallets
    response = api_as(specialist).post("/api/tickets/next/")
    assert response.status_code == 204
    assert response.content == b""
    assert not Ticket.objects.filter(assignee=specialist).exists()


def test_an_agent_in_no_team_gets_nothing(general_team):
    make_ticket()
    assert api_as(make_agent(username="loner")).post("/api/tickets/next/").status_code == 204


def test_get_next_stops_at_the_agents_capacity(general_team):
    puller = member(general_team, "puller", online=False)
    AgentStatus.objects.create(user=puller, ticket_capacity=2)
    for _ in range(4):
        make_ticket()
    client = api_as(puller)
    answers = [client.post("/api/tickets/next/").status_code for _ in range(4)]
    assert answers == [200, 200, 204, 204]
    assert Ticket.objects.filter(assignee=puller).count() == 2
