"""Handle time per resolved case, cost per resolution and cost per contact, by hand on a small
example, for every breakdown (in-house vs partner included), with a fixed number of statements."""

import datetime as dt
from decimal import Decimal

import pytest

from costs.metrics import COST_PER_CONTACT, COST_PER_RESOLUTION, HANDLE_TIME
from costs.models import CostRate, SpanSource
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Unit
from tests.costs.conftest import T0, at, case, member_of, span
from tickets.models import Channel, Status, Ticket

pytestmark = pytest.mark.django_db

DAY1 = T0.date()
DAY2 = DAY1 + dt.timedelta(days=1)
SCOPE = Scope(start=T0 - dt.timedelta(hours=1), end=T0 + dt.timedelta(days=7))


def _rate(**fields):
    CostRate.objects.create(
        created_at=T0, effective_from=dt.date(2026, 1, 1), hourly_cost=Decimal(fields.pop("cost")), **fields
    )


def _case(team, *, created, status, channel=Channel.EMAIL, language="en", tier=1):
    ticket = case(team)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=created, status=status, channel=channel, language=language, tier=tier
    )
    return ticket


@pytest.fixture
def world(ana, pat, inhouse_team, partner_team):
    """Four cases:
    A in-house, email, en, tier 2, day 1, solved: ana 30 min (her own 60/h: 30) + bo 15 min (team 40/h: 10)
    B partner, chat, es, tier 1, day 2, solved: pat 60 min (team 20/h: 20), page and chat overlapping
    C in-house, email, en, tier 1, day 2, open: ana 30 min (30)
    D partner, email, es, tier 1, day 1, solved by tier 0: no handle time
    """
    bo = member_of(inhouse_team, "bo")
    _rate(team=inhouse_team, cost="40")
    _rate(team=partner_team, cost="20")
    _rate(agent=ana, cost="60")
    a = _case(inhouse_team, created=at(0), status=Status.SOLVED, tier=2)
    b = _case(partner_team, created=at(24 * 60), status=Status.CLOSED, channel=Channel.CHAT, language="es")
    c = _case(inhouse_team, created=at(24 * 60 + 5), status=Status.OPEN)
    d = _case(partner_team, created=at(10), status=Status.SOLVED, language="es")
    span(a, ana, at(5), at(35))
    span(a, bo, at(20), at(35))
    span(b, pat, at(24 * 60 + 10), at(24 * 60 + 40), source=SpanSource.CHAT)
    span(b, pat, at(24 * 60 + 30), at(24 * 60 + 70))  # 10 minutes overlap the chat
    span(c, ana, at(24 * 60 + 10), at(24 * 60 + 40))
    return {"a": a, "b": b, "c": c, "d": d, "ana": ana, "bo": bo, "pat": pat}


def results(metric, breakdown, scope=SCOPE):
    return {k: (round(v.numerator, 2), v.denominator) for k, v in metric.compute(scope, breakdown).items()}


def test_the_costs_metrics_are_registered_for_the_reports():
    assert REGISTRY["handle_time"] is HANDLE_TIME and HANDLE_TIME.unit is Unit.SECONDS
    assert REGISTRY["cost_per_resolution"] is COST_PER_RESOLUTION and COST_PER_RESOLUTION.unit is Unit.MONEY
    assert REGISTRY["cost_per_contact"] is COST_PER_CONTACT
    assert set(COST_PER_RESOLUTION.breakdowns) == set(Breakdown)


def test_handle_time_per_resolved_case(world):
    assert results(HANDLE_TIME, Breakdown.NONE) == {None: (105 * 60, 3)}
    assert HANDLE_TIME.compute(SCOPE, Breakdown.NONE)[None].result(Unit.SECONDS) == 2100


def test_cost_per_resolution_overall_and_in_house_vs_partner(world):
    assert results(COST_PER_RESOLUTION, Breakdown.NONE) == {None: (60.0, 3)}
    assert results(COST_PER_RESOLUTION, Breakdown.SOURCING) == {"inhouse": (40.0, 1), "partner": (20.0, 2)}
    assert results(HANDLE_TIME, Breakdown.SOURCING) == {"inhouse": (2700, 1), "partner": (3600, 2)}


def test_cost_per_resolution_by_team_channel_language_and_tier(world, inhouse_team, partner_team):
    assert results(COST_PER_RESOLUTION, Breakdown.TEAM) == {
        inhouse_team.pk: (40.0, 1),
        partner_team.pk: (20.0, 2),
    }
    assert results(COST_PER_RESOLUTION, Breakdown.CHANNEL) == {"email": (40.0, 2), "chat": (20.0, 1)}
    assert results(COST_PER_RESOLUTION, Breakdown.LANGUAGE) == {"en": (40.0, 1), "es": (20.0, 2)}
    assert results(COST_PER_RESOLUTION, Breakdown.TIER) == {2: (40.0, 1), 1: (20.0, 2)}


def test_by_agent_each_agent_is_counted_on_the_cases_they_worked(world):
    ana, bo, pat = world["ana"].pk, world["bo"].pk, world["pat"].pk
    assert results(COST_PER_RESOLUTION, Breakdown.AGENT) == {ana: (30.0, 1), bo: (10.0, 1), pat: (20.0, 1)}
    assert results(HANDLE_TIME, Breakdown.AGENT) == {ana: (1800, 1), bo: (900, 1), pat: (3600, 1)}


def test_trends_by_day_and_week_of_creation(world):
    assert results(COST_PER_RESOLUTION, Breakdown.DAY) == {DAY1: (40.0, 2), DAY2: (20.0, 1)}
    assert results(COST_PER_RESOLUTION, Breakdown.WEEK) == {DAY1: (60.0, 3)}  # T0 is a Monday


def test_cost_per_contact_counts_every_case_created_solved_or_not(world):
    assert results(COST_PER_CONTACT, Breakdown.NONE) == {None: (90.0, 4)}
    assert results(COST_PER_CONTACT, Breakdown.SOURCING) == {"inhouse": (70.0, 2), "partner": (20.0, 2)}


def test_inside_and_outside_volatility_windows(world):
    window = ((at(-1), at(24 * 60 - 1)),)  # day 1: cases A and D
    inside = Scope(start=SCOPE.start, end=SCOPE.end, side=Side.INSIDE, windows=window)
    outside = Scope(start=SCOPE.start, end=SCOPE.end, side=Side.OUTSIDE, windows=window)
    assert results(COST_PER_RESOLUTION, Breakdown.NONE, inside) == {None: (40.0, 2)}
    assert results(COST_PER_RESOLUTION, Breakdown.NONE, outside) == {None: (20.0, 1)}


def test_filters_narrow_the_cases(world, partner_team):
    partner_only = Scope(start=SCOPE.start, end=SCOPE.end, filters={"sourcing": "partner"})
    team_only = Scope(start=SCOPE.start, end=SCOPE.end, filters={"team": partner_team.pk})
    assert results(COST_PER_RESOLUTION, Breakdown.NONE, partner_only) == {None: (20.0, 2)}
    assert results(COST_PER_RESOLUTION, Breakdown.NONE, team_only) == {None: (20.0, 2)}


def test_work_without_any_cost_entered_costs_nothing_but_still_counts_as_handle_time(world):
    CostRate.objects.all().delete()
    assert results(COST_PER_RESOLUTION, Breakdown.NONE) == {None: (0.0, 3)}
    assert results(HANDLE_TIME, Breakdown.NONE) == {None: (6300, 3)}


@pytest.mark.parametrize("breakdown", list(Breakdown))
def test_every_breakdown_runs_a_fixed_number_of_statements(world, breakdown, django_assert_num_queries):
    with django_assert_num_queries(2):
        HANDLE_TIME.compute(SCOPE, breakdown)
    with django_assert_num_queries(4):
        COST_PER_RESOLUTION.compute(SCOPE, breakdown)
    with django_assert_num_queries(4):
        COST_PER_CONTACT.compute(SCOPE, breakdown)


def test_an_empty_period_gives_no_rows_in_two_statements(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert COST_PER_RESOLUTION.compute(SCOPE, Breakdown.TEAM) == {}
