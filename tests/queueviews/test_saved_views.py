"""Saved views: who sees which, what they list, their counts in one statement, and their writes."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from queueviews.access import views_visible_to
from queueviews.models import SavedView
from queueviews.queue import sidebar_views
from queueviews.services import saved_view_create, saved_view_delete, saved_view_update
from tests.factories import TeamMembershipFactory, make_agent
from tests.queueviews.conftest import ticket_in
from tickets.models import Priority, Ticket

pytestmark = pytest.mark.django_db


def test_a_personal_view_is_invisible_to_everyone_else(agent: Any, supervisor: Any) -> None:
    mine = saved_view_create(actor=agent, name="Mine", filters={"assignee": "me"})
    other = make_agent(username="bob")
    assert list(views_visible_to(agent)) == [mine]
    assert list(views_visible_to(other)) == []
    assert list(views_visible_to(supervisor)) == []
    client = APIClient()
    client.force_authenticate(other)
    assert client.get(reverse("api:view-detail", args=[mine.pk])).status_code == 404
    assert client.delete(reverse("api:view-detail", args=[mine.pk])).status_code == 404
    page = Client()
    page.force_login(other)
    assert page.get(reverse("tickets:queue"), {"view": mine.pk}).status_code == 404


def test_a_shared_view_for_a_team_is_listed_for_its_members_only(
    agent: Any, supervisor: Any, inhouse_team: Any, partner_team: Any, partner: Any
) -> None:
    TeamMembershipFactory(team=inhouse_team, user=agent)
    everyone = saved_view_create(
        actor=supervisor, name="Urgent", scope="shared", filters={"priority": ["urgent"]}
    )
    general = saved_view_create(
        actor=supervisor,
        name="General backlog",
        scope="shared",
        team=inhouse_team,
        filters={"status": ["open"]},
    )
    partners = saved_view_create(
        actor=supervisor, name="Partner queue", scope="shared", team=partner_team, filters={}
    )
    assert set(views_visible_to(agent)) == {everyone, general}
    # A partner agent sees only the shared views kept for their own team, never those for everyone.
    assert set(views_visible_to(partner)) == {partners}
    assert set(views_visible_to(supervisor)) == {everyone, general, partners}


def test_a_partner_agent_lists_and_opens_only_their_teams_shared_views_in_the_api_and_queue(
    supervisor: Any, inhouse_team: Any, partner_team: Any, partner: Any
) -> None:
    everyone = saved_view_create(actor=supervisor, name="Whole desk", scope="shared", filters={})
    general = saved_view_create(
        actor=supervisor, name="General", scope="shared", team=inhouse_team, filters={}
    )
    partners = saved_view_create(
        actor=supervisor, name="Partner queue", scope="shared", team=partner_team, filters={}
    )
    api = APIClient()
    api.force_authenticate(partner)
    listed = api.get("/api/views/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [partners.pk]
    assert api.get(f"/api/views/{partners.pk}/").status_code == 200
    for hidden in (everyone, general):
        assert api.get(f"/api/views/{hidden.pk}/").status_code == 404
        assert api.get(f"/api/views/{hidden.pk}/tickets/").status_code == 404
    page = Client()
    page.force_login(partner)
    assert page.get(reverse("tickets:queue"), {"view": everyone.pk}).status_code == 404
    html = page.get(reverse("tickets:queue")).content.decode()
    assert "Partner queue" in html and "Whole desk" not in html


def test_only_supervisors_and_admins_keep_shared_views(agent: Any, supervisor: Any) -> None:
    with pytest.raises(PermissionDenied):
        saved_view_create(actor=agent, name="Everyone's", scope="shared", filters={})
    shared = saved_view_create(actor=supervisor, name="Everyone's", scope="shared", filters={})
    with pytest.raises(PermissionDenied):
        saved_view_update(actor=agent, view=shared, name="Mine now", filters={})
    with pytest.raises(PermissionDenied):
        saved_view_delete(actor=agent, view=shared)
    client = APIClient()
    client.force_authenticate(agent)
    response = client.post(reverse("api:view-list"), {"name": "x", "scope": "shared"}, format="json")
    assert response.status_code == 403


def test_a_view_refuses_filters_sorts_and_columns_that_do_not_exist(agent: Any) -> None:
    with pytest.raises(ValidationError) as error:
        saved_view_create(
            actor=agent, name="Bad", filters={"status": ["lost"], "colour": "red"}, sort="mood", columns=["x"]
        )
    assert set(error.value.message_dict) == {"status", "colour", "sort", "columns"}
    client = APIClient()
    client.force_authenticate(agent)
    response = client.post(
        reverse("api:view-list"), {"name": "Bad", "filters": {"sla": "late"}}, format="json"
    )
    assert response.status_code == 400
    assert "sla" in str(response.json())


def test_writes_are_audited(agent: Any) -> None:
    view = saved_view_create(actor=agent, name="Mine", filters={"status": ["open"]})
    saved_view_update(actor=agent, view=view, name="Mine, renamed", filters={"status": ["pending"]})
    saved_view_delete(actor=agent, view=view)
    actions = list(
        AuditEvent.objects.filter(object_type="queueviews.savedview")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["saved_view.created", "saved_view.updated", "saved_view.deleted"]
    assert not SavedView.objects.exists()


def test_a_view_lists_what_its_filters_say_and_counts_it(agent: Any, customer: Any) -> None:
    urgent = ticket_in(None, customer, "Hacked", "Someone drained my account.", priority=Priority.URGENT)
    ticket_in(None, customer, "Fees", "Why was I charged a fee?", priority=Priority.LOW)
    Ticket.objects.filter(pk=urgent.pk).update(assignee=agent)
    mine_urgent = saved_view_create(
        actor=agent, name="My urgent", filters={"priority": ["urgent"], "assignee": "me"}
    )
    unassigned = saved_view_create(actor=agent, name="Nobody's", filters={"assignee": "none"})
    searching = saved_view_create(actor=agent, name="Fees", filters={"q": "charged fee"})
    breaching = saved_view_create(actor=agent, name="Breaching", filters={"sla": "breaching"})
    counts = {v.pk: v.count for v in sidebar_views(agent)}  # type: ignore[attr-defined]
    assert counts == {mine_urgent.pk: 1, unassigned.pk: 1, searching.pk: 1, breaching.pk: 0}
    client = APIClient()
    client.force_authenticate(agent)
    body = client.get(reverse("api:view-tickets", args=[mine_urgent.pk])).json()
    assert [row["id"] for row in body["results"]] == [urgent.pk]
    listed = {row["id"]: row["count"] for row in client.get(reverse("api:view-list")).json()}
    assert listed == counts


def test_the_queue_page_counts_every_view_in_one_statement(
    agent: Any, supervisor: Any, customer: Any
) -> None:
    for n in range(3):
        ticket_in(None, customer, f"Case {n}", f"My deposit number {n} is late.")
    client = Client()
    client.force_login(agent)
    url = reverse("tickets:queue")
    saved_view_create(actor=agent, name="Open", filters={"status": ["open", "new"]})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    for n in range(6):
        saved_view_create(actor=agent, name=f"View {n}", filters={"priority": ["high"], "tag": [f"t{n}"]})
        saved_view_create(actor=supervisor, name=f"Shared {n}", scope="shared", filters={"sla": "breached"})
    saved_view_create(actor=agent, name="Searching", filters={"q": "deposit"})
    client.get(url)  # the search text's analysis is cached after its first count
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]
    page = response.content.decode()
    assert "Shared 5" in page and "View 5" in page


def test_a_view_opened_in_the_queue_sorts_by_its_column_and_a_header_click_overrides_it(
    agent: Any, customer: Any
) -> None:
    low = ticket_in(None, customer, "Low one", "text", priority=Priority.LOW)
    high = ticket_in(None, customer, "High one", "text", priority=Priority.HIGH)
    view = saved_view_create(
        actor=agent,
        name="By priority",
        filters={},
        sort="priority",
        direction="asc",
        columns=["priority", "team"],
    )
    client = Client()
    client.force_login(agent)
    page = client.get(reverse("tickets:queue"), {"view": view.pk}).content.decode()
    assert page.index("Low one") < page.index("High one")
    assert 'aria-sort="ascending"' in page
    # Only the view's columns (and the ticket's own) are shown.
    assert ">Customer<" not in page
    page = client.get(
        reverse("tickets:queue"), {"view": str(view.pk), "sort": "priority", "dir": "desc"}
    ).content.decode()
    assert page.index("High one") < page.index("Low one")
    assert low.pk != high.pk


def test_saving_the_queues_filters_as_a_view_from_the_page(agent_client: Client) -> None:
    response = agent_client.post(
        reverse("queueviews:view-create"),
        {
            "name": "Open withdrawals",
            "status": ["open"],
            "category": ["withdrawal"],
            "q": "withdrawal",
            "sort": "updated",
            "direction": "desc",
            "columns": ["status", "updated"],
        },
    )
    assert response.status_code == 302
    view = SavedView.objects.get()
    assert view.filters == {"status": ["open"], "category": ["withdrawal"], "q": "withdrawal"}
    assert view.columns == ["ticket", "status", "updated"]
    assert response["Location"].endswith(f"?view={view.pk}")
    bad = agent_client.post(reverse("queueviews:view-create"), {"name": "Bad", "status": ["lost"]})
    assert bad.status_code == 400
