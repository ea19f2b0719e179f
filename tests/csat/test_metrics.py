"""The CSAT metrics per breakdown: values from hand-made answers, one statement per call."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from csat.models import Survey, SurveyChannel
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Unit
from tests.csat.conftest import solved_ticket
from tests.factories import make_agent, make_team
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def _answered(score: int | None, language: str = "en", **ticket_fields: object) -> Survey:
    ticket = solved_ticket(**ticket_fields)
    # Intake sets the language from the words; these tickets' language is given.
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    return Survey.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        channel=SurveyChannel.EMAIL,
        language=ticket.language,
        created_at=timezone.now(),
        sent_at=timezone.now(),
        score=score,
        responded_at=timezone.now() if score else None,
        responded_via=SurveyChannel.EMAIL if score else "",
    )


@pytest.fixture
def answers():
    inhouse, partner = make_team(slug="general"), make_team(slug="partner", is_outsourced=True)
    alice, bob = make_agent(username="alice"), make_agent(username="bob")
    with time_machine.travel(NOW, tick=False):
        _answered(5, team=inhouse, assignee=alice, channel=Channel.EMAIL, language="en")
        _answered(4, team=inhouse, assignee=alice, channel=Channel.CHAT, language="es")
        _answered(1, team=partner, assignee=bob, channel=Channel.EMAIL, language="es")
        _answered(None, team=partner, assignee=bob, channel=Channel.EMAIL, language="es")  # sent, unanswered
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        _answered(2, team=inhouse, assignee=bob, channel=Channel.PHONE, language="en")
    return {"inhouse": inhouse, "partner": partner, "alice": alice, "bob": bob}


def _results(key: str, breakdown: Breakdown, **scope: object) -> Any:
    metric = REGISTRY[key]
    period = Scope(start=NOW - dt.timedelta(days=1), end=NOW + dt.timedelta(days=30), **scope)  # type: ignore[arg-type]
    results = {k: v.result(metric.unit) for k, v in metric.compute(period, breakdown).items()}
    return pytest.approx(results)


def test_the_three_metrics_are_registered_with_every_breakdown():
    assert (REGISTRY["csat"].unit, REGISTRY["csat_satisfied"].unit) == (Unit.SCORE, Unit.PERCENT)
    assert REGISTRY["csat_response_rate"].unit == Unit.PERCENT
    assert set(REGISTRY["csat"].breakdowns) == set(Breakdown)


def test_csat_is_the_average_answered_score_per_breakdown(answers, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert _results("csat", Breakdown.NONE) == {None: 3.0}
    assert _results("csat", Breakdown.TEAM) == {answers["inhouse"].pk: 11 / 3, answers["partner"].pk: 1.0}
    assert _results("csat", Breakdown.AGENT) == {answers["alice"].pk: 4.5, answers["bob"].pk: 1.5}
    assert _results("csat", Breakdown.CHANNEL) == {"email": 3.0, "chat": 4.0, "phone": 2.0}
    assert _results("csat", Breakdown.LANGUAGE) == {"en": 3.5, "es": 2.5}
    assert _results("csat", Breakdown.TIER) == {1: 3.0}
    assert _results("csat", Breakdown.SOURCING) == {"inhouse": 11 / 3, "partner": 1.0}
    assert _results("csat", Breakdown.DAY) == {NOW.date(): 10 / 3, (NOW + dt.timedelta(days=7)).date(): 2.0}
    monday = NOW.date() - dt.timedelta(days=2)
    assert _results("csat", Breakdown.WEEK) == {monday: 10 / 3, monday + dt.timedelta(days=7): 2.0}


def test_satisfied_is_the_share_of_fours_and_fives_and_the_response_rate_counts_sent_surveys(
    answers, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert _results("csat_satisfied", Breakdown.NONE) == {None: 50.0}
    assert _results("csat_satisfied", Breakdown.SOURCING) == {"inhouse": 200 / 3, "partner": 0.0}
    with django_assert_num_queries(1):
        assert _results("csat_response_rate", Breakdown.TEAM) == {
            answers["inhouse"].pk: 100.0,
            answers["partner"].pk: 50.0,
        }


def test_the_statement_count_does_not_grow_with_the_rows(answers, django_assert_num_queries):
    for _ in range(5):
        _answered(3, team=answers["partner"], assignee=answers["alice"])
    with django_assert_num_queries(1):
        _results("csat", Breakdown.AGENT)


def test_the_scope_keeps_tickets_created_in_the_period_inside_or_outside_windows_and_its_filters(answers):
    window = ((NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=1)),)
    assert _results("csat", Breakdown.NONE, side=Side.INSIDE, windows=window) == {None: 10 / 3}
    assert _results("csat", Breakdown.NONE, side=Side.OUTSIDE, windows=window) == {None: 2.0}
    assert _results("csat", Breakdown.NONE, filters={"team": answers["partner"].pk}) == {None: 1.0}
    assert _results("csat", Breakdown.NONE, filters={"sourcing": "inhouse"}) == {None: 11 / 3}
    before = Scope(start=NOW - dt.timedelta(days=30), end=NOW - dt.timedelta(days=1))
    assert REGISTRY["csat"].compute(before, Breakdown.NONE) == {}
