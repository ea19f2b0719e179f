"""In Chromium, under the Content-Security-Policy: the volatility page draws its chart with the
vendored Chart.js, and a supervisor marks a market event through the form on their own clock."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import browser  # noqa: F401  (the browser tests' fixtures)
from tests.browser.test_csp_in_browser import Watched, server  # noqa: F401
from tests.factories import make_agent
from tests.volatility.conftest import arrive
from volatility.detection import BUCKET, bucket_floor
from volatility.models import MarketEvent

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_chart_draws_and_a_supervisor_marks_an_event_without_a_policy_violation(
    browser: Any,  # noqa: F811
    server: str,  # noqa: F811
):
    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    sofia = make_agent(username="sofia", role=Role.SUPERVISOR, time_zone="Europe/Madrid")
    arrive(bucket_floor(timezone.now()) - 2 * BUCKET, 14)
    day = (timezone.now() - dt.timedelta(days=7)).date()
    watched = Watched(browser, server, sofia)
    try:
        page = watched.open("/volatility/")
        canvas = page.locator("#volatility-chart")
        expect(canvas).to_be_visible()
        page.wait_for_function(
            "window.Chart && window.Chart.getChart(document.getElementById('volatility-chart'))"
        )
        points = page.evaluate(
            "window.Chart.getChart(document.getElementById('volatility-chart')).data.datasets[0].data.length"
        )
        assert points == 7 * 96
        assert watched.violations() == []

        page.get_by_role("link", name="Mark a market event").click()
        page.get_by_label("Title").fill("ETH gas spike")
        page.get_by_label("Start").fill(f"{day.isoformat()}T10:00")
        expect(page.get_by_label("Time zone of these times")).to_have_value("Europe/Madrid")
        page.get_by_label("Assets").fill("ETH")
        page.get_by_role("button", name="Mark").click()
        expect(page.get_by_role("cell", name="ETH gas spike")).to_be_visible()
        assert watched.violations() == []
        page.screenshot(path="/tmp/volatility_page.png", full_page=True)
    finally:
        watched.close()
    event = MarketEvent.objects.get()
    madrid = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Europe/Madrid"))
    assert (event.start, event.end) == (madrid, None)
