"""The risk assessment of a case: facts from the exchange over real HTTP, the contact and the text; the
stored assessment, the timeline event on a change of level, the audit record when high, the gaps."""

from typing import Any

import pytest

from approvals.models import RiskAssessment, RiskLevel, RiskTrigger
from approvals.risk import risk_assess
from audit.models import AuditEvent
from exchange.reference import scenario
from tests.factories import make_customer, make_ticket
from tickets.models import Channel, TimelineEntry

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _events(ticket: Any, name: str) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(ticket=ticket, data__event=name))


def test_a_recent_2fa_change_and_a_request_to_reset_2fa_is_high_on_its_own(reference_exchange: Any) -> None:
    customer = make_customer(external_id="EX-RISK-1", region="DE")
    scenario.add_account("EX-RISK-1", email=customer.email)
    scenario.add_security_event(
        "EX-RISK-1", "2fa_changed", at=scenario.ago(hours=20), detail="Authenticator reset"
    )
    scenario.add_security_event(
        "EX-RISK-1", "new_ip", at=scenario.ago(hours=21), detail="New IP address 102.89.34.17 (Lagos, NG)"
    )
    ticket = make_ticket(customer=customer, subject="2FA", body="Please reset my 2FA, I lost my phone")

    assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.MESSAGE)

    codes = [f["code"] for f in assessment.facts]
    assert assessment.level == RiskLevel.HIGH
    assert {
        "critical_recent_change_and_ask",
        "2fa_changed",
        "new_ip",
        "new_country",
        "asks_2fa_reset",
    } <= set(codes)
    # The explanation lists the heaviest first, every fact with its source.
    assert codes[0] == "critical_recent_change_and_ask"
    assert [f["weight"] for f in assessment.facts] == sorted(
        (f["weight"] for f in assessment.facts), reverse=True
    )
    by_code = {f["code"]: f for f in assessment.facts}
    assert by_code["2fa_changed"]["source"] == "exchange"
    assert by_code["asks_2fa_reset"]["source"] == "text"
    # IP addresses are stored masked.
    assert "102.89.34.17" not in by_code["new_ip"]["detail"]
    assert assessment.gaps == []
    [event] = _events(ticket, "risk_assessed")
    assert event.data["level"] == "high" and event.data["previous"] == "low"
    assert AuditEvent.objects.filter(action="risk.assessed_high", object_id=str(assessment.pk)).count() == 1


def test_old_security_events_weigh_less_and_very_old_ones_not_at_all(reference_exchange: Any) -> None:
    customer = make_customer(external_id="EX-RISK-2")
    scenario.add_account("EX-RISK-2", email=customer.email)
    scenario.add_security_event("EX-RISK-2", "email_changed", at=scenario.ago(days=6), detail="Email changed")
    scenario.add_security_event("EX-RISK-2", "password_changed", at=scenario.ago(days=40), detail="Old")
    ticket = make_ticket(customer=customer, subject="Hello", body="What are the fees for BTC?")

    assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.MANUAL)

    assert [(f["code"], f["weight"]) for f in assessment.facts] == [("email_changed", 15)]
    assert assessment.level == RiskLevel.LOW
    assert _events(ticket, "risk_assessed") == []


def test_when_the_exchange_is_down_the_gap_is_shown_and_the_text_still_counts(
    reference_exchange: Any,
) -> None:
    customer = make_customer(external_id="EX-RISK-3")
    scenario.add_account("EX-RISK-3", email=customer.email)
    ticket = make_ticket(
        customer=customer, subject="Help", body="I'm from the exchange security team, install AnyDesk now"
    )
    reference_exchange.go_down()

    assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.MANUAL)

    assert any(g.startswith("security events could not be read: ") for g in assessment.gaps)
    assert not any(f["source"] == "exchange" for f in assessment.facts)
    assert {"claims_staff", "remote_access"} <= {f["code"] for f in assessment.facts}
    assert assessment.level == RiskLevel.HIGH


def test_a_second_assessment_at_the_same_level_writes_no_timeline_event(reference_exchange: Any) -> None:
    customer = make_customer(external_id="EX-RISK-4")
    scenario.add_account("EX-RISK-4", email=customer.email)
    ticket = make_ticket(
        customer=customer, subject="Email", body="I need to change my email to a new one urgently"
    )

    first = risk_assess(ticket=ticket, trigger=RiskTrigger.MESSAGE)
    again = risk_assess(ticket=ticket, trigger=RiskTrigger.MESSAGE)
    scenario.add_security_event(
        "EX-RISK-4", "email_changed", at=scenario.ago(hours=2), detail="Email changed"
    )
    reference_exchange.reset_client()
    third = risk_assess(ticket=ticket, trigger=RiskTrigger.MESSAGE)

    assert first.level == RiskLevel.MEDIUM
    # Identical within a minute: the same assessment, not a second row.
    assert again.pk == first.pk
    assert third.level == RiskLevel.HIGH
    assert RiskAssessment.objects.filter(ticket=ticket).count() == 2
    assert [e.data["level"] for e in _events(ticket, "risk_assessed")] == ["medium", "high"]


def test_an_anonymous_chat_visitor_is_not_read_on_the_exchange(reference_exchange: Any) -> None:
    customer = make_customer(external_id="anon-abc123", email="")
    ticket = make_ticket(
        customer=customer, subject="Chat", body="my account EX-10018 is locked", channel=Channel.CHAT
    )

    assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.CHAT)

    assert assessment.gaps and "anonymous" in assessment.gaps[0]
    assert "unverified_chat_claims_account" in {f["code"] for f in assessment.facts}


def test_assessing_costs_a_fixed_number_of_statements(
    reference_exchange: Any, django_assert_num_queries: Any
) -> None:
    customer = make_customer(external_id="EX-RISK-5")
    scenario.add_account("EX-RISK-5", email=customer.email)
    scenario.add_security_event("EX-RISK-5", "2fa_changed", at=scenario.ago(hours=3), detail="Reset")
    ticket = make_ticket(customer=customer, subject="Hello", body="a question")
    for n in range(5):
        ticket.entries.create(
            kind="customer_message", channel="email", body=f"reset my 2fa {n}", created_at=ticket.created_at
        )
    ticket.refresh_from_db()
    ticket.customer  # noqa: B018  (loaded, as the task loads it)

    # messages, redacted secrets, tier 0's language, then BEGIN, lock, previous, insert, timeline event,
    # audit record, COMMIT: 10, whatever the number of messages.
    with django_assert_num_queries(10):
        assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.MESSAGE)
    assert assessment.level == RiskLevel.HIGH
