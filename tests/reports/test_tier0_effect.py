# ruff: noqa: F811 - the tier0 fixture is imported from the module that defines it
"""The tier-0 effect (docs/metrics.md): deflection (first inquiries tier 0 answered), rework (answers the
customer came back about, or a person had to follow, within 7 days) and honest deflection (answers that
settled the case for good)."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from assistant.models import Assessment
from reports.fcr import FCR
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Value
from reports.tier0_effect import DEFLECTION, HONEST_DEFLECTION, REWORK
from tests.assistant.tier0_fakes import tier0  # noqa: F401  (the scripted tier-0 fixture)
from tests.factories import make_agent, make_customer, make_team
from tests.reports.fcr_timelines import (
    NOW,
    case,
    customer_writes,
    days_ago,
    person_requested,
    reopen,
    reply,
    tier0_reads,
    tier0_solved_by_customer,
)
from tickets.models import Category, Channel, Ticket

pytestmark = pytest.mark.django_db

PERIOD = Scope(start=NOW - dt.timedelta(days=60), end=NOW)
METRICS = (DEFLECTION, REWORK, HONEST_DEFLECTION)


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def values(scope: Scope = PERIOD) -> tuple[Value, Value, Value]:
    """(deflection, rework, honest deflection), each one row."""
    deflection, rework, honest = (m.compute(scope, Breakdown.NONE)[None] for m in METRICS)
    return deflection, rework, honest


def answered(at: dt.datetime, **fields: Any) -> tuple[Ticket, Assessment]:
    ticket = case(at=at, **fields)
    return ticket, tier0_reads(ticket, at + dt.timedelta(seconds=5), answers=True)


def test_the_three_metrics_are_registered_for_the_dashboard():
    assert [REGISTRY[m.key] for m in METRICS] == list(METRICS)
    assert all(set(m.breakdowns) == set(Breakdown) for m in METRICS)
    assert not REWORK.higher_is_better and DEFLECTION.higher_is_better


def test_a_case_tier0_solved_with_no_person_is_deflected_honestly_and_first_contact_resolution():
    ticket, answer = answered(days_ago(20), channel=Channel.CHAT)
    tier0_solved_by_customer(ticket, days_ago(20, hours=-0.2), answer)
    assert values() == (
        Value(numerator=1, denominator=1),
        Value(numerator=0, denominator=1),
        Value(numerator=1, denominator=1),
    )
    assert FCR.compute(PERIOD, Breakdown.NONE)[None] == Value(numerator=1, denominator=1)


def test_an_answer_left_unanswered_by_the_customer_for_seven_days_is_an_honest_deflection():
    answered(days_ago(20))
    assert values()[2] == Value(numerator=1, denominator=1)


def test_a_case_tier0_handed_to_a_person_is_not_deflected():
    ticket = case(at=days_ago(20))
    tier0_reads(ticket, days_ago(20), answers=False, intent="withdrawal_pending")
    reply(ticket, days_ago(20, hours=-1))
    deflection, rework, honest = values()
    assert deflection == Value(numerator=0, denominator=1)
    assert rework == Value(numerator=0, denominator=0)
    assert honest == Value(numerator=0, denominator=1)


def test_cases_tier0_never_read_count_as_first_inquiries_it_did_not_answer():
    answered(days_ago(20))
    case(at=days_ago(20), channel=Channel.PHONE)
    assert values()[0] == Value(numerator=1, denominator=2)


def test_an_answer_that_was_never_sent_is_no_deflection():
    ticket = case(at=days_ago(20))
    tier0_reads(ticket, days_ago(20), answers=False)
    Assessment.objects.filter(ticket=ticket).update(decision="answer")  # reply_entry stays empty
    assert values()[0] == Value(numerator=0, denominator=1)


def test_a_customer_who_writes_again_four_days_after_the_answer_is_rework():
    ticket, _ = answered(days_ago(20))
    customer_writes(ticket, days_ago(16))
    reply(ticket, days_ago(16, hours=-1))
    assert values() == (
        Value(numerator=1, denominator=1),
        Value(numerator=1, denominator=1),
        Value(numerator=0, denominator=1),
    )


def test_a_customer_who_writes_again_eight_days_after_the_answer_is_not_rework():
    ticket, _ = answered(days_ago(20))
    customer_writes(ticket, days_ago(12))
    assert values()[1:] == (Value(numerator=0, denominator=1), Value(numerator=1, denominator=1))


def test_a_new_case_on_the_same_topic_four_days_after_the_answer_is_rework():
    ticket, _ = answered(days_ago(20), category=Category.FEES)
    case(at=days_ago(16), customer=ticket.customer, category=Category.FEES)
    deflection, rework, honest = values()
    assert deflection == Value(numerator=1, denominator=2)
    assert rework == Value(numerator=1, denominator=1)
    assert honest == Value(numerator=0, denominator=2)


def test_a_new_case_with_the_answers_intent_is_rework_even_in_another_category():
    ticket, _ = answered(days_ago(20), category=Category.OTHER)  # read as fees_info
    again = case(at=days_ago(16), customer=ticket.customer, category=Category.FEES)
    tier0_reads(again, days_ago(16), answers=False, intent="fees_info")
    assert values()[1] == Value(numerator=1, denominator=1)


def test_a_new_case_on_another_topic_or_by_another_customer_is_not_rework():
    ticket, _ = answered(days_ago(20), category=Category.FEES)
    case(at=days_ago(16), customer=ticket.customer, category=Category.KYC)
    case(at=days_ago(16), customer=make_customer(), category=Category.FEES)
    assert values()[1] == Value(numerator=0, denominator=1)


def test_asking_for_a_person_after_the_answer_is_rework():
    ticket, answer = answered(days_ago(20), channel=Channel.CHAT)
    person_requested(ticket, days_ago(20, hours=-0.1), answer)
    assert values()[1] == Value(numerator=1, denominator=1)


def test_a_person_replying_after_the_answer_is_rework():
    ticket, _ = answered(days_ago(20))
    reply(ticket, days_ago(19))
    assert values()[1] == Value(numerator=1, denominator=1)


def test_a_reopen_three_days_after_a_solve_by_tier0_is_rework():
    ticket, answer = answered(days_ago(20), channel=Channel.CHAT)
    tier0_solved_by_customer(ticket, days_ago(20, hours=-0.2), answer)
    reopen(ticket, days_ago(17))
    assert values()[1] == Value(numerator=1, denominator=1)


def test_an_answer_three_days_old_counts_as_deflection_but_is_not_yet_known_for_rework():
    answered(days_ago(20))
    answered(days_ago(3))
    assert values() == (
        Value(numerator=2, denominator=2),
        Value(numerator=0, denominator=1),
        Value(numerator=1, denominator=1),
    )


def test_inside_and_outside_volatility_windows_split_the_answers_by_when_the_case_was_opened():
    window = (days_ago(21), days_ago(19))
    answered(days_ago(20))  # inside, settled
    ticket, _ = answered(days_ago(30))  # outside, came back
    customer_writes(ticket, days_ago(29))
    inside = Scope(start=PERIOD.start, end=PERIOD.end, side=Side.INSIDE, windows=(window,))
    outside = Scope(start=PERIOD.start, end=PERIOD.end, side=Side.OUTSIDE, windows=(window,))
    assert REWORK.compute(inside, Breakdown.NONE)[None] == Value(numerator=0, denominator=1)
    assert REWORK.compute(outside, Breakdown.NONE)[None] == Value(numerator=1, denominator=1)


@pytest.fixture
def two_answers() -> dict[str, Any]:
    """An in-house email answer on 10 Nov that settled the case, and a partner team's chat answer on 20
    Nov the customer came back about: every breakdown tells them apart."""
    inhouse, partner = make_team(), make_team(is_outsourced=True)
    emma, jose = make_agent(), make_agent()
    answered(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), team=inhouse, assignee=emma, language="en", tier=1)
    back, _ = answered(
        dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        team=partner,
        assignee=jose,
        channel=Channel.CHAT,
        language="es",
        tier=2,
    )
    customer_writes(back, dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
    return {"inhouse": inhouse, "partner": partner, "emma": emma, "jose": jose}


BREAKDOWN_KEYS = {
    Breakdown.TEAM: lambda c: (c["inhouse"].pk, c["partner"].pk),
    Breakdown.AGENT: lambda c: (c["emma"].pk, c["jose"].pk),
    Breakdown.CHANNEL: lambda c: ("email", "chat"),
    Breakdown.LANGUAGE: lambda c: ("en", "es"),
    Breakdown.TIER: lambda c: (1, 2),
    Breakdown.SOURCING: lambda c: ("inhouse", "partner"),
    Breakdown.DAY: lambda c: (dt.date(2026, 11, 10), dt.date(2026, 11, 20)),
    Breakdown.WEEK: lambda c: (dt.date(2026, 11, 9), dt.date(2026, 11, 16)),
}


@pytest.mark.parametrize("breakdown", list(BREAKDOWN_KEYS))
def test_each_breakdown_splits_the_answers_by_its_key(breakdown, two_answers, django_assert_num_queries):
    settled, came_back = BREAKDOWN_KEYS[breakdown](two_answers)
    with django_assert_num_queries(3):
        deflection, rework, honest = (m.compute(PERIOD, breakdown) for m in METRICS)
    one = Value(numerator=1, denominator=1)
    none = Value(numerator=0, denominator=1)
    assert deflection == {settled: one, came_back: one}
    assert rework == {settled: none, came_back: one}
    assert honest == {settled: one, came_back: none}


def test_a_partner_filter_keeps_only_the_partner_teams_answers(two_answers):
    scope = Scope(start=PERIOD.start, end=PERIOD.end, filters={"sourcing": "partner"})
    assert values(scope) == (
        Value(numerator=1, denominator=1),
        Value(numerator=1, denominator=1),
        Value(numerator=0, denominator=1),
    )


def test_each_metric_is_one_statement_however_many_cases(django_assert_num_queries):
    for days in range(10, 40, 3):
        ticket, _ = answered(days_ago(days))
        customer_writes(ticket, days_ago(days - 1))
        case(at=days_ago(days - 2), customer=ticket.customer)
    for metric in METRICS:
        with django_assert_num_queries(1):
            metric.compute(PERIOD, Breakdown.NONE)


@pytest.mark.django_db(transaction=True)
def test_the_definitions_read_what_tier0_and_intake_write(tier0):
    """Web-form cases opened through intake and answered by tier 0 itself (its engine scripted), the
    customer writing again through intake: not built by hand."""
    from intake.pipeline import customer_message_add, ticket_open

    def opened(at: dt.datetime) -> Ticket:
        with time_machine.travel(at, tick=False):
            ticket = ticket_open(
                customer=make_customer(), subject="2FA", body="How do I turn on 2FA?", channel=Channel.WEB
            )
        ticket.refresh_from_db()
        return ticket

    settled, came_back = opened(days_ago(20)), opened(days_ago(20))
    assert came_back.entries.filter(kind="agent_reply", author__username="assistant").exists()
    with time_machine.travel(days_ago(16), tick=False):
        customer_message_add(ticket=came_back, body="That did not work.")
    assert settled.status == "pending"
    assert values() == (
        Value(numerator=2, denominator=2),
        Value(numerator=1, denominator=2),
        Value(numerator=1, denominator=2),
    )


def test_daily_values_sum_to_the_periods_values_for_a_rollup(two_answers, django_assert_num_queries):
    for metric in METRICS:
        with django_assert_num_queries(1):
            daily = metric.compute_daily(PERIOD, Breakdown.TEAM)
        summed: dict[object, Value] = {}
        for (_day, key), value in daily.items():
            summed.setdefault(key, Value()).add(value)
        assert summed == metric.compute(PERIOD, Breakdown.TEAM)
        assert {day for day, _key in daily} == {dt.date(2026, 11, 10), dt.date(2026, 11, 20)}
