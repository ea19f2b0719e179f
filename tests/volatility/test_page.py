"""The volatility page: the last week's arrivals against the usual, the surges and the events, in a
fixed number of statements however much there is."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_agent
from tests.volatility.conftest import arrive, event
from volatility.detection import BUCKET, WEEK
from volatility.models import SurgeWindow

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 7, tzinfo=dt.UTC)
PAGE = reverse("volatility:window-list")


@pytest.fixture(autouse=True)
def _now():
    cache.clear()  # the chart is cached per closed bucket
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def _chart(content: bytes) -> dict:
    found = re.search(rb'<script id="volatility-chart-data" type="application/json">(.*?)</script>', content)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def _surge(start: dt.datetime) -> None:
    now = timezone.now()
    SurgeWindow.objects.create(
        start=start, end=start + BUCKET, peak_arrivals=40, usual=4, ratio=10, detected_at=now, updated_at=now
    )


def test_the_chart_holds_a_weeks_closed_buckets_with_their_arrivals_usual_and_bar(supervisor):
    last = dt.datetime(2026, 12, 1, 8, 45, tzinfo=dt.UTC)  # the last closed bucket at 09:07
    for weeks_ago in (1, 2, 3, 4):
        arrive(last - weeks_ago * WEEK, 4)
    arrive(last, 13)
    arrive(dt.datetime(2026, 12, 1, 9, 1, tzinfo=dt.UTC), 50)  # the open bucket is not drawn
    client = Client()
    client.force_login(supervisor)
    chart = _chart(client.get(PAGE).content)
    assert len(chart["starts"]) == 7 * 96
    assert chart["starts"][-1] == last.isoformat()
    assert (chart["arrivals"][-1], chart["usual"][-1], chart["bar"][-1], chart["surge"][-1]) == (
        13,
        4.0,
        12.0,
        True,
    )
    assert sum(chart["arrivals"]) == 13


def test_the_page_lists_surges_and_events_in_a_fixed_number_of_statements(django_assert_num_queries):
    agent = make_agent(username="reader")
    client = Client()
    client.force_login(agent)
    _surge(NOW - dt.timedelta(days=2))
    event(NOW - dt.timedelta(days=1), None)
    client.get(PAGE)
    for i in range(5):
        _surge(NOW - dt.timedelta(days=3, hours=i))
        event(
            NOW - dt.timedelta(days=4, hours=i),
            NOW,
            title=f"Event {i}",
            created_by=make_agent(username=f"m{i}"),
        )
    # session, user, the clean room's teams (the partner check reads them), surges, events with their
    # authors, the chart's arrivals, and the top bar's presence
    cache.clear()
    with django_assert_num_queries(7):
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.content.count(b"<time") >= 6 * 2 + 6
    assert b"Event 4" in response.content


def test_the_chart_is_read_once_per_closed_bucket(supervisor, django_assert_num_queries):
    client = Client()
    client.force_login(supervisor)
    last = dt.datetime(2026, 12, 1, 8, 45, tzinfo=dt.UTC)
    arrive(last, 3)
    assert _chart(client.get(PAGE).content)["arrivals"][-1] == 3
    arrive(last, 20)  # late rows in a closed bucket wait for the next bucket to show
    # session, user, surges, events, presence: a supervisor has no partner teams to look up
    with django_assert_num_queries(5):
        assert _chart(client.get(PAGE).content)["arrivals"][-1] == 3
    with time_machine.travel(NOW + BUCKET, tick=False):
        chart = _chart(client.get(PAGE).content)
    assert chart["arrivals"][-2:] == [23, 0]
