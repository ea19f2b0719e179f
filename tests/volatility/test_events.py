"""Market events marked, edited and ended by supervisors and admins, through the page and the API;
agents read them, partner agents and auditors do not."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEvent
from routing.models import TeamMembership
from tests.factories import make_agent, make_team
from tests.volatility.conftest import event
from volatility.models import MarketEvent

pytestmark = pytest.mark.django_db

PAGE = reverse("volatility:window-list")
NEW = reverse("volatility:event-create")
API = reverse("api:volatility-event-list")


def _page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def partner(db: None) -> Any:
    user = make_agent(username="pat")
    TeamMembership.objects.create(team=make_team(is_outsourced=True), user=user)
    return user


def _form(**fields: str) -> dict[str, str]:
    return {
        "title": "BTC flash crash",
        "start": "2026-11-30T10:00",
        "end": "2026-11-30T12:30",
        "time_zone": "Europe/Berlin",
        "assets": "btc, eth",
        "note": "Liquidations on every venue.",
        **fields,
    }


@pytest.fixture(autouse=True)
def _now() -> Any:
    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


# --- The page -----------------------------------------------------------------------------------------


def test_a_supervisor_marks_an_event_on_the_clock_of_the_time_zone_they_name(supervisor):
    response = _page_client(supervisor).post(NEW, _form())
    assert response.status_code == 302 and response["Location"] == PAGE
    marked = MarketEvent.objects.get()
    # 10:00 in Berlin in winter is 09:00 UTC.
    assert (marked.start, marked.end) == (
        dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 30, 11, 30, tzinfo=dt.UTC),
    )
    assert (marked.assets, marked.created_by) == (["BTC", "ETH"], supervisor)
    audit = AuditEvent.objects.get(action="volatility.event_marked")
    assert audit.actor == supervisor
    assert (audit.after or {})["start"] == "2026-11-30T09:00:00+00:00"


def test_an_admin_edits_an_event_and_the_audit_log_holds_what_changed(admin):
    marked = event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), None, created_by=admin)
    url = reverse("volatility:event-edit", args=[marked.pk])
    form = _page_client(admin).get(url)
    assert form.status_code == 200 and b'value="2026-11-30T09:00"' in form.content  # the admin's UTC clock
    response = _page_client(admin).post(
        url, _form(title="ETF approval", start="2026-11-30T09:00", end="", time_zone="UTC")
    )
    assert response.status_code == 302
    marked.refresh_from_db()
    assert (marked.title, marked.end) == ("ETF approval", None)
    audit = AuditEvent.objects.get(action="volatility.event_edited")
    before, after = audit.before or {}, audit.after or {}
    assert before["title"] == "BTC flash crash" and after["title"] == "ETF approval"
    assert "start" not in after  # unchanged


def test_ending_an_ongoing_event_sets_its_end_to_now_once(supervisor):
    marked = event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), None)
    url = reverse("volatility:event-end", args=[marked.pk])
    client = _page_client(supervisor)
    assert client.post(url).status_code == 302
    marked.refresh_from_db()
    assert marked.end == timezone.now()
    assert client.post(url, follow=True).status_code == 200  # the page says it has ended already
    assert AuditEvent.objects.filter(action="volatility.event_ended").count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"end": "2026-11-30T09:00"}, b"the end is not after the start"),
        ({"end": "2027-01-15T09:00"}, b"an event lasts at most 31 days"),
        ({"start": "2024-01-01T09:00", "end": ""}, b"more than a year ago"),
        ({"start": "not a time"}, b"Enter a valid date/time."),
        ({"time_zone": "Mars/Olympus"}, b"Select a valid choice."),
        ({"assets": "BTC, <script>"}, b"is not an asset symbol"),
        ({"title": "   "}, b"This field is required."),
    ],
)
def test_an_invalid_event_is_refused_with_a_message_and_nothing_is_written(supervisor, fields, error):
    response = _page_client(supervisor).post(NEW, _form(**fields))
    assert response.status_code == 400
    assert error in response.content
    assert not MarketEvent.objects.exists() and not AuditEvent.objects.exists()


def test_an_agent_reads_the_page_but_may_not_mark_edit_or_end_an_event(agent):
    marked = event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), None)
    client = _page_client(agent)
    page = client.get(PAGE)
    assert page.status_code == 200 and b"BTC flash crash" in page.content
    assert NEW.encode() not in page.content
    assert client.post(NEW, _form()).status_code == 403
    assert client.post(reverse("volatility:event-edit", args=[marked.pk]), _form()).status_code == 403
    assert client.post(reverse("volatility:event-end", args=[marked.pk])).status_code == 403
    assert MarketEvent.objects.get().end is None


def test_a_partner_agent_and_an_auditor_do_not_see_the_page(partner):
    auditor = make_agent(username="aud", role=Role.AUDITOR)
    assert _page_client(partner).get(PAGE).status_code == 403
    assert _page_client(auditor).get(PAGE).status_code == 403


# --- The API ------------------------------------------------------------------------------------------


def test_a_supervisor_marks_and_ends_an_event_through_the_api(supervisor):
    client = _api_client(supervisor)
    created = client.post(
        API,
        {"title": "ETH merge", "start": "2026-11-30T10:00:00+01:00", "assets": ["eth"], "note": ""},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["start"], body["end"], body["ongoing"], body["assets"]) == (
        "2026-11-30T09:00:00Z",
        None,
        True,
        ["ETH"],
    )
    detail = reverse("api:volatility-event-detail", args=[body["id"]])
    ended = client.patch(detail, {"end": "2026-11-30T11:00:00Z"}, format="json")
    assert ended.status_code == 200 and ended.json()["ongoing"] is False
    again = client.patch(detail, {"end": None}, format="json")
    assert again.json()["ongoing"] is True
    assert AuditEvent.objects.filter(action__startswith="volatility.event_").count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Crash", "start": "2026-11-30T10:00:00"}, "start"),  # no offset
        ({"title": "Crash", "start": "2026-11-30T10:00:00Z", "end": "2026-11-30T09:00:00Z"}, None),
        ({"title": "Crash", "start": "yesterday"}, "start"),
        ({"title": "Crash", "start": "2024-01-01T12:99:00Z"}, "start"),  # well formed, no such minute
        ({"title": "Crash", "start": "2026-11-30T10:00:00Z", "colour": "red"}, "colour"),
        ({"title": "Crash", "start": "2026-11-30T10:00:00Z", "assets": "BTC"}, "assets"),
        ({"start": "2026-11-30T10:00:00Z"}, "title"),
    ],
)
def test_a_malformed_event_is_a_400_with_a_message(supervisor, body, field):
    response = _api_client(supervisor).post(API, body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert payload["message"]
    if field:
        assert field in payload["errors"], payload
    assert not MarketEvent.objects.exists()


def test_agents_read_events_over_the_api_and_partners_do_not(agent, partner):
    event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), None)
    assert [e["title"] for e in _api_client(agent).get(API).json()] == ["BTC flash crash"]
    assert _api_client(agent).post(API, {"title": "x"}, format="json").status_code == 403
    assert _api_client(partner).get(API).status_code == 403


def test_the_event_list_is_a_fixed_number_of_statements(agent, django_assert_num_queries):
    client = _api_client(agent)
    event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), None)
    client.get(API)  # warm the user's team lookup
    for i in range(6):
        event(
            dt.datetime(2026, 11, 29, i, tzinfo=dt.UTC),
            None,
            title=f"E{i}",
            created_by=make_agent(username=f"s{i}"),
        )
    with django_assert_num_queries(2):  # the partner check, the events with their authors
        assert len(client.get(API).json()) == 7


def test_the_windows_endpoint_merges_events_for_a_period(agent):
    event(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
    event(dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC), None, title="Ongoing")
    url = reverse("api:volatility-window-list")
    response = _api_client(agent).get(url, {"start": "2026-11-30T00:00:00Z", "end": "2026-12-01T00:00:00Z"})
    assert response.json() == [{"start": "2026-11-30T09:00:00Z", "end": "2026-12-01T00:00:00Z"}]
    naive = _api_client(agent).get(url, {"start": "2026-11-30T00:00:00", "end": "2026-12-01T00:00:00Z"})
    assert naive.status_code == 400
