"""The queue page and GET /api/tickets/ filter by field value: equal, and ranges for numbers, amounts and
dates; in a fixed number of statements, the filter inside the page's own statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customfields.services import ticket_fields_set
from tests.customfields.conftest import TRON_HASH, TXID, define
from tests.factories import make_ticket


@pytest.fixture
def setup(admin, customer, agent):
    define(admin, "txid", "txid", partner_visible=True)
    define(admin, "amount", "decimal")
    define(admin, "sent_on", "date")
    define(admin, "confirmed", "checkbox")
    tickets = [make_ticket(customer=customer, subject=f"Case {n}") for n in range(4)]
    values: list[dict[str, object]] = [
        {"txid": TXID, "amount": "10.5", "sent_on": "2026-12-01", "confirmed": True},
        {"txid": TRON_HASH, "amount": "10.500000000000000001", "sent_on": "2026-12-05"},
        {"amount": "0.000000000000000001", "sent_on": "2026-11-30"},
        {},
    ]
    for ticket, these in zip(tickets, values, strict=True):
        if these:
            ticket_fields_set(ticket=ticket, actor=agent, values=these)
    return tickets


def api_ids(client, query):
    response = client.get(f"{reverse('api:ticket-list')}?{query}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_api_filters_by_equal_value_and_by_range(setup, api_client):
    a, b, c, d = (t.pk for t in setup)
    assert api_ids(api_client, f"cf_txid={TXID.upper().replace('0X', '0x')}") == {a}  # normalised as stored
    assert api_ids(api_client, "cf_amount=10.5") == {a}
    assert api_ids(api_client, "cf_amount__gte=10.5") == {a, b}
    assert api_ids(api_client, "cf_amount__gte=10.500000000000000001") == {b}  # the 18th decimal counts
    assert api_ids(api_client, "cf_amount__lte=10.5") == {a, c}
    assert api_ids(api_client, "cf_sent_on__gte=2026-12-01&cf_sent_on__lte=2026-12-04") == {a}
    assert api_ids(api_client, "cf_confirmed=true") == {a}
    assert api_ids(api_client, "cf_confirmed=false") >= {b, c, d}
    assert a not in api_ids(api_client, "cf_confirmed=false")
    assert api_ids(api_client, "cf_txid=&status=new") >= {a, b, c, d}  # empty: no filter


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cf_nope=1", "There is no custom field nope."),
        ("cf_amount=1,5", "no separators"),
        ("cf_txid__gte=1", "__gte and __lte"),
        ("cf_amount__like=1", "__gte and __lte"),
        ("cf_sent_on__lte=yesterday", "YYYY-MM-DD"),
    ],
)
def test_the_api_refuses_an_unknown_field_or_a_bad_value(setup, api_client, query, message):
    response = api_client.get(f"{reverse('api:ticket-list')}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_partners_cannot_filter_by_a_field_they_do_not_see(setup, partner, partner_team):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(partner)
    assert client.get(f"{reverse('api:ticket-list')}?cf_amount__gte=1").status_code == 400
    assert client.get(f"{reverse('api:ticket-list')}?cf_txid={TXID}").status_code == 200


def test_the_queue_page_filters_by_value(setup, agent_client):
    a, b, _c, _d = setup
    page = agent_client.get(reverse("tickets:queue"), {"queue": "all", "cf_txid": TRON_HASH}).content.decode()
    assert b.reference in page and a.reference not in page
    # A value that does not validate is left out, as the page's other filters are.
    page = agent_client.get(reverse("tickets:queue"), {"queue": "all", "cf_amount": "x"}).content.decode()
    assert a.reference in page and b.reference in page


def test_filtering_the_api_list_takes_the_same_statements_for_few_or_many_tickets(
    admin, customer, agent, api_client
):
    define(admin, "asset", "text")
    url = f"{reverse('api:ticket-list')}?cf_asset=USDT&page_size=100"

    def count() -> tuple[int, int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            rows = api_client.get(url).json()["results"]
        return len(queries), len(rows), [q["sql"] for q in queries]

    for _ in range(3):
        ticket_fields_set(ticket=make_ticket(customer=customer), actor=agent, values={"asset": "USDT"})
    few, rows, _sql = count()
    for _ in range(27):
        ticket_fields_set(ticket=make_ticket(customer=customer), actor=agent, values={"asset": "USDT"})
    many, more, sql = count()
    assert (rows, more) == (3, 30)
    assert few == many
    # One statement reads the definitions the query names; the filter rides in the page's statement.
    assert sum("customfields_fielddefinition" in s for s in sql) == 1
    assert sum("customfields_fieldvalue" in s for s in sql) == 1


def test_the_queue_page_filtered_takes_the_same_statements_for_few_or_many_tickets(
    admin, customer, agent, agent_client
):
    define(admin, "asset", "text")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                agent_client.get(reverse("tickets:queue"), {"queue": "all", "cf_asset": "USDT"}).status_code
                == 200
            )
        return len(queries)

    for _ in range(3):
        ticket_fields_set(ticket=make_ticket(customer=customer), actor=agent, values={"asset": "USDT"})
    count()  # warm the per-process caches
    few = count()
    for _ in range(27):
        ticket_fields_set(ticket=make_ticket(customer=customer), actor=agent, values={"asset": "USDT"})
    assert count() == few


def test_the_search_api_filters_by_field_and_refuses_a_filter_it_cannot_apply(setup, api_client):
    a, b, c, d = (t.pk for t in setup)
    url = reverse("api:ticket-search")

    def ids(**params):
        response = api_client.get(url, {"q": "Case", **params})
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {a, b, c, d}
    assert ids(cf_amount__gte="10.5") == {a, b}
    # Leaving such a filter out would answer "every match" to a script that asked for a subset.
    for bad, named in [
        ({"cf_nosuchfield": "1"}, "cf_nosuchfield"),
        ({"cf_txid__gte": "1"}, "cf_txid__gte"),
        ({"cf_amount": "ten"}, "cf_amount"),
    ]:
        response = api_client.get(url, {"q": "Case", **bad})
        assert response.status_code == 400, (bad, response.content)
        assert named in response.json()["errors"], response.json()
