"""First-contact resolution, case by case (docs/metrics.md): one interaction, no reopen and no new case
on the same topic within 7 days of the first solve; cases solved under 7 days ago are not yet known."""

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from casework.services import ticket_reply, ticket_set_status
from intake.pipeline import customer_message_add, ticket_open
from reports.fcr import FCR
from reports.metrics import REGISTRY, Breakdown, Scope, Side, Value
from tests.factories import make_agent, make_customer, make_team
from tests.reports.fcr_timelines import (
    NOW,
    case,
    close,
    customer_writes,
    days_ago,
    note,
    reopen,
    reply,
    solve,
    tier0_reads,
    tier0_solved_by_customer,
)
from tickets.models import Category, Channel, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db

PERIOD = Scope(start=NOW - dt.timedelta(days=60), end=NOW)


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def fcr(scope: Scope = PERIOD) -> Value:
    return FCR.compute(scope, Breakdown.NONE)[None]


def one_reply_solve(at: dt.datetime, **fields: Any) -> Ticket:
    ticket = case(at=at, **fields)
    reply(ticket, at + dt.timedelta(hours=1))
    return solve(ticket, at + dt.timedelta(hours=2))


def test_fcr_is_registered_for_the_dashboard():
    assert REGISTRY["fcr"] is FCR
    assert set(FCR.breakdowns) == set(Breakdown)


def test_a_case_solved_with_one_reply_is_resolved_at_first_contact():
    one_reply_solve(days_ago(20))
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_case_that_took_two_agent_replies_is_not():
    ticket = case(at=days_ago(20))
    reply(ticket, days_ago(20, hours=-1))
    customer_writes(ticket, days_ago(20, hours=-2))
    reply(ticket, days_ago(20, hours=-3))
    solve(ticket, days_ago(20, hours=-4))
    assert fcr() == Value(numerator=0, denominator=1)


def test_internal_notes_and_system_notices_are_no_interaction_with_the_customer():
    from assistant.delivery import assistant_bot

    ticket = case(at=days_ago(20))
    note(ticket, days_ago(20, hours=-1))
    reply(ticket, days_ago(20, hours=-1), author=assistant_bot())  # a hand-off notice
    reply(ticket, days_ago(20, hours=-2))
    solve(ticket, days_ago(20, hours=-3))
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_reply_sent_from_the_shared_mailbox_counts_as_a_persons_interaction():
    ticket = case(at=days_ago(20))
    reply(ticket, days_ago(20, hours=-1))
    TimelineEntry.objects.filter(pk=reply(ticket, days_ago(20, hours=-2)).pk).update(author=None)
    solve(ticket, days_ago(20, hours=-3))
    assert fcr() == Value(numerator=0, denominator=1)


def test_every_message_of_one_chat_session_is_one_interaction():
    agent = make_agent()
    ticket = case(at=days_ago(20), channel=Channel.CHAT, assignee=agent)
    for seq in (2, 4, 6):
        reply(ticket, days_ago(20, hours=-seq / 10), author=agent, seq=seq)
    solve(ticket, days_ago(20, hours=-1))
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_chat_followed_up_by_email_is_two_interactions():
    agent = make_agent()
    ticket = case(at=days_ago(20), channel=Channel.CHAT, assignee=agent)
    reply(ticket, days_ago(20, hours=-0.1), author=agent, seq=2)
    reply(ticket, days_ago(19), author=agent)  # after the chat ended, by email
    solve(ticket, days_ago(19))
    assert fcr() == Value(numerator=0, denominator=1)


def test_replies_after_the_first_solve_are_not_part_of_the_first_contact():
    ticket = one_reply_solve(days_ago(30))
    reopen(ticket, days_ago(30) + dt.timedelta(days=8))
    reply(ticket, days_ago(30) + dt.timedelta(days=8, hours=1))
    solve(ticket, days_ago(30) + dt.timedelta(days=8, hours=2))
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_reopen_six_days_after_the_solve_is_not_first_contact_resolution():
    ticket = one_reply_solve(days_ago(20))
    solved = days_ago(20, hours=-2)
    reopen(ticket, solved + dt.timedelta(days=6))
    solve(ticket, solved + dt.timedelta(days=6, hours=1))
    assert fcr() == Value(numerator=0, denominator=1)


def test_a_reopen_eight_days_after_the_solve_leaves_it_first_contact_resolution():
    ticket = one_reply_solve(days_ago(20))
    reopen(ticket, days_ago(20, hours=-2) + dt.timedelta(days=8))
    assert ticket.status == Status.OPEN
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_new_case_on_the_same_topic_five_days_later_is_not_first_contact_resolution():
    ticket = one_reply_solve(days_ago(20), category=Category.WITHDRAWAL)
    case(at=days_ago(15), customer=ticket.customer, category=Category.WITHDRAWAL)
    assert fcr() == Value(numerator=0, denominator=1)


def test_a_new_case_on_the_same_topic_eight_days_later_leaves_it_first_contact_resolution():
    ticket = one_reply_solve(days_ago(20), category=Category.WITHDRAWAL)
    case(at=days_ago(20, hours=-2) + dt.timedelta(days=8), customer=ticket.customer)
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_new_case_on_another_topic_leaves_it_first_contact_resolution():
    ticket = one_reply_solve(days_ago(20), category=Category.WITHDRAWAL)
    case(at=days_ago(17), customer=ticket.customer, category=Category.KYC)
    assert fcr() == Value(numerator=1, denominator=1)


def test_another_customers_case_on_the_same_topic_leaves_it_first_contact_resolution():
    one_reply_solve(days_ago(20), category=Category.WITHDRAWAL)
    case(at=days_ago(17), customer=make_customer(), category=Category.WITHDRAWAL)
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_new_case_with_the_same_tier0_intent_is_the_same_topic_whatever_its_category():
    ticket = one_reply_solve(days_ago(20), category=Category.OTHER)
    tier0_reads(ticket, days_ago(20), answers=False, intent="withdrawal_pending")
    again = case(at=days_ago(18), customer=ticket.customer, category=Category.WITHDRAWAL)
    tier0_reads(
        again,
        days_ago(18),
        answers=False,
        intent="kyc_rejected_or_loop",
        corrected_intent="withdrawal_pending",
    )
    assert fcr() == Value(numerator=0, denominator=1)


def test_different_tier0_intents_in_different_categories_are_different_topics():
    ticket = one_reply_solve(days_ago(20), category=Category.OTHER)
    tier0_reads(ticket, days_ago(20), answers=False, intent="withdrawal_pending")
    again = case(at=days_ago(18), customer=ticket.customer, category=Category.KYC)
    tier0_reads(again, days_ago(18), answers=False, intent="kyc_rejected_or_loop")
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_case_solved_three_days_ago_is_not_yet_known_and_left_out():
    one_reply_solve(days_ago(20))
    one_reply_solve(days_ago(3))
    case(at=days_ago(20))  # never solved
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_closed_case_counts_by_its_solve():
    ticket = one_reply_solve(days_ago(30))
    close(ticket, days_ago(25))
    assert fcr() == Value(numerator=1, denominator=1)


def test_a_case_tier0_answered_and_the_customer_marked_solved_is_first_contact_resolution():
    ticket = case(at=days_ago(20), channel=Channel.CHAT)
    answer = tier0_reads(ticket, days_ago(20), answers=True)
    tier0_solved_by_customer(ticket, days_ago(20, hours=-0.1), answer)
    assert fcr() == Value(numerator=1, denominator=1)


def test_only_cases_opened_in_the_period_count():
    one_reply_solve(days_ago(70))
    one_reply_solve(days_ago(20))
    assert fcr() == Value(numerator=1, denominator=1)
    assert fcr(Scope(start=days_ago(90), end=days_ago(65))) == Value(numerator=1, denominator=1)


def test_inside_and_outside_volatility_windows_split_the_cases_by_when_they_were_opened():
    window = (days_ago(21), days_ago(19))
    one_reply_solve(days_ago(20))  # inside: resolved
    bad = one_reply_solve(days_ago(30))  # outside: reopened
    reopen(bad, days_ago(29))
    inside = Scope(start=PERIOD.start, end=PERIOD.end, side=Side.INSIDE, windows=(window,))
    outside = Scope(start=PERIOD.start, end=PERIOD.end, side=Side.OUTSIDE, windows=(window,))
    assert fcr(inside) == Value(numerator=1, denominator=1)
    assert fcr(outside) == Value(numerator=0, denominator=1)
    assert fcr() == Value(numerator=1, denominator=2)


@pytest.fixture
def two_cases() -> dict[str, Any]:
    """A resolved email case of an in-house team on 10 Nov, and a partner team's chat on 20 Nov that
    took two sessions: every breakdown tells them apart."""
    inhouse, partner = make_team(), make_team(is_outsourced=True)
    emma, jose = make_agent(), make_agent()
    good = case(
        at=dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC),
        team=inhouse,
        assignee=emma,
        channel=Channel.EMAIL,
        language="en",
        tier=1,
    )
    reply(good, dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC))
    solve(good, dt.datetime(2026, 11, 10, 11, tzinfo=dt.UTC))
    bad = case(
        at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        team=partner,
        assignee=jose,
        channel=Channel.CHAT,
        language="es",
        tier=2,
    )
    reply(bad, dt.datetime(2026, 11, 20, 9, 5, tzinfo=dt.UTC), seq=2)
    reply(bad, dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
    solve(bad, dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC))
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
def test_each_breakdown_splits_the_cases_by_its_key(breakdown, two_cases, django_assert_num_queries):
    resolved_key, unresolved_key = BREAKDOWN_KEYS[breakdown](two_cases)
    with django_assert_num_queries(1):
        values = FCR.compute(PERIOD, breakdown)
    assert values == {
        resolved_key: Value(numerator=1, denominator=1),
        unresolved_key: Value(numerator=0, denominator=1),
    }


def test_days_are_utc_days_whatever_zone_the_viewer_has_active():
    one_reply_solve(dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC))
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert list(FCR.compute(PERIOD, Breakdown.DAY)) == [dt.date(2026, 11, 10)]


def test_a_case_in_no_team_is_in_house():
    one_reply_solve(days_ago(20))
    assert FCR.compute(PERIOD, Breakdown.SOURCING) == {"inhouse": Value(numerator=1, denominator=1)}


def test_the_statement_count_does_not_grow_with_the_cases(django_assert_num_queries):
    for days in range(10, 40, 3):
        ticket = one_reply_solve(days_ago(days))
        reopen(ticket, days_ago(days - 1))
        case(at=days_ago(days - 2), customer=ticket.customer)
    with django_assert_num_queries(1):
        assert fcr() == Value(numerator=0, denominator=10)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sourcing": "partner"}, Value(numerator=0, denominator=1)),
        ({"sourcing": ["inhouse", "partner"]}, Value(numerator=1, denominator=2)),
        ({"channel": "email"}, Value(numerator=1, denominator=1)),
        ({"tier": "2", "language": ["es"]}, Value(numerator=0, denominator=1)),
        ({"day": "2026-11-10"}, Value(numerator=1, denominator=1)),
        ({"week": dt.date(2026, 11, 16)}, Value(numerator=0, denominator=1)),
    ],
)
def test_scope_filters_narrow_the_cases(filters, expected, two_cases):
    assert fcr(Scope(start=PERIOD.start, end=PERIOD.end, filters=filters)) == expected


def test_a_team_filter_keeps_only_that_teams_cases(two_cases):
    scope = Scope(start=PERIOD.start, end=PERIOD.end, filters={"team": [two_cases["partner"].pk]})
    assert fcr(scope) == Value(numerator=0, denominator=1)


def test_an_unknown_filter_is_refused_rather_than_ignored():
    with pytest.raises(ValueError):
        fcr(Scope(start=PERIOD.start, end=PERIOD.end, filters={"customer": 1}))


def test_the_definition_reads_what_the_services_write():
    """Cases built through intake and the agent's own services, not by hand."""
    agent, customer = make_agent(), make_customer()

    def opened(at: dt.datetime, category: str) -> Ticket:
        with time_machine.travel(at, tick=False):
            ticket = ticket_open(customer=customer, subject="Help", body="Help me", category=category)
            ticket_reply(ticket=ticket, author=agent, body="Done.")
            return ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)

    reopened = opened(days_ago(30), Category.KYC)
    with time_machine.travel(days_ago(24), tick=False):
        customer_message_add(ticket=reopened, body="It is back.")
    resolved = opened(days_ago(20), Category.FEES)
    assert resolved.solved_at == days_ago(20)
    reopened.refresh_from_db()
    assert reopened.reopen_count == 1
    assert fcr() == Value(numerator=1, denominator=2)


def test_daily_values_split_each_key_by_the_day_the_case_was_opened_for_a_rollup(
    two_cases, django_assert_num_queries
):
    with django_assert_num_queries(1):
        daily = FCR.compute_daily(PERIOD, Breakdown.SOURCING)
    assert daily == {
        (dt.date(2026, 11, 10), "inhouse"): Value(numerator=1, denominator=1),
        (dt.date(2026, 11, 20), "partner"): Value(numerator=0, denominator=1),
    }
    assert FCR.compute_daily(PERIOD, Breakdown.NONE) == {
        (dt.date(2026, 11, 10), None): Value(numerator=1, denominator=1),
        (dt.date(2026, 11, 20), None): Value(numerator=0, denominator=1),
    }
