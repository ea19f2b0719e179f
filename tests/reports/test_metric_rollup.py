"""The daily rollup of FCR, the tier-0 effect, CSAT and costs (reports/metric_rollup.py): on hand-built
cases its figures are the live computation's, for every metric, breakdown and side of the volatility
windows; a period it does not cover yet is read live; the page and the export read a fixed number of
statements; the task, run as beat runs it, writes the same table twice."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from costs.models import CostRate, SpanSource, WorkSpan
from csat.models import Survey, SurveyChannel
from reports.core_metrics import DIMENSIONS
from reports.metric_rollup import (
    RECENT_DAYS,
    GroupedDailyMetric,
    compute,
    due_days,
    metric_rollup_refresh,
    rolled_metrics,
    rollup_state,
)
from reports.metrics import Breakdown, Scope, Side, Value
from reports.models import MetricRollup
from reports.rollup import reports_rollup_refresh
from routing.models import TeamMembership
from tests.factories import make_agent, make_customer, make_team
from tests.reports.fcr_timelines import (
    NOW,
    case,
    customer_writes,
    reopen,
    reply,
    solve,
    tier0_reads,
    tier0_solved_by_customer,
)
from tickets.models import Channel, Ticket
from volatility.models import MarketEvent
from volatility.windows import windows_between

pytestmark = pytest.mark.django_db

D = dt.timedelta(days=1)
H = dt.timedelta(hours=1)
TODAY = dt.datetime.combine(NOW.date(), dt.time(), tzinfo=dt.UTC)
# 45 days, today included: whole UTC days, as the dashboard asks.
PERIOD = (TODAY - 44 * D, TODAY + D)
WINDOW = (TODAY - 5 * D + 9 * H, TODAY - 5 * D + 12 * H)
BREAKDOWNS = tuple(Breakdown)
EVERY: tuple[str, ...] = (
    "fcr",
    "tier0_deflection",
    "tier0_rework",
    "tier0_honest_deflection",
    "csat",
    "csat_satisfied",
)
EVERY += ("csat_response_rate", "handle_time", "cost_per_resolution", "cost_per_contact")


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _survey(ticket: Ticket, score: int | None) -> None:
    assert ticket.solved_at is not None
    Survey.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        channel=SurveyChannel.EMAIL,
        created_at=ticket.solved_at,
        sent_at=ticket.solved_at,
        score=score,
        responded_at=None if score is None else ticket.solved_at + H,
        responded_via="" if score is None else SurveyChannel.EMAIL,
    )


def _span(ticket: Ticket, agent: Any, start: dt.datetime, minutes: int) -> None:
    end = start + dt.timedelta(minutes=minutes)
    WorkSpan.objects.create(
        ticket=ticket, agent=agent, source=SpanSource.PAGE, started_at=start, ended_at=end, last_beat_at=end
    )


def world() -> dict[str, Any]:
    """Cases over 40 days on an in-house and a partner team, each metric with something to count: FCR
    resolved and not (two replies, a reopen), not yet known; tier 0 answering (solved, came back, too
    recent) and handing over; surveys answered and not; work on solved and open cases; one case inside a
    market event's window."""
    wallets = make_team(name="Wallets", slug="wallets")
    bpo = make_team(name="BPO", slug="bpo", is_outsourced=True)
    ana, pat = make_agent(username="ana"), make_agent(username="pat")
    TeamMembership.objects.create(team=wallets, user=ana)
    TeamMembership.objects.create(team=bpo, user=pat)
    CostRate.objects.create(
        team=wallets, hourly_cost=Decimal(60), effective_from=dt.date(2026, 1, 1), created_at=NOW
    )
    CostRate.objects.create(
        agent=pat, hourly_cost=Decimal(25), effective_from=dt.date(2026, 1, 1), created_at=NOW
    )
    MarketEvent.objects.create(
        title="Listing", start=WINDOW[0], end=WINDOW[1], created_by=ana, created_at=NOW, updated_at=NOW
    )
    customer = make_customer()

    def worked(opened: dt.datetime, *, team: Any, agent: Any, replies: int = 1, **fields: Any) -> Ticket:
        ticket = case(at=opened, team=team, assignee=agent, customer=customer, **fields)
        for n in range(replies):
            reply(ticket, opened + (n + 1) * H)
        _span(ticket, agent, opened + H / 2, 20 + 5 * replies)
        return ticket

    one = solve(worked(TODAY - 20 * D + 3 * H, team=wallets, agent=ana), TODAY - 20 * D + 5 * H)
    _survey(one, 5)
    two = solve(worked(TODAY - 20 * D + 4 * H, team=bpo, agent=pat, replies=2), TODAY - 19 * D)
    _survey(two, 2)
    reopened = solve(worked(TODAY - 30 * D, team=wallets, agent=ana, channel=Channel.CHAT), TODAY - 29 * D)
    reopen(reopened, TODAY - 23 * D)
    solve(reopened, TODAY - 22 * D)
    _survey(reopened, None)
    recent = solve(worked(TODAY - 3 * D, team=bpo, agent=pat, language="de", tier=2), TODAY - 2 * D)
    _survey(recent, 5)
    inside = solve(worked(WINDOW[0] + H, team=wallets, agent=ana), WINDOW[0] + 2 * H)
    _survey(inside, 3)
    worked(TODAY - 15 * D, team=bpo, agent=pat, language="de")  # still open
    # Tier 0: answered and solved by the customer; answered, the customer wrote again; too recent; handed
    # over; answered inside the window.
    answered = case(at=TODAY - 12 * D, channel=Channel.CHAT, customer=make_customer())
    tier0_solved_by_customer(
        answered, TODAY - 12 * D + H, tier0_reads(answered, TODAY - 12 * D, answers=True)
    )
    came_back = case(at=TODAY - 9 * D, customer=make_customer())
    tier0_reads(came_back, TODAY - 9 * D, answers=True)
    customer_writes(came_back, TODAY - 7 * D)
    tier0_reads(case(at=TODAY - 2 * D, customer=make_customer()), TODAY - 2 * D, answers=True)
    tier0_reads(
        case(at=TODAY - 11 * D, team=wallets, customer=make_customer()), TODAY - 11 * D, answers=False
    )
    in_window = case(at=WINDOW[0] + 2 * H, customer=make_customer())
    tier0_reads(in_window, WINDOW[0] + 2 * H, answers=True)
    return {"wallets": wallets, "bpo": bpo, "ana": ana, "pat": pat}


def _plain(values: Mapping[Any, Value]) -> dict[object, tuple[float, int]]:
    return {key: (round(value.numerator, 6), value.denominator) for key, value in values.items()}


def test_every_metric_beyond_the_core_is_rolled_up():
    assert sorted(metric.key for metric in rolled_metrics()) == sorted(EVERY)


def _assert_rolled_is_live(breakdowns: tuple[Breakdown, ...] = BREAKDOWNS) -> None:
    """Every rolled metric, whole and on each side of the current windows, from the rollup alone (the
    state serves every read), equals the live computation."""
    windows = windows_between(*PERIOD)
    state = rollup_state(*PERIOD, windows=windows)
    whole = Scope(start=PERIOD[0], end=PERIOD[1], windows=windows)
    for metric in rolled_metrics():
        assert state.serves(metric.key, whole), metric.key
        for breakdown in breakdowns:
            live = metric.compute(whole, breakdown)
            assert _plain(compute(metric, whole, breakdown, state)) == _plain(live), (metric.key, breakdown)
        for side in (Side.INSIDE, Side.OUTSIDE):
            sided = Scope(start=PERIOD[0], end=PERIOD[1], side=side, windows=windows)
            assert state.serves(metric.key, sided), (metric.key, side)
            for breakdown in breakdowns:
                live = metric.compute(sided, breakdown)
                rolled = compute(metric, sided, breakdown, state)
                assert _plain(rolled) == _plain(live), (metric.key, side, breakdown)


def test_the_rolled_up_figures_are_the_live_ones_for_every_metric_breakdown_and_side():
    world()
    metric_rollup_refresh(older_per_run=400)
    windows = windows_between(*PERIOD)
    assert windows
    whole = Scope(start=PERIOD[0], end=PERIOD[1], windows=windows)
    for metric in rolled_metrics():
        assert metric.compute(whole, Breakdown.NONE)[None].denominator > 0, metric.key
    _assert_rolled_is_live()
    state = rollup_state(*PERIOD, windows=windows)
    # A shorter period inside the rollup (the last 7 days) sums its own days only.
    week = Scope(start=TODAY - 6 * D, end=TODAY + D)
    for metric in rolled_metrics():
        assert _plain(compute(metric, week, Breakdown.TEAM, state)) == _plain(
            metric.compute(week, Breakdown.TEAM)
        )


def test_a_window_marked_changed_or_deleted_after_the_rollup_recomputes_the_days_it_touches():
    """A market event marked over days rolled up long ago: until the next run the page reads the sides
    of those days live (right); the run recomputes them first, whatever their age, and the rollup's
    sides are the live ones again. Likewise when the event is moved, and when it is deleted."""
    world()
    metric_rollup_refresh(older_per_run=400)
    supervisor = make_agent(username="sup")
    # Over the cases opened 20 days ago (older than the days recomputed every run).
    event = MarketEvent.objects.create(
        title="Halving",
        start=TODAY - 20 * D + 2 * H,
        end=TODAY - 20 * D + 5 * H,
        created_by=supervisor,
        created_at=NOW,
        updated_at=NOW,
    )
    windows = windows_between(*PERIOD)
    state = rollup_state(*PERIOD, windows=windows)
    inside = Scope(start=PERIOD[0], end=PERIOD[1], side=Side.INSIDE, windows=windows)
    for metric in rolled_metrics():
        assert metric.key in state.covered and metric.key not in state.sided
        assert _plain(compute(metric, inside, Breakdown.TEAM, state)) == _plain(
            metric.compute(inside, Breakdown.TEAM)
        )
    assert metric_rollup_refresh() > 0
    due = due_days("fcr", now=NOW, recent=RECENT_DAYS, history=366, older_per_run=0)
    assert (TODAY - 20 * D).date() not in due
    _assert_rolled_is_live((Breakdown.NONE, Breakdown.TEAM, Breakdown.DAY))
    fcr = next(metric for metric in rolled_metrics() if metric.key == "fcr")
    assert compute(fcr, inside, Breakdown.NONE, rollup_state(*PERIOD, windows=windows))[None].denominator == 2
    # Moved to the afternoon (no case inside any more), then deleted.
    event.start, event.end = TODAY - 20 * D + 13 * H, TODAY - 20 * D + 15 * H
    event.save()
    assert (
        due_days("fcr", now=NOW, recent=RECENT_DAYS, history=366, older_per_run=0)[-1]
        == (TODAY - 20 * D).date()
    )
    metric_rollup_refresh()
    _assert_rolled_is_live((Breakdown.NONE, Breakdown.TEAM))
    event.delete()
    metric_rollup_refresh()
    _assert_rolled_is_live((Breakdown.NONE, Breakdown.CHANNEL))
    assert not MetricRollup.objects.filter(day=(TODAY - 20 * D).date(), inside=True).exists()


def test_one_grouped_statement_gives_every_breakdown_and_side_of_a_day_range(
    django_assert_num_queries: Any,
):
    """FCR and the tier-0 metrics: the sweep's one statement for a day range (GROUPING SETS) has, summed
    over both sides, each breakdown's figures of the statement per breakdown."""
    world()
    scope = Scope(start=PERIOD[0], end=PERIOD[1])
    windows = windows_between(*PERIOD)
    grouped = [metric for metric in rolled_metrics() if isinstance(metric, GroupedDailyMetric)]
    assert sorted(metric.key for metric in grouped) == sorted(EVERY[:4])
    for metric in grouped:
        with django_assert_num_queries(1):
            sets = metric.compute_daily_sets(scope, DIMENSIONS, windows)
        summed: dict[tuple[object, ...], Value] = {}
        for (_inside, breakdown, day, key), value in sets.items():
            summed.setdefault((breakdown, day, key), Value()).add(value)
        for breakdown in DIMENSIONS:
            one = {(day, key): value for (b, day, key), value in summed.items() if b is breakdown}
            assert _plain(one) == _plain(metric.compute_daily(scope, breakdown)), (metric.key, breakdown)


def test_a_ratio_over_days_is_the_sum_of_numerators_over_the_sum_of_denominators():
    world()
    metric_rollup_refresh(older_per_run=400)
    scope = Scope(start=PERIOD[0], end=PERIOD[1])
    csat = next(metric for metric in rolled_metrics() if metric.key == "csat")
    total = compute(csat, scope, Breakdown.NONE, rollup_state(*PERIOD))[None]
    # Scores 5 and 2 on one day, 5 on another, 3 on a third: 15 / 4 = 3.75, not the average of the
    # days' averages (3.5, 5, 3: 3.83).
    assert (total.numerator, total.denominator) == (15.0, 4)
    days = MetricRollup.objects.filter(metric="csat", dimension="none", denominator__gt=0)
    assert sorted((row.numerator, row.denominator) for row in days) == [(3.0, 1), (5.0, 1), (7.0, 2)]


def test_a_period_the_rollup_does_not_cover_yet_is_read_live():
    world()
    # A first run on a new deployment: the recent days and one older day only.
    metric_rollup_refresh(older_per_run=1)
    state = rollup_state(*PERIOD)
    scope = Scope(start=PERIOD[0], end=PERIOD[1])
    assert not state.covered
    for metric in rolled_metrics():
        assert _plain(compute(metric, scope, Breakdown.TEAM, state)) == _plain(
            metric.compute(scope, Breakdown.TEAM)
        )
    # The last 7 days are covered already.
    assert rollup_state(TODAY - 6 * D, TODAY + D).covered == frozenset(EVERY)


def test_each_run_recomputes_the_recent_days_and_older_days_once_a_day():
    metric_rollup_refresh(older_per_run=400)
    days = due_days("fcr", now=NOW, recent=RECENT_DAYS, history=366, older_per_run=31)
    assert days == [TODAY.date() - n * D for n in range(RECENT_DAYS - 1, -1, -1)]
    with time_machine.travel(NOW + D + H, tick=False):
        later = due_days("fcr", now=NOW + D + H, recent=RECENT_DAYS, history=366, older_per_run=31)
    assert len(later) == RECENT_DAYS + 31


def test_a_case_solved_late_moves_an_old_day_at_its_next_daily_recompute():
    """A case opened 30 days ago and solved today: its day, older than the recent days, catches up
    within a day; until then the rollup shows the day as it was."""
    world()
    metric_rollup_refresh(older_per_run=400)
    opened = TODAY - 30 * D + 5 * H
    late = solve(case(at=opened, customer=make_customer()), NOW - 8 * D)
    late.refresh_from_db()
    scope = Scope(start=PERIOD[0], end=PERIOD[1])
    fcr = next(metric for metric in rolled_metrics() if metric.key == "fcr")
    before = compute(fcr, scope, Breakdown.NONE, rollup_state(*PERIOD))[None]
    assert fcr.compute(scope, Breakdown.NONE)[None].denominator == before.denominator + 1
    with time_machine.travel(NOW + D + H, tick=False):
        metric_rollup_refresh(older_per_run=400)
        after = compute(fcr, scope, Breakdown.NONE, rollup_state(*PERIOD))[None]
        assert _plain({None: after}) == _plain(fcr.compute(scope, Breakdown.NONE))


def _page_statements(client: Client, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reports/", query).status_code == 200
    return len(queries)


def test_the_page_with_every_metric_reads_a_fixed_number_of_statements(supervisor: Any):
    client = Client()
    client.force_login(supervisor)
    query = {"period": "30", "breakdown": "team", "grain": "day"}
    world()
    reports_rollup_refresh()
    metric_rollup_refresh(older_per_run=400)
    small = _page_statements(client, query)
    bpo = make_team(slug="bpo-2", is_outsourced=True)
    for n in range(12):
        opened = TODAY - (n % 9) * D - 2 * H
        ticket = solve(case(at=opened, team=bpo, customer=make_customer()), opened + H)
        _survey(ticket, 1 + n % 5)
    reports_rollup_refresh()
    metric_rollup_refresh(older_per_run=400)
    # The page of the core metrics alone (52, tests/reports/test_dashboard.py), the rolled metrics'
    # coverage on both sides of the windows (1), and every rolled metric's total, trend, breakdown and
    # both sides, all from the rollup in one statement (1): 54, down from 132 when the sides of the
    # windows were read live per metric.
    assert small == _page_statements(client, query) == 52 + 1 + 1
    # A window marked since the last run: its days' sides are read live until the next run.
    MarketEvent.objects.create(
        title="Fork",
        start=TODAY - 8 * D,
        end=TODAY - 8 * D + H,
        created_by=supervisor,
        created_at=NOW,
        updated_at=NOW,
    )
    assert _page_statements(client, query) > 54
    metric_rollup_refresh()
    assert _page_statements(client, query) == 54


def test_the_export_of_a_rolled_metric_reads_a_fixed_number_of_statements(
    supervisor: Any, django_assert_num_queries: Any
):
    client = Client()
    client.force_login(supervisor)
    world()
    metric_rollup_refresh(older_per_run=400)
    query = {"metric": "fcr", "breakdown": "team", "period": "30", "side": "outside"}
    # Session, user, the windows, the rollup's coverage, the rollup's outside rows, team names, the
    # audit record (in its savepoint).
    with django_assert_num_queries(9):
        response = client.get("/reports/export.csv", query)
    assert response.status_code == 200
    for n in range(10):
        opened = TODAY - (n % 9) * D - 2 * H
        solve(case(at=opened, team=make_team(slug=f"t{n}"), customer=make_customer()), opened + H)
    metric_rollup_refresh(older_per_run=400)
    with django_assert_num_queries(9):
        client.get("/reports/export.csv", query)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_metric_rollup_task_as_beat_runs_it():
    from reports.tasks import reports_metric_rollup_refresh_task

    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    world()
    fields = ("metric", "dimension", "day", "key", "numerator", "denominator")
    assert reports_metric_rollup_refresh_task.delay().get() > 0
    first = set(MetricRollup.objects.values_list(*fields))
    days = set(MetricRollup.objects.values_list("day", flat=True))
    # The first run: the recent days and 31 older ones, a totals row each, for every metric.
    # (The day of the market event has an inside totals row too.)
    totals = MetricRollup.objects.filter(dimension="none", key="", inside=False)
    assert totals.count() == len(EVERY) * (RECENT_DAYS + 31)
    # The second run recomputes the recent days to the same figures, and goes on filling the year.
    assert reports_metric_rollup_refresh_task.delay().get() > 0
    assert set(MetricRollup.objects.filter(day__in=days).values_list(*fields)) == first
    assert totals.count() == len(EVERY) * (RECENT_DAYS + 62)
    scope = Scope(start=TODAY - 6 * D, end=TODAY + D)
    state = rollup_state(scope.start, scope.end)
    for metric in rolled_metrics():
        assert _plain(compute(metric, scope, Breakdown.TEAM, state)) == _plain(
            metric.compute(scope, Breakdown.TEAM)
        )
