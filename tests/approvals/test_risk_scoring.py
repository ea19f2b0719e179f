"""The pure scoring of a risk assessment: thresholds, critical combinations, how recent exchange
events weigh, and the explanation's order."""

import datetime as dt

from approvals.risk import (
    HIGH,
    MEDIUM,
    Fact,
    critical_facts,
    exchange_event_facts,
    fact,
    facts_in_order,
    mask_ips,
    risk_level,
    risk_score,
)
from exchange.types import SecurityEvent

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _event(kind: str, hours: float, detail: str = "") -> SecurityEvent:
    return SecurityEvent(kind=kind, at=NOW - dt.timedelta(hours=hours), detail=detail)  # type: ignore[arg-type]


def test_the_levels_split_at_30_and_60() -> None:
    assert (risk_level(0), risk_level(MEDIUM - 1), risk_level(MEDIUM)) == ("low", "low", "medium")
    assert (risk_level(HIGH - 1), risk_level(HIGH), risk_level(100)) == ("medium", "high", "high")


def test_the_score_adds_the_weights_and_stops_at_100() -> None:
    facts = [fact("text", "urgency"), fact("text", "contact_change")]
    assert risk_score(facts) == (30, "medium")
    assert risk_score(
        [fact("text", "claims_staff"), fact("text", "safe_wallet"), fact("text", "remote_access")]
    ) == (
        100,
        "high",
    )
    assert risk_score([]) == (0, "low")


def test_a_claim_to_be_staff_is_high_on_its_own() -> None:
    assert risk_score([fact("text", "claims_staff")])[1] == "high"


def test_a_remote_access_tool_with_a_request_to_move_funds_is_critical() -> None:
    facts = [fact("text", "remote_access"), fact("text", "transfer_requested")]
    [critical] = critical_facts(facts)
    assert critical.code == "critical_remote_access_and_funds" and critical.weight == HIGH
    assert critical_facts([fact("text", "remote_access")]) == []


def test_a_2fa_change_in_the_last_72_hours_with_a_request_to_change_the_email_is_critical() -> None:
    events = exchange_event_facts([_event("2fa_changed", 30)], now=NOW)
    [critical] = critical_facts([*events, fact("text", "contact_change")])
    assert critical.code == "critical_recent_change_and_ask" and critical.source == "exchange"
    # Eight days ago it is a weaker fact, and no longer critical with the same request.
    old = exchange_event_facts([_event("2fa_changed", 24 * 8)], now=NOW)
    assert critical_facts([*old, fact("text", "contact_change")]) == []


def test_events_weigh_fully_for_72_hours_less_for_14_days_and_then_not_at_all() -> None:
    facts = exchange_event_facts(
        [_event("email_changed", 71), _event("password_changed", 24 * 10), _event("new_device", 24 * 15)],
        now=NOW,
    )
    assert sorted((f.code, f.weight) for f in facts) == [("email_changed", 35), ("password_changed", 8)]


def test_only_the_newest_event_of_a_kind_counts() -> None:
    facts = exchange_event_facts([_event("new_ip", 200), _event("new_ip", 5)], now=NOW)
    assert [(f.code, f.weight) for f in facts] == [("new_ip", 10)]


def test_a_sign_in_from_another_country_than_the_accounts_region_is_a_fact_of_its_own() -> None:
    event = _event("new_ip", 10, "New IP address 102.89.34.17 (Lagos, NG)")
    codes = {f.code for f in exchange_event_facts([event], now=NOW, region="de")}
    assert codes == {"new_ip", "new_country"}
    assert {f.code for f in exchange_event_facts([event], now=NOW, region="NG")} == {"new_ip"}


def test_the_explanation_lists_every_fact_heaviest_first() -> None:
    facts = [
        Fact("text", "urgency", "", 10).as_json(),
        Fact("exchange", "2fa_changed", "", 35, NOW).as_json(),
        Fact("contact", "sender_mismatch", "a•••@x.example", 25).as_json(),
    ]
    assert [f["code"] for f in facts_in_order(facts)] == ["2fa_changed", "sender_mismatch", "urgency"]


def test_stored_details_mask_addresses_and_ips() -> None:
    stored = Fact("contact", "sender_mismatch", "mallory@evil.example from 10.1.2.3", 25).as_json()
    assert "mallory@" not in stored["detail"] and "10.1.2.3" not in stored["detail"]
    assert mask_ips("2001:db8:85a3::8a2e:370:7334") == "2001:db8:•"
