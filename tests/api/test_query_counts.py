"""List endpoints cost a fixed number of queries, whatever the page size."""

import pytest
from rest_framework.test import APIClient

from casework.services import ticket_assign
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.attachments import IncomingFile
from tickets.models import Ticket
from tickets.services import ticket_note, ticket_set_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_tickets(db):
    agents = [AgentFactory.create() for _ in range(3)]
    teams = [TeamFactory.create() for _ in range(3)]
    tickets = []
    for n in range(55):
        ticket = TicketFactory.create(customer=CustomerFactory.create(), team=teams[n % 3])
        ticket_assign(ticket=ticket, actor=None, assignee=agents[n % 3])
        ticket_set_tags(ticket=ticket, actor=None, tags=[f"tag{n % 4}", "api"])
        tickets.append(ticket)
    return tickets


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_page_of_tickets_takes_two_queries(api_client, many_tickets, django_assert_num_queries, page_size):
    # Whether the user is a partner agent, the page of tickets with their relations and tags.
    with django_assert_num_queries(2):
        response = api_client.get(f"/api/tickets/?page_size={page_size}&status=open")
    rows = response.json()["results"]
    assert len(rows) == page_size
    assert all(row["assignee"] and row["team"] and len(row["tags"]) == 2 for row in rows)


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_filtered_page_of_tickets_takes_two_queries_too(
    api_client, many_tickets, django_assert_num_queries, page_size
):
    # A tag filter goes through DRF's filter backend (workspace/ticket_list.py): the same two.
    with django_assert_num_queries(2):
        response = api_client.get(f"/api/tickets/?page_size={page_size}&queue=all&tag=api&channel=email")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_page_of_customers_takes_two_queries(
    api_client, many_tickets, django_assert_num_queries, page_size
):
    with django_assert_num_queries(2):
        response = api_client.get(f"/api/customers/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_page_of_the_timeline_takes_four_queries(api_client, agent, django_assert_num_queries, page_size):
    ticket = TicketFactory.create(customer=CustomerFactory.create(), team=TeamFactory.create())
    for n in range(55):
        files = [IncomingFile(filename=f"log{n}.txt", content=b"line\n")] if n % 2 else []
        ticket_note(ticket=ticket, author=agent, body=f"note {n}", attachments=files)
    # Whether the user is a partner agent, the ticket, the entries with their authors, the attachments.
    with django_assert_num_queries(4):
        response = api_client.get(f"/api/tickets/{ticket.pk}/entries/?page_size={page_size}")
    rows = response.json()["results"]
    assert len(rows) == page_size
    assert any(row["attachments"] for row in rows)


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_partner_agents_page_costs_the_same(
    partner_client, partner_team, django_assert_num_queries, page_size
):
    for _ in range(55):
        TicketFactory.create(customer=CustomerFactory.create(), team=partner_team)
    with django_assert_num_queries(2):
        response = partner_client.get(f"/api/tickets/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
    assert Ticket.objects.count() == 55


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&status=open",
        "&status=open&status=new&priority=high",
        "&queue=unassigned",
        "&team=1",
        "&cursor=cD0xMDAwMDA%3D",
    ],
)
def test_a_page_by_api_token_takes_the_token_and_the_page_whether_prepared_or_planned(
    many_tickets, supervisor, django_assert_num_queries, query
):
    from rest_framework.authtoken.models import Token

    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=supervisor).key}")
    # The same page three times: the first prepares its statements, the next run them prepared.
    for _ in range(3):
        with django_assert_num_queries(2) as captured:
            response = client.get(f"/api/tickets/?page_size=50{query}")
        assert response.status_code == 200
        assert "authtoken_token" in captured.captured_queries[0]["sql"]
        assert len(response.json()["results"]) <= 50
