"""Saved views with custom-field filters: kept as the queue's `cf_` parameters, applied in the queue,
its counts and the API; a field gone, deactivated or hidden is left out with a note, never a failure."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from bulk.selection import matching
from customfields.models import FieldDefinition, FieldValue
from customfields.services import field_deactivate, ticket_fields_set
from queueviews.queue import sidebar_views
from queueviews.services import saved_view_create
from tests.customfields.conftest import define
from tests.factories import make_agent
from tests.queueviews.conftest import ticket_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: None) -> Any:
    return make_agent(username="ada", role="admin", first_name="Ada")


@pytest.fixture
def amounts(admin: Any, agent: Any, customer: Any) -> dict[str, Any]:
    define(admin, "amount", "decimal")
    define(admin, "network", "select", options=["TRON", "ETH"])
    big = ticket_in(None, customer, "Big deposit", "My deposit is late.")
    small = ticket_in(None, customer, "Small deposit", "My deposit is late too.")
    ticket_fields_set(ticket=big, actor=agent, values={"amount": "5000", "network": "TRON"})
    ticket_fields_set(ticket=small, actor=agent, values={"amount": "20", "network": "TRON"})
    return {"big": big, "small": small}


def _ids(client: Any, view: Any) -> set[int]:
    body = client.get(reverse("api:view-tickets", args=[view.pk])).json()
    return {row["id"] for row in body["results"]}


def test_a_view_keeps_custom_field_filters_and_lists_counts_and_serves_them(
    amounts: dict[str, Any], agent: Any
) -> None:
    view = saved_view_create(
        actor=agent, name="Big TRON", filters={"cf_amount__gte": "1000", "cf_network": "TRON"}
    )
    assert view.filters == {"cf_amount__gte": "1000", "cf_network": "TRON"}
    assert {v.pk: v.count for v in sidebar_views(agent)} == {view.pk: 1}  # type: ignore[attr-defined]
    api = APIClient()
    api.force_authenticate(agent)
    assert _ids(api, view) == {amounts["big"].pk}
    page = Client()
    page.force_login(agent)
    html = page.get(reverse("tickets:queue"), {"view": view.pk}).content.decode()
    assert "Big deposit" in html and "Small deposit" not in html
    assert "data-ignored-filters" not in html


def test_saving_a_view_refuses_a_field_that_does_not_exist_or_a_bad_value_by_name(
    amounts: dict[str, Any], agent: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        saved_view_create(actor=agent, name="X", filters={"cf_nothing": "1", "cf_amount__lte": "lots"})
    assert set(refused.value.message_dict) == {"cf_nothing", "cf_amount__lte"}
    with pytest.raises(ValidationError) as refused:
        saved_view_create(actor=agent, name="X", filters={"cf_Bad Name": "1"})
    assert set(refused.value.message_dict) == {"cf_Bad Name"}
    with pytest.raises(ValidationError) as refused:
        saved_view_create(actor=agent, name="X", filters={f"cf_f{n}": "1" for n in range(11)})
    assert "cf" in refused.value.message_dict


def test_a_deactivated_or_deleted_field_in_a_stored_view_is_left_out_with_a_note(
    amounts: dict[str, Any], agent: Any, admin: Any
) -> None:
    view = saved_view_create(
        actor=agent, name="Big TRON", filters={"cf_amount__gte": "1000", "cf_network": "TRON"}
    )
    field_deactivate(field=FieldDefinition.objects.get(key="amount"), actor=admin)
    page = Client()
    page.force_login(agent)
    response = page.get(reverse("tickets:queue"), {"view": view.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-ignored-filters" in html and "cf_amount__gte" in html
    assert "Big deposit" in html and "Small deposit" in html  # the network filter still applies
    assert {v.pk: v.count for v in sidebar_views(agent)} == {view.pk: 2}  # type: ignore[attr-defined]
    FieldValue.objects.filter(field__key="network").delete()
    FieldDefinition.objects.filter(key="network").delete()
    assert page.get(reverse("tickets:queue"), {"view": view.pk}).status_code == 200
    api = APIClient()
    api.force_authenticate(agent)
    assert _ids(api, view) == {amounts["big"].pk, amounts["small"].pk}


def test_keep_as_a_view_carries_the_queues_custom_field_filters(
    amounts: dict[str, Any], agent_client: Client
) -> None:
    html = agent_client.get(reverse("tickets:queue"), {"queue": "all", "cf_network": "TRON"}).content.decode()
    assert "cf_network=TRON" in html  # the hidden field "Keep as a view" sends


def test_the_sidebar_reads_the_fields_of_every_view_once(amounts: dict[str, Any], agent: Any) -> None:
    client = Client()
    client.force_login(agent)
    url = reverse("tickets:queue")
    saved_view_create(actor=agent, name="Big", filters={"cf_amount__gte": "1000"})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(5):
        saved_view_create(actor=agent, name=f"TRON {n}", filters={"cf_network": "TRON", "priority": ["high"]})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]


def test_a_bulk_action_on_every_ticket_of_a_view_takes_its_custom_field_filters(
    amounts: dict[str, Any], agent: Any
) -> None:
    view = saved_view_create(actor=agent, name="Big", filters={"cf_amount__gte": "1000"})
    assert set(matching(agent, f"view={view.pk}")) == {amounts["big"]}
    assert set(matching(agent, "queue=all&cf_amount__lte=100")) == {amounts["small"]}


def test_the_api_refuses_an_unknown_custom_field_by_name(amounts: dict[str, Any], agent: Any) -> None:
    api = APIClient()
    api.force_authenticate(agent)
    response = api.post("/api/views/", {"name": "X", "filters": {"cf_nothing": "1"}}, format="json")
    assert response.status_code == 400
    assert "cf_nothing" in response.content.decode()
    ok = api.post("/api/views/", {"name": "Y", "filters": {"cf_network": "TRON"}}, format="json")
    assert ok.status_code == 201, ok.content
