"""The core ticket metrics, each on hand-built tickets, per breakdown, live and from the daily rollup."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection

from reports.core_metrics import CORE_METRICS, CoreMetric
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Unit
from reports.models import DailyRollup
from reports.rollup import reports_rollup_refresh
from sla.models import TicketClock
from tests.factories import make_agent, make_customer, make_team
from tickets.models import Channel, Status, Ticket, Tier

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
# Noon on a Wednesday; the period is the ten whole days before today.
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
TODAY = dt.datetime(2026, 11, 18, tzinfo=dt.UTC)
PERIOD = Scope(start=TODAY - 10 * D, end=TODAY)


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def ticket(
    created: dt.datetime,
    *,
    first_response: dt.timedelta | None = None,
    solved: dt.timedelta | None = None,
    reopened: int = 0,
    **fields: Any,
) -> Ticket:
    """A ticket as its history left it: created, answered and solved after the given delays."""
    status = Status.SOLVED if solved is not None else Status.OPEN
    return Ticket.objects.create(
        subject="Withdrawal pending",
        customer=fields.pop("customer", None) or make_customer(),
        status=fields.pop("status", status),
        created_at=created,
        updated_at=created,
        first_response_at=None if first_response is None else created + first_response,
        solved_at=None if solved is None else created + solved,
        reopen_count=reopened,
        **fields,
    )


def clock(ticket: Ticket, **fields: Any) -> TicketClock:
    return TicketClock.objects.create(
        ticket=ticket, opened_at=ticket.created_at, counted_until=ticket.created_at, **fields
    )


def result(key: str, scope: Scope = PERIOD, breakdown: Breakdown = Breakdown.NONE) -> dict[object, Any]:
    """The metric's results, read live from the tickets and, the same, through the swept rollup."""
    metric = REGISTRY[key]
    assert isinstance(metric, CoreMetric)
    live = {k: v.result(metric.unit) for k, v in metric.compute_live(scope, breakdown).items()}
    reports_rollup_refresh()
    assert {k: v.result(metric.unit) for k, v in metric.compute(scope, breakdown).items()} == live
    return live


def test_every_core_metric_is_registered_with_every_breakdown():
    for metric in CORE_METRICS:
        assert REGISTRY[metric.key] is metric
        assert set(metric.breakdowns) == set(Breakdown)


def test_volume_counts_the_tickets_created_in_the_period_only():
    ticket(TODAY - 3 * D)
    ticket(TODAY - 10 * D)  # the period's first moment
    ticket(TODAY - 11 * D)  # before it
    ticket(TODAY + H)  # today, after it
    assert result("volume") == {None: 2}


def test_first_response_time_averages_the_answered_tickets():
    ticket(TODAY - 3 * D, first_response=H)
    ticket(TODAY - 3 * D, first_response=3 * H)
    ticket(TODAY - 3 * D)  # not answered: not in the average
    assert result("first_response_time") == {None: 2 * 3600}


def test_first_response_within_sla_counts_decided_targets_only():
    on_time = ticket(TODAY - 3 * D, first_response=H)
    clock(on_time, first_response_target=7200)
    late = ticket(TODAY - 3 * D, first_response=3 * H)
    clock(late, first_response_target=7200, first_response_breached_at=late.created_at + 2 * H)
    overdue = ticket(TODAY - 3 * D)
    clock(overdue, first_response_target=7200, first_response_breached_at=overdue.created_at + 2 * H)
    still_within = ticket(TODAY - 1 * H - D)  # no answer yet, not breached: undecided
    clock(still_within, first_response_target=7 * 86400)
    ticket(TODAY - 3 * D, first_response=H)  # no clock at all: no target
    assert result("first_response_sla") == {None: pytest.approx(100 / 3)}


def test_sla_attainment_counts_first_response_next_responses_and_resolution():
    solved = ticket(TODAY - 3 * D, first_response=H, solved=5 * H)
    clock(
        solved,
        first_response_target=7200,
        resolution_target=4 * 3600,
        resolution_breached_at=solved.created_at + 4 * H,
        next_response_met=2,
        next_response_missed=1,
    )
    # first response met, resolution missed, next responses 2 met and 1 missed: 3 of 5.
    assert result("sla_attainment") == {None: 60.0}


def test_resolution_time_averages_solved_and_closed_tickets():
    ticket(TODAY - 3 * D, solved=2 * H)
    ticket(TODAY - 3 * D, solved=4 * H, status=Status.CLOSED)
    ticket(TODAY - 3 * D)  # open
    assert result("resolution_time") == {None: 3 * 3600}


def test_reopen_rate_is_the_share_of_solved_tickets_reopened():
    ticket(TODAY - 3 * D, solved=H)
    ticket(TODAY - 3 * D, solved=H, reopened=1)
    ticket(TODAY - 3 * D, reopened=2)  # reopened and open again: it was solved once
    ticket(TODAY - 3 * D)  # never solved: not in the base
    assert result("reopen_rate") == {None: pytest.approx(200 / 3)}


def test_backlog_age_and_zombies_are_read_at_the_period_end():
    ticket(TODAY - 40 * D)  # open, 40 days old at the end: a zombie, created before the period
    ticket(TODAY - 2 * D, solved=3 * D)  # solved after the period ended: open at its end
    ticket(TODAY - 2 * D, solved=H)  # solved before the end
    ticket(TODAY + H)  # created after the end
    assert result("backlog") == {None: 2}
    assert result("backlog_age") == {None: (40 + 2) / 2 * 86400}
    assert result("zombies") == {None: 1}


def test_each_breakdown_keys_its_rows():
    inhouse = make_team(name="General", slug="general", tier=Tier.GENERAL)
    partner = make_team(name="Partner", slug="partner", is_outsourced=True)
    alice = make_agent(username="alice")
    ticket(
        TODAY - 9 * D, team=inhouse, assignee=alice, channel=Channel.CHAT, language="de", tier=Tier.GENERAL
    )
    ticket(TODAY - 2 * D, team=partner, channel=Channel.EMAIL, language="en", tier=Tier.SPECIALIST)
    ticket(TODAY - 2 * D, channel=Channel.EMAIL, language="en", tier=Tier.SPECIALIST)
    assert result("volume", breakdown=Breakdown.TEAM) == {inhouse.pk: 1, partner.pk: 1, None: 1}
    assert result("volume", breakdown=Breakdown.AGENT) == {alice.pk: 1, None: 2}
    assert result("volume", breakdown=Breakdown.CHANNEL) == {"chat": 1, "email": 2}
    assert result("volume", breakdown=Breakdown.LANGUAGE) == {"de": 1, "en": 2}
    assert result("volume", breakdown=Breakdown.TIER) == {Tier.GENERAL: 1, Tier.SPECIALIST: 2}
    assert result("volume", breakdown=Breakdown.SOURCING) == {"inhouse": 2, "partner": 1}
    days = result("volume", breakdown=Breakdown.DAY)
    assert days == {(TODAY - 9 * D).date(): 1, (TODAY - 2 * D).date(): 2}
    # Weeks start on Monday: 2026-11-09 and 2026-11-16.
    assert result("volume", breakdown=Breakdown.WEEK) == {dt.date(2026, 11, 9): 1, dt.date(2026, 11, 16): 2}


def test_the_backlog_trend_is_each_days_backlog_at_its_end():
    ticket(TODAY - 3 * D + H, solved=D)  # open at the end of day -3 only
    ticket(TODAY - 2 * D + H)  # open from the end of day -2 on
    days = result("backlog", breakdown=Breakdown.DAY)
    assert days[(TODAY - 4 * D).date()] is None or days.get((TODAY - 4 * D).date()) == 0
    assert days[(TODAY - 3 * D).date()] == 1
    assert days[(TODAY - 2 * D).date()] == 1
    assert days[(TODAY - 1 * D).date()] == 1


def test_inside_and_outside_the_windows_add_up_to_the_whole():
    window = (TODAY - 3 * D, TODAY - 3 * D + 2 * H)
    ticket(TODAY - 3 * D + H, first_response=4 * H)  # inside
    ticket(TODAY - 2 * D, first_response=H)  # outside
    ticket(TODAY - 1 * D, first_response=H)  # outside
    inside = Scope(PERIOD.start, PERIOD.end, Side.INSIDE, (window,))
    outside = Scope(PERIOD.start, PERIOD.end, Side.OUTSIDE, (window,))
    assert result("first_response_time", inside) == {None: 4 * 3600}
    assert result("first_response_time", outside) == {None: 3600}
    assert result("volume", outside) == {None: 2}
    assert result("backlog", inside) == {None: 1}
    assert result("backlog", outside) == {None: 2}


def _varied_tickets() -> None:
    teams = [
        make_team(name="General", slug="general"),
        make_team(name="Partner", slug="p", is_outsourced=True),
    ]
    agents = [make_agent(username="alice"), make_agent(username="bob")]
    for n in range(24):
        created = TODAY - (n % 12) * D - (n % 5) * H - 3 * H
        t = ticket(
            created,
            first_response=(n % 3) * H if n % 4 else None,
            solved=(n % 6 + 1) * 7 * H if n % 3 else None,
            reopened=1 if n % 7 == 0 else 0,
            team=teams[n % 2] if n % 5 else None,
            assignee=agents[n % 2] if n % 3 else None,
            channel=[Channel.CHAT, Channel.EMAIL, Channel.PHONE][n % 3],
            language=["en", "de", "es"][n % 3],
            tier=[Tier.GENERAL, Tier.SPECIALIST][n % 2],
        )
        if n % 2:
            clock(t, first_response_target=3600, resolution_target=20 * 3600, next_response_met=n % 3)


@pytest.mark.parametrize("metric", CORE_METRICS, ids=lambda m: m.key)
def test_the_rollup_gives_the_live_numbers_for_every_breakdown(metric: Any):
    _varied_tickets()
    # Day by day: each day's backlog is taken at its end, as a sweep running every day would.
    for back in range(13, 0, -1):
        with time_machine.travel(TODAY - back * D + 23 * H, tick=False):
            reports_rollup_refresh(days=14)
    reports_rollup_refresh(days=14)
    for breakdown in Breakdown:
        live = metric.compute_live(PERIOD, breakdown)
        rolled = metric.compute_rolled(PERIOD, breakdown)
        assert {k: v.result(metric.unit) for k, v in rolled.items()} == pytest.approx(
            {k: v.result(metric.unit) for k, v in live.items()}
        ), breakdown


def test_each_metric_reads_one_statement_from_the_rollup_and_live(django_assert_num_queries: Any):
    _varied_tickets()
    reports_rollup_refresh()
    windowed = Scope(PERIOD.start, PERIOD.end, Side.INSIDE, ((TODAY - 3 * D, TODAY - 2 * D),))
    filtered = Scope(PERIOD.start, PERIOD.end, filters={"channel": "chat"})
    for metric in CORE_METRICS:
        for breakdown in (Breakdown.TEAM, Breakdown.AGENT, Breakdown.SOURCING, Breakdown.DAY):
            with django_assert_num_queries(1):
                metric.compute(PERIOD, breakdown)
            with django_assert_num_queries(1):
                metric.compute(windowed, Breakdown.TEAM)
            with django_assert_num_queries(1):
                metric.compute(filtered, breakdown if metric.kind == "cohort" else Breakdown.TEAM)


def test_periods_older_than_the_rollups_year_are_read_live():
    ticket(TODAY - 400 * D, first_response=H)
    reports_rollup_refresh()
    old = Scope(start=TODAY - 401 * D, end=TODAY - 399 * D)
    assert not DailyRollup.objects.filter(day=(TODAY - 400 * D).date()).exists()
    assert REGISTRY["first_response_time"].compute(old, Breakdown.NONE)[None].result(Unit.SECONDS) == 3600


def test_a_day_missing_from_the_rollup_is_filled_by_the_next_run():
    ticket(TODAY - 200 * D, first_response=H)
    reports_rollup_refresh()
    DailyRollup.objects.filter(day=(TODAY - 200 * D).date()).delete()  # a gap, as if beat had been down
    reports_rollup_refresh()
    assert result("volume", Scope(start=TODAY - 201 * D, end=TODAY - 199 * D)) == {None: 1}


def test_the_rollup_refresh_is_idempotent_and_zeroes_what_moved():
    team = make_team(name="General", slug="general")
    moved = ticket(TODAY - 2 * D, team=team)
    reports_rollup_refresh()
    reports_rollup_refresh()
    row = DailyRollup.objects.get(dimension="team", day=(TODAY - 2 * D).date(), key=str(team.pk))
    assert row.created == 1
    Ticket.objects.filter(pk=moved.pk).update(team=None)
    reports_rollup_refresh()
    row.refresh_from_db()
    assert row.created == 0
    assert result("volume", breakdown=Breakdown.TEAM) == {None: 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reports_rollup_refresh_task_as_beat_runs_it():
    from reports.tasks import reports_rollup_refresh_task

    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    ticket(TODAY - 2 * D, first_response=H)
    ticket(TODAY - 40 * D)
    fields = [f.name for f in DailyRollup._meta.fields if f.name not in ("id", "updated_at")]
    assert reports_rollup_refresh_task.delay().get() > 0
    first = set(DailyRollup.objects.values_list(*fields))
    # The second run recomputes the cohorts and today's backlog only, to the same figures.
    assert 0 < reports_rollup_refresh_task.delay().get() < len(first)
    assert set(DailyRollup.objects.values_list(*fields)) == first
    totals = DailyRollup.objects.get(dimension="none", day=(TODAY - 2 * D).date())
    assert (totals.created, totals.fr_count, totals.fr_seconds) == (1, 1, 3600.0)
    # The first run reaches a year back (a day each, zeros included), the next ones the last 95 days.
    assert DailyRollup.objects.filter(dimension="none").count() == 366
    assert REGISTRY["zombies"].compute(PERIOD, Breakdown.NONE)[None].result(Unit.COUNT) == 1
