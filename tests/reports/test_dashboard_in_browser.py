"""In Chromium, under the Content-Security-Policy: the dashboard draws a chart per metric with the
vendored Chart.js, from the numbers its tables show, and the navigation leads a supervisor there."""

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from reports.rollup import reports_rollup_refresh
from tests.browser.conftest import browser  # noqa: F401  (the browser tests' fixtures)
from tests.browser.test_csp_in_browser import Watched, server  # noqa: F401
from tests.factories import make_agent
from tests.reports.test_core_metrics import ticket

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_charts_draw_with_the_tables_numbers_and_no_policy_violation(
    browser: Any,  # noqa: F811
    server: str,  # noqa: F811
):
    from django.utils import timezone

    sam = make_agent(username="sam", role=Role.SUPERVISOR)
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for days_ago, count in ((2, 3), (1, 1)):
        for _ in range(count):
            ticket(
                today - dt.timedelta(days=days_ago) + dt.timedelta(hours=1),
                first_response=dt.timedelta(hours=2),
            )
    reports_rollup_refresh()
    watched = Watched(browser, server, sam)
    try:
        page = watched.open("/tickets/?queue=all")
        page.get_by_text("Supervise").click()
        page.get_by_role("link", name="Reports").click()
        expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
        page.get_by_label("Last 7 days").check()
        page.get_by_role("button", name="Show").click()
        page.wait_for_function(
            "window.Chart && window.Chart.getChart(document.getElementById('chart-volume'))"
        )
        volume = page.evaluate(
            "window.Chart.getChart(document.getElementById('chart-volume')).data.datasets[0].data"
        )
        assert volume[-3:] == [3, 1, 0]
        drawn = page.evaluate(
            "[...document.querySelectorAll('canvas[data-chart]')].filter(window.Chart.getChart).length"
        )
        assert drawn == page.locator("canvas[data-chart]").count() >= 9
        expect(page.locator("#metric-first_response_time .report-total")).to_have_text("2 h")
        assert watched.violations() == []
        page.screenshot(path="/tmp/reports_dashboard.png", full_page=True)
    finally:
        watched.close()
