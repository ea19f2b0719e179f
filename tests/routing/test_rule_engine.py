"""The rule engine as pure functions: no database."""

import datetime as dt

import pytest

from routing.rules import RuleError, ShiftSpec, evaluate, holds, on_shift, parse_condition, parse_rule

FACTS = {
    "vip_level": "vip2",
    "vip_rank": 2,
    "kyc_status": "verified",
    "account_flags": ["withdrawals_locked"],
    "account_age_days": 400,
    "pending_withdrawal_usd": "25000.00",
    "hours_since_2fa_change": 3.5,
    "hours_since_new_device_login": None,
    "region": "US",
    "category": "withdrawal",
    "priority": "normal",
    "channel": "chat",
    "language": "en",
    "subject": "Withdrawal stuck since yesterday",
}


def rule(id, conditions, actions, name="r", stop=False):
    return parse_rule(id=id, name=name, conditions=conditions, actions=actions, stop=stop)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "vip_level", "op": "eq", "value": "VIP2"}, True),
        ({"field": "vip_level", "op": "in", "value": ["vip1", "vip3"]}, False),
        ({"field": "pending_withdrawal_usd", "op": "gt", "value": 10000}, True),
        ({"field": "pending_withdrawal_usd", "op": "gt", "value": "25000"}, False),
        ({"field": "pending_withdrawal_usd", "op": "gte", "value": "25000"}, True),
        ({"field": "hours_since_2fa_change", "op": "lt", "value": 24}, True),
        ({"field": "hours_since_new_device_login", "op": "lt", "value": 24}, False),
        ({"field": "hours_since_new_device_login", "op": "not_set"}, True),
        ({"field": "account_flags", "op": "contains", "value": "withdrawals_locked"}, True),
        ({"field": "account_flags", "op": "not_contains", "value": "withdrawals_locked"}, False),
        ({"field": "subject", "op": "contains", "value": "STUCK"}, True),
        ({"field": "region", "op": "ne", "value": "US"}, False),
    ],
)
def test_each_operator_reads_the_fact_it_names(condition, expected):
    assert holds(parse_condition(condition), FACTS) is expected


def test_an_absent_fact_satisfies_only_negative_tests():
    facts = {"region": None}
    assert holds(parse_condition({"field": "region", "op": "eq", "value": "US"}), facts) is False
    assert holds(parse_condition({"field": "region", "op": "ne", "value": "US"}), facts) is True


def test_all_conditions_of_a_rule_must_hold():
    rules = [
        rule(
            1,
            [
                {"field": "vip_level", "op": "eq", "value": "vip2"},
                {"field": "channel", "op": "eq", "value": "email"},
            ],
            {"tier": 3},
        ),
    ]
    assert evaluate(rules, FACTS).tier is None


def test_later_matches_override_and_tags_accumulate_until_a_stop():
    rules = [
        rule(1, [], {"tier": 1, "tags": ["triage"]}, name="everyone"),
        rule(
            2,
            [{"field": "category", "op": "eq", "value": "withdrawal"}],
            {"tier": 2, "team": "wallets", "tags": ["withdrawal"]},
            name="withdrawals",
            stop=True,
        ),
        rule(3, [], {"tier": 3}, name="never reached"),
    ]
    decision = evaluate(rules, FACTS)
    assert (decision.tier, decision.team) == (2, "wallets")
    assert decision.tags == ["triage", "withdrawal"]
    assert decision.matched == [1, 2]


def test_the_decision_explains_itself_in_words_an_agent_reads():
    rules = [
        rule(7, [], {}, name="noop"),
        rule(
            4,
            [
                {"field": "vip_level", "op": "eq", "value": "vip2"},
                {"field": "pending_withdrawal_usd", "op": "gt", "value": 10000},
            ],
            {"tier": 2, "team": "payments", "priority": "urgent"},
            name="VIP withdrawals",
        ),
    ]
    decision = evaluate(rules, FACTS)
    assert decision.reasons[1] == (
        "rule 2 (VIP withdrawals): VIP level = vip2 and pending withdrawal (USD) > 10,000 "
        "-> tier 2, team payments, priority urgent"
    )


@pytest.mark.parametrize(
    ("conditions", "actions", "message"),
    [
        ([{"field": "shoe_size", "op": "eq", "value": 3}], {}, "unknown field"),
        ([{"field": "vip_level", "op": "gt", "value": 3}], {}, "does not take"),
        ([{"field": "pending_withdrawal_usd", "op": "gt", "value": "lots"}], {}, "not a number"),
        ([{"field": "vip_level", "op": "in", "value": []}], {}, "non-empty list"),
        ([], {"tier": 7}, "tier must be"),
        ([], {"priority": "asap"}, "priority must be"),
        ([], {"escalate": True}, "unknown action"),
        ("vip", {}, "must be a list"),
    ],
)
def test_a_malformed_rule_is_refused_with_a_reason(conditions, actions, message):
    with pytest.raises(RuleError, match=message):
        parse_rule(id=1, name="bad", conditions=conditions, actions=actions)


MON_9_TO_5 = [ShiftSpec(d, dt.time(9), dt.time(17)) for d in range(5)]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 11, 23, 9, 0), True),  # Monday 09:00
        (dt.datetime(2026, 11, 23, 17, 0), False),  # Monday 17:00, the shift has ended
        (dt.datetime(2026, 11, 22, 12, 0), False),  # Sunday
        (dt.datetime(2026, 12, 25, 12, 0), False),  # Friday, a holiday
    ],
)
def test_shifts_follow_weekdays_hours_and_holidays(moment, expected):
    assert on_shift(MON_9_TO_5, {dt.date(2026, 12, 25)}, moment) is expected


def test_a_night_shift_runs_past_midnight_into_the_next_day():
    night = [ShiftSpec(4, dt.time(22), dt.time(6))]  # Friday 22:00 to Saturday 06:00
    assert on_shift(night, set(), dt.datetime(2026, 11, 27, 23, 0)) is True
    assert on_shift(night, set(), dt.datetime(2026, 11, 28, 5, 59)) is True
    assert on_shift(night, set(), dt.datetime(2026, 11, 28, 6, 0)) is False
    assert on_shift(night, set(), dt.datetime(2026, 11, 27, 21, 0)) is False


def test_a_team_without_shifts_works_around_the_clock_except_on_holidays():
    assert on_shift([], set(), dt.datetime(2026, 11, 22, 3, 0)) is True
    assert on_shift([], {dt.date(2026, 11, 22)}, dt.datetime(2026, 11, 22, 3, 0)) is False
