"""The contact signals and the redacted-secret signal of the risk assessment: who wrote, from where,
in which language; read from the ticket alone (the exchange is not configured here: a gap)."""

from typing import Any

import pytest

from approvals.models import RiskTrigger
from approvals.risk import risk_assess
from assistant.models import Assessment
from tests.factories import make_customer, make_ticket
from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_exchange(settings: Any) -> None:
    settings.EXCHANGE_API_URL = ""


def _facts(ticket: Any) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in risk_assess(ticket=ticket, trigger=RiskTrigger.MANUAL).facts}


def test_an_email_from_another_address_than_the_accounts_is_a_contact_fact_shown_masked() -> None:
    customer = make_customer(email="ana@mail.example")
    ticket = make_ticket(
        customer=customer,
        subject="Help",
        body="Hello, what are the fees?",
        entry_data={"email": {"from": "Ana <ana.new@evil.example>", "to": ["support@desk.example"]}},
    )

    fact = _facts(ticket)["sender_mismatch"]

    assert fact["source"] == "contact" and fact["weight"] == 25
    assert "ana.new@evil.example" not in fact["detail"]
    assert "a•••@evil.example" in fact["detail"]


def test_an_email_from_the_accounts_own_address_is_no_fact() -> None:
    customer = make_customer(email="ana@mail.example")
    ticket = make_ticket(
        customer=customer,
        subject="Help",
        body="Fees?",
        entry_data={"email": {"from": "ANA <Ana@Mail.example>"}},
    )
    assert "sender_mismatch" not in _facts(ticket)


def test_a_message_in_another_language_than_the_accounts_is_a_contact_fact() -> None:
    customer = make_customer(language="en")
    ticket = make_ticket(
        customer=customer,
        subject="Bonjour",
        body="Bonjour, je voudrais savoir comment fonctionnent les frais de retrait sur votre plateforme.",
    )
    assert _facts(ticket)["language_mismatch"]["detail"] == "message: fr, account: en"


def test_tier_0s_reading_of_the_language_is_used_when_it_has_one() -> None:
    customer = make_customer(language="es")
    ticket = make_ticket(customer=customer, subject="Hola", body="hola")
    Assessment.objects.create(
        ticket=ticket, created_at=ticket.created_at, language="ru", language_confidence=0.95
    )
    assert _facts(ticket)["language_mismatch"]["detail"] == "message: ru, account: es"


def test_a_secret_the_customer_pasted_and_that_was_redacted_is_a_strong_text_fact() -> None:
    ticket = make_ticket(subject="Help", body="here it is: [seed phrase removed]")
    timeline_event_add(ticket, "secret_redacted", kinds=["seed_phrase"], count=1)

    fact = _facts(ticket)["secret_pasted"]

    assert (fact["source"], fact["weight"]) == ("text", 35)
    assert "seed_phrase" in fact["detail"]


def test_an_unconfigured_exchange_is_a_gap_not_a_failure() -> None:
    ticket = make_ticket(subject="Help", body="What are the fees?")
    assessment = risk_assess(ticket=ticket, trigger=RiskTrigger.MANUAL)
    assert assessment.level == "low"
    assert assessment.gaps[0].startswith("security events could not be read: The exchange connector")
