"""The supervisor dashboard: who sees it, every registered metric on it, the windows comparison, the
charts' numbers in tables, the agent's number format, and a fixed number of statements."""

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from reports.core_metrics import CORE_METRICS, Kind
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Unit, Value
from reports.rollup import reports_rollup_refresh
from routing.models import TeamMembership
from tests.factories import make_agent, make_team
from tests.reports.test_core_metrics import NOW, TODAY, D, H, ticket
from volatility.models import MarketEvent

pytestmark = pytest.mark.django_db
URL = "/reports/"


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _core_metrics_only(request: Any, monkeypatch: Any) -> None:
    """The core metrics alone, so that metrics landing from other apps move neither these numbers nor
    the statement count; the test of every registered metric keeps the whole registry."""
    if "every_registered" not in request.node.name:
        monkeypatch.setattr("reports.dashboard.REGISTRY", {m.key: m for m in CORE_METRICS})


@pytest.fixture
def supervisor_client(supervisor: Any) -> Client:
    return client_for(supervisor)


def test_supervisors_and_admins_see_the_dashboard_agents_and_partners_do_not(supervisor_client: Client):
    assert supervisor_client.get(URL).status_code == 200
    assert client_for(make_agent(username="ada", role="admin")).get(URL).status_code == 200
    assert client_for(make_agent(username="al")).get(URL).status_code == 403
    partner = make_agent(username="pat")
    TeamMembership.objects.create(team=make_team(slug="bpo", is_outsourced=True), user=partner)
    assert client_for(partner).get(URL).status_code == 403
    assert client_for(make_agent(username="aud", role="auditor")).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302


def test_the_navigation_links_supervisors_to_the_dashboard(supervisor_client: Client):
    assert 'href="/reports/"' in supervisor_client.get("/sla/report/").content.decode()


def test_every_registered_metric_is_shown_by_its_unit(supervisor_client: Client, monkeypatch: Any):
    @dataclasses.dataclass
    class Fake:
        key: str = "cost_per_resolution_test"
        label: str = "Cost per resolution (test)"
        unit: Unit = Unit.MONEY
        higher_is_better: bool = False
        breakdowns: tuple[Breakdown, ...] = (Breakdown.TEAM,)

        def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
            return {None: Value(1234.5, 10)}

    monkeypatch.setitem(REGISTRY, "cost_per_resolution_test", Fake())
    # In-house vs partner: a breakdown every metric registered so far offers.
    page = supervisor_client.get(URL, {"breakdown": "sourcing"}).content.decode()
    for key, metric in REGISTRY.items():
        assert f'id="metric-{key}"' in page
        assert str(metric.label) in page
    assert "$123.45" in page  # money in the configured currency
    # The fake offers no breakdown by sourcing and no trend: its section says so and draws no chart.
    fake_section = page.split('id="metric-cost_per_resolution_test"')[1]
    assert "This metric is not broken down by" in fake_section
    assert 'data-chart="cost_per_resolution_test"' not in page


def test_the_figures_come_from_the_rollup_with_charts_and_tables_that_agree(supervisor_client: Client):
    team = make_team(name="Wallets", slug="wallets")
    ticket(TODAY - 2 * D, first_response=2 * H, team=team)
    ticket(TODAY - 2 * D, first_response=4 * H, team=team)
    ticket(TODAY - 1 * D)
    reports_rollup_refresh()
    response = supervisor_client.get(URL, {"period": "7", "breakdown": "team", "grain": "day"})
    board = response.context["board"]
    panels = {panel.key: panel for panel in board.panels}
    assert panels["volume"].total.value == 3
    assert {row.label: row.value for row in panels["volume"].rows} == {"Wallets": 2, "No team": 1}
    assert panels["first_response_time"].total.text == "3 h"
    charts = {c["key"]: c for c in json.loads(_json_script(response.content.decode(), "report-charts"))}
    assert len(charts["volume"]["values"]) == 7  # every day of the period, those without tickets too
    assert charts["volume"]["values"][-3:] == [2, 1, 0]
    # Durations are drawn in hours, the axis says so; the tooltip reads the table's text.
    assert charts["first_response_time"]["values"][-3] == 3
    assert charts["first_response_time"]["axis"] == "hours"
    page = response.content.decode()
    for text in charts["volume"]["texts"]:
        assert f'<td class="num">{text}</td>' in page


def test_numbers_follow_the_agents_language(supervisor: Any):
    supervisor.language = "de"
    supervisor.save()
    ticket(TODAY - 2 * D, first_response=5 * H + dt.timedelta(minutes=30))
    reports_rollup_refresh()
    board = client_for(supervisor).get(URL).context["board"]
    assert {p.key: p for p in board.panels}["first_response_time"].total.text == "5,5 h"


def test_inside_and_outside_volatility_windows_are_compared(supervisor_client: Client, supervisor: Any):
    ticket(TODAY - 3 * D + H, first_response=6 * H)
    ticket(TODAY - 2 * D, first_response=H)
    MarketEvent.objects.create(
        title="BTC flash crash",
        start=TODAY - 3 * D,
        end=TODAY - 3 * D + 2 * H,
        created_by=supervisor,
        created_at=NOW,
        updated_at=NOW,
    )
    reports_rollup_refresh()
    response = supervisor_client.get(URL)
    panels = {panel.key: panel for panel in response.context["board"].panels}
    first_response = panels["first_response_time"]
    assert (first_response.inside.value, first_response.outside.value) == (6 * 3600, 3600)
    assert first_response.comparison == "worse"
    assert (panels["backlog"].inside.value, panels["backlog"].outside.value) == (1, 1)
    assert "Inside windows" in response.content.decode()


def test_without_windows_the_comparison_says_so(supervisor_client: Client):
    page = supervisor_client.get(URL).content.decode()
    assert "No volatility window" in page


def test_a_custom_period_and_a_malformed_one(supervisor_client: Client):
    ticket(TODAY - 50 * D)
    reports_rollup_refresh()
    query = {
        "period": "custom",
        "from": (TODAY - 60 * D).date().isoformat(),
        "to": (TODAY - 40 * D).date().isoformat(),
    }
    board = supervisor_client.get(URL, query).context["board"]
    assert {p.key: p for p in board.panels}["volume"].total.value == 1
    assert board.grain == Breakdown.DAY
    bad = supervisor_client.get(URL, {"period": "custom", "from": "2026-11-10", "to": "2026-11-01"})
    assert bad.status_code == 400
    assert "The last day comes before the first." in bad.content.decode()


def test_the_page_reads_a_fixed_number_of_statements(
    supervisor_client: Client, django_assert_num_queries: Any, monkeypatch: Any
):
    MarketEvent.objects.create(
        title="Listing",
        start=TODAY - 3 * D,
        end=TODAY - 3 * D + H,
        created_by=make_agent(),
        created_at=NOW,
        updated_at=NOW,
    )
    teams = [make_team(slug=f"t{n}") for n in range(3)]
    for n in range(3):
        ticket(TODAY - n * D - H, first_response=H, team=teams[n])
    reports_rollup_refresh()
    # Session, user, windows, 6 cohort metrics x (total, trend, breakdown, inside, outside: 2), 3
    # backlog metrics x (total, trend, breakdown) and their six sides of the windows in one statement,
    # team names, as-of, and the workspace bar's presence.
    expected = 2 + 1 + 6 * 6 + 3 * 3 + 1 + 1 + 1 + 1
    with django_assert_num_queries(expected):
        supervisor_client.get(URL, {"breakdown": "team"})
    for n in range(30):
        ticket(TODAY - (n % 9) * D - H, solved=H, team=teams[n % 3])
    reports_rollup_refresh()
    with django_assert_num_queries(expected):
        supervisor_client.get(URL, {"breakdown": "team"})


def test_the_backlog_outside_windows_counts_open_cases_now_not_the_rollups_last_snapshot(
    supervisor_client: Client, supervisor: Any
):
    """A surge under way: cases opened inside the window since the rollup's last refresh are open now.
    The backlog outside the windows is not the rollup's snapshot less them (which went below zero)."""
    ticket(TODAY - 2 * D)
    reports_rollup_refresh()
    MarketEvent.objects.create(
        title="Surge", start=TODAY, end=None, created_by=supervisor, created_at=NOW, updated_at=NOW
    )
    for n in range(3):
        ticket(TODAY + n * dt.timedelta(minutes=5))
    board = supervisor_client.get(URL).context["board"]
    panels = {panel.key: panel for panel in board.panels}
    assert (panels["backlog"].inside.value, panels["backlog"].outside.value) == (3, 1)
    # The three backlog metrics' six sides, read in one statement, are each one's live figure.
    for metric in CORE_METRICS:
        if metric.kind is not Kind.BACKLOG:
            continue
        for side in (Side.INSIDE, Side.OUTSIDE):
            scope = Scope(board.period.start, board.period.end, side=side, windows=board.windows)
            live = metric.compute(scope, Breakdown.NONE).get(None) or Value()
            row = getattr(panels[metric.key], side.value)
            assert (row.numerator, row.denominator) == (live.numerator, live.denominator), metric.key


def test_cases_opened_inside_a_window_since_the_last_refresh_are_not_taken_off_the_outside(
    supervisor_client: Client, supervisor: Any
):
    """The rollup's whole less the cases inside the windows, both as of the rollup's refresh: a surge's
    cases opened since are in neither, so the outside count never drops below what happened outside."""
    ticket(TODAY - 2 * D)
    ticket(TODAY - 3 * D)
    reports_rollup_refresh()
    MarketEvent.objects.create(
        title="Surge", start=TODAY, end=None, created_by=supervisor, created_at=NOW, updated_at=NOW
    )
    for n in range(1, 4):
        ticket(NOW + n * dt.timedelta(minutes=5))
    panels = {panel.key: panel for panel in supervisor_client.get(URL).context["board"].panels}
    assert (panels["volume"].inside.value, panels["volume"].outside.value) == (3, 2)


def _json_script(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    start = page.index(">", start) + 1
    return page[start : page.index("</script>", start)]
