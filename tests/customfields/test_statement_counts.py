"""The fields card on the ticket page reads in two statements however many fields there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customfields.services import ticket_fields_set
from tests.customfields.conftest import define


def _page(client, ticket) -> tuple[int, list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries], response.content.decode()


def _fields(sql: list[str]) -> int:
    return sum("customfields_" in s for s in sql)


def test_the_card_takes_two_statements_for_2_or_20_fields(admin, ticket, agent, agent_client):
    for n in range(2):
        define(admin, f"text_{n}", "text")
    ticket_fields_set(ticket=ticket, actor=agent, values={"text_0": "a", "text_1": "b"})
    _page(agent_client, ticket)  # warm the per-process caches
    few, sql, page = _page(agent_client, ticket)
    # the active definitions, the ticket's values of them
    assert _fields(sql) == 2
    assert page.count('name="cf_text_') == 2
    for n in range(2, 20):
        define(admin, f"text_{n}", "text")
        ticket_fields_set(ticket=ticket, actor=agent, values={f"text_{n}": str(n)})
    many, sql, page = _page(agent_client, ticket)
    assert _fields(sql) == 2
    assert page.count('name="cf_text_') == 20
    assert many == few


def test_without_fields_the_card_costs_one_statement_and_shows_nothing(ticket, agent_client):
    _count, sql, page = _page(agent_client, ticket)
    assert _fields(sql) == 1
    assert "data-custom-fields" not in page
