"""The saved view form: the queue's filters as their own fields, sort, direction and columns; filled
from the queue's address by "Keep as a view" or from the view; clear messages; the stored format."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from queueviews.models import SavedView
from queueviews.services import saved_view_create
from tests.customfields.conftest import define
from tests.factories import make_agent, make_team

pytestmark = pytest.mark.django_db

EVERY_FIELD = {
    "name": "Everything",
    "q": "withdrawal",
    "status": ["open", "pending"],
    "priority": ["high", "urgent"],
    "channel": ["email"],
    "tier": ["1", "2"],
    "language": ["en", "de"],
    "category": ["withdrawal"],
    "tags": "vip, chargeback",
    "sla": "breaching",
    "created_after": "2026-11-01",
    "created_before": "2026-12-01",
    "updated_after": "2026-11-15",
    "updated_before": "2026-12-02",
    "custom_fields": "cf_amount__gte=1000\ncf_network=TRON",
    "sort": "priority",
    "direction": "asc",
    "columns": ["status", "priority", "updated"],
}


@pytest.fixture
def fields(db: None) -> None:
    admin = make_agent(username="ada", role="admin")
    define(admin, "amount", "decimal")
    define(admin, "network", "select", options=["TRON", "ETH"])


def test_every_filter_field_is_stored_in_the_views_format(
    fields: None, agent: Any, agent_client: Client
) -> None:
    team = make_team(name="Payments", slug="payments")
    response = agent_client.post(
        reverse("queueviews:view-create"), EVERY_FIELD | {"filter_team": str(team.pk), "assignee": "me"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    view = SavedView.objects.get()
    assert view.filters == {
        "status": ["open", "pending"],
        "priority": ["high", "urgent"],
        "channel": ["email"],
        "tier": ["1", "2"],
        "language": ["en", "de"],
        "category": ["withdrawal"],
        "tag": ["vip", "chargeback"],
        "assignee": "me",
        "sla": "breaching",
        "q": "withdrawal",
        "team": str(team.pk),
        "created_after": "2026-11-01",
        "created_before": "2026-12-01",
        "updated_after": "2026-11-15",
        "updated_before": "2026-12-02",
        "cf_amount__gte": "1000",
        "cf_network": "TRON",
    }
    assert (view.sort, view.direction, view.columns) == (
        "priority",
        "asc",
        ["ticket", "status", "priority", "updated"],
    )


def test_the_edit_page_shows_the_view_in_its_fields_and_saving_unchanged_keeps_it(
    fields: None, agent: Any, agent_client: Client
) -> None:
    view = saved_view_create(
        actor=agent,
        name="Mine",
        filters={
            "status": ["open"],
            "priority": ["urgent"],
            "assignee": "none",
            "tag": ["vip"],
            "cf_network": "TRON",
        },
        sort="created",
        direction="asc",
        columns=["status", "created"],
    )
    url = reverse("queueviews:view-edit", args=[view.pk])
    with CaptureQueriesContext(connection) as queries:
        page = agent_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="status" value="open"' in html and 'name="priority" value="urgent"' in html
    assert 'type="date"' in html and 'value="none" selected' in html
    assert 'value="vip"' in html and "cf_network=TRON" in html
    # The form's choices (teams, agents) cost a fixed number of statements.
    assert len(queries) <= 7, [q["sql"][:100] for q in queries.captured_queries]
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    assert agent_client.post(url, data).status_code == 302
    view.refresh_from_db()
    assert view.filters == {
        "status": ["open"],
        "priority": ["urgent"],
        "assignee": "none",
        "tag": ["vip"],
        "cf_network": "TRON",
    }
    assert (view.sort, view.direction, view.columns) == ("created", "asc", ["ticket", "status", "created"])


def test_keep_as_a_view_fills_the_fields_from_the_queues_address(fields: None, agent_client: Client) -> None:
    queue = agent_client.get(
        reverse("tickets:queue"), {"queue": "all", "status": "open", "priority": "3", "cf_network": "TRON"}
    ).content.decode()
    assert 'name="filters"' in queue  # the sidebar's "Keep as a view"
    page = agent_client.get(
        reverse("queueviews:view-create"),
        {"filters": "status=open&priority=3&assignee=me&tag=vip&cf_network=TRON", "sort": "priority"},
    )
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert initial["status"] == ["open"] and initial["priority"] == ["high"]
    assert initial["assignee"] == "me" and initial["tags"] == "vip"
    assert initial["custom_fields"] == "cf_network=TRON" and initial["sort"] == "priority"
    html = page.content.decode()
    assert re.search(r'name="priority" value="high"[^>]*checked', html)
    assert re.search(r'name="status" value="open"[^>]*checked', html)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": ["lost"]}, "status", "Select a valid choice"),
        (
            {"created_after": "2026-12-05", "created_before": "2026-12-01"},
            "created_before",
            "must come after",
        ),
        ({"updated_after": "yesterday"}, "updated_after", "Enter a valid date"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags", "At most 10 tags"),
        ({"custom_fields": "amount>5"}, "custom_fields", "is not cf_<key>=value"),
        ({"custom_fields": "cf_nothing=1"}, "custom_fields", "cf_nothing: there is no active custom field"),
        ({"custom_fields": "cf_amount__lte=lots"}, "custom_fields", "cf_amount__lte:"),
        ({"assignee": "999999"}, "assignee", "Select a valid choice"),
    ],
)
def test_a_wrong_field_is_refused_with_a_message_on_that_field(
    fields: None, agent_client: Client, data: dict[str, Any], field: str, message: str
) -> None:
    response = agent_client.post(reverse("queueviews:view-create"), {"name": "X", "direction": "desc"} | data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not SavedView.objects.exists()
