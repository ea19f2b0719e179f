import base64

import pytest

from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Ticket
from tickets.services import ticket_note

pytestmark = pytest.mark.django_db


def _walk(client, url):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    return seen, pages


def test_cursor_pages_walk_every_ticket_newest_first_exactly_once(api_client, customer):
    created = [TicketFactory.create(customer=customer).pk for _ in range(7)]
    seen, pages = _walk(api_client, "/api/tickets/?page_size=3")
    assert seen == sorted(created, reverse=True)
    assert pages == 3


def test_a_ticket_changed_while_paging_is_neither_skipped_nor_repeated(api_client, agent, customer):
    created = [TicketFactory.create(customer=customer).pk for _ in range(4)]
    first = api_client.get("/api/tickets/?page_size=2").json()
    ticket_note(ticket=Ticket.objects.get(pk=created[0]), author=agent, body="bump")
    second = api_client.get(first["next"]).json()
    seen = [t["id"] for t in first["results"] + second["results"]]
    assert seen == sorted(created, reverse=True)


def test_the_timeline_pages_oldest_first(api_client, agent, ticket):
    for n in range(4):
        ticket_note(ticket=ticket, author=agent, body=f"note {n}")
    seen, _pages = _walk(api_client, f"/api/tickets/{ticket.pk}/entries/?page_size=2")
    assert seen == sorted(ticket.entries.values_list("id", flat=True))


def test_customers_page_newest_first(api_client):
    created = [CustomerFactory.create().pk for _ in range(5)]
    seen, pages = _walk(api_client, "/api/customers/?page_size=2")
    assert seen == sorted(created, reverse=True)
    assert pages == 3


def test_page_size_is_capped(api_client, customer):
    for _ in range(3):
        TicketFactory.create(customer=customer)
    assert len(api_client.get("/api/tickets/?page_size=100000").json()["results"]) == 3
    assert len(api_client.get("/api/tickets/?page_size=1").json()["results"]) == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"p=1;DROP TABLE").decode(),
        base64.b64encode(b"o=x").decode(),
        base64.b64encode(b"p=99999999999999999999999").decode(),
    ],
)
def test_a_forged_or_broken_cursor_is_a_400(api_client, ticket, cursor):
    response = api_client.get("/api/tickets/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["message"] == "cursor: This cursor is not valid; start again from the first page."
