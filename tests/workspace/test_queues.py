import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.services import ticket_assign, ticket_set_status
from customers.models import VipLevel
from tests.factories import CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Priority, Status
from tickets.services import ticket_set_tags

pytestmark = pytest.mark.django_db

QUEUE = reverse("tickets:queue")


def _rows(response) -> str:
    return response.content.decode().split('<section id="queue-results"', 1)[1]


def test_my_queue_shows_my_unresolved_tickets_and_nothing_else(agent_client: Client, agent, supervisor):
    mine = TicketFactory.create(subject="Mine and open")
    solved = TicketFactory.create(subject="Mine but solved")
    TicketFactory.create(subject="Nobody's")
    for t in (mine, solved):
        ticket_assign(ticket=t, actor=supervisor, assignee=agent)
    ticket_set_status(ticket=solved, actor=agent, status=Status.SOLVED)

    rows = _rows(agent_client.get(QUEUE))
    assert "Mine and open" in rows
    assert "Mine but solved" not in rows
    assert "Nobody&#x27;s" not in rows


def test_the_tabs_count_what_each_queue_holds(agent_client: Client, agent, supervisor):
    vip = CustomerFactory.create(vip_level=VipLevel.VIP2)
    TicketFactory.create(customer=vip)
    TicketFactory.create()
    ticket_assign(ticket=TicketFactory.create(), actor=supervisor, assignee=agent)

    response = agent_client.get(QUEUE)
    assert response.context["counts"] == {"mine": 1, "team": 0, "unassigned": 2, "vip": 1}


def test_the_unassigned_queue_lists_waiting_tickets_newest_first(agent_client: Client):
    older = TicketFactory.create(subject="Older case")
    newer = TicketFactory.create(subject="Newer case")
    response = agent_client.get(QUEUE, {"queue": "unassigned"})
    assert [t.pk for t in response.context["tickets"]] == [newer.pk, older.pk]


def test_filters_narrow_the_queue(agent_client: Client):
    TicketFactory.create(subject="Urgent one", priority=Priority.URGENT)
    TicketFactory.create(subject="Calm one", priority=Priority.LOW)
    rows = _rows(agent_client.get(QUEUE, {"queue": "all", "priority": str(Priority.URGENT.value)}))
    assert "Urgent one" in rows
    assert "Calm one" not in rows


def test_a_ticket_reference_in_the_search_opens_that_ticket(agent_client: Client, ticket):
    response = agent_client.get(QUEUE, {"queue": "all", "q": ticket.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:ticket-detail", args=[ticket.pk])


def test_search_matches_an_email_only_in_full(agent_client: Client):
    customer = CustomerFactory.create(email="satoshi@mail.example")
    TicketFactory.create(customer=customer, subject="Lost my seed phrase")
    found = _rows(agent_client.get(QUEUE, {"queue": "all", "q": "SATOSHI@mail.example"}))
    partial = _rows(agent_client.get(QUEUE, {"queue": "all", "q": "satoshi@"}))
    assert "Lost my seed phrase" in found
    assert "Lost my seed phrase" not in partial


def test_older_pages_follow_the_last_row_without_repeating_it(agent_client: Client, settings):
    settings.HELPDESK_QUEUE_PAGE_SIZE = 2
    tickets = [TicketFactory.create() for _ in range(3)]
    first = agent_client.get(QUEUE, {"queue": "all"})
    assert [t.pk for t in first.context["tickets"]] == [tickets[2].pk, tickets[1].pk]
    assert first.context["older"] == tickets[1].pk

    second = agent_client.get(QUEUE, {"queue": "all", "before": first.context["older"]})
    assert [t.pk for t in second.context["tickets"]] == [tickets[0].pk]
    assert second.context["older"] is None


def test_a_queue_page_costs_the_same_queries_for_three_rows_or_thirty(agent_client: Client, agent):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert agent_client.get(QUEUE, {"queue": "all"}).status_code == 200
        return len(queries)

    for _ in range(3):
        ticket_set_tags(ticket=TicketFactory.create(), actor=agent, tags=["withdrawal"])
    few = count()
    for _ in range(27):
        ticket_set_tags(
            ticket=TicketFactory.create(customer=CustomerFactory.create()), actor=agent, tags=["kyc", "vip"]
        )
    assert count() == few


def test_the_refresh_returns_only_the_rows(agent_client: Client, ticket):
    response = agent_client.get(QUEUE, {"queue": "all"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith("<section") or "<html" not in body
    assert ticket.subject in body
    assert "HX-Request" in response["Vary"]


def test_partner_agents_see_only_their_teams_tickets(partner_client: Client, partner_team):
    TicketFactory.create(subject="In-house case", team=TeamFactory.create(name="Wallets"))
    TicketFactory.create(subject="Partner case", team=partner_team)
    rows = _rows(partner_client.get(QUEUE, {"queue": "all"}))
    assert "Partner case" in rows
    assert "In-house case" not in rows
