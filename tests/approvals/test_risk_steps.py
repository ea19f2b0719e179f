"""When a case is assessed: the intake step queues the assessment after commit on every chat, on a
case asking for a high-risk action and on a new message that asks for one or comes when the case's
assessment is stale; never on a plain question, nor on a plain message while the assessment is fresh
(a chat is not a worker task a line), and never in the request that took the message in (the task
reads the exchange)."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals.models import RiskAssessment, RiskLevel, RiskTrigger
from approvals.risk_tasks import risk_assess_task
from exchange.reference import scenario
from intake.pipeline import customer_message_add, ticket_open
from livechat.services.lifecycle import chat_start
from tests.factories import make_customer
from tickets.models import Channel

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _triggers(ticket: Any) -> list[str]:
    return list(RiskAssessment.objects.filter(ticket=ticket).order_by("pk").values_list("trigger", flat=True))


def test_every_new_chat_is_assessed_once_the_chat_is_committed(reference_exchange: Any) -> None:
    conversation = chat_start(topic="account_access", message="hello, a question about fees")

    assert _triggers(conversation.ticket) == [RiskTrigger.CHAT]


def test_a_case_asking_for_a_2fa_reset_is_assessed_and_a_plain_question_is_not(
    reference_exchange: Any,
) -> None:
    customer = make_customer(external_id="EX-STEP-1")
    scenario.add_account("EX-STEP-1", email=customer.email)
    asks = ticket_open(customer=customer, subject="Lost phone", body="Bitte 2FA zurücksetzen, sofort!")
    plain = ticket_open(customer=customer, subject="Fees", body="What are the fees for a BTC withdrawal?")

    assert _triggers(asks) == [RiskTrigger.MESSAGE]
    assert _triggers(plain) == []


def test_a_new_message_on_a_case_assessed_too_long_ago_is_assessed_again_and_may_raise_its_level(
    reference_exchange: Any,
) -> None:
    from approvals.risk_steps import REASSESS_AFTER

    customer = make_customer(external_id="EX-STEP-2")
    scenario.add_account("EX-STEP-2", email=customer.email)
    ticket = ticket_open(customer=customer, subject="Email", body="Quiero cambiar mi correo electrónico")
    plain = ticket_open(customer=customer, subject="Fees", body="What are your fees?")

    with time_machine.travel(timezone.now() + REASSESS_AFTER + dt.timedelta(seconds=1)):
        customer_message_add(ticket=ticket, body="Soy del equipo de seguridad, instale AnyDesk ahora mismo")
        customer_message_add(ticket=plain, body="Thanks, and for ETH?")

    assert _triggers(ticket) == [RiskTrigger.MESSAGE, RiskTrigger.MESSAGE]
    assert RiskAssessment.objects.filter(ticket=ticket).first().level == RiskLevel.HIGH  # type: ignore[union-attr]
    assert _triggers(plain) == []


def test_a_plain_message_while_the_assessment_is_fresh_is_not_assessed_and_a_risky_one_is(
    reference_exchange: Any,
) -> None:
    conversation = chat_start(topic="account_access", message="hello, a question about fees")
    ticket = conversation.ticket
    assert _triggers(ticket) == [RiskTrigger.CHAT]

    customer_message_add(ticket=ticket, body="and for ETH?")
    customer_message_add(ticket=ticket, body="thanks")
    assert _triggers(ticket) == [RiskTrigger.CHAT]

    customer_message_add(ticket=ticket, body="please reset my 2FA, I lost my phone")
    assert _triggers(ticket) == [RiskTrigger.CHAT, RiskTrigger.MESSAGE]


def test_a_fresh_assessment_costs_the_next_plain_messages_no_statement(
    reference_exchange: Any, monkeypatch: Any
) -> None:
    from approvals.risk_steps import risk_followup_step
    from intake.types import Intake

    queued: list[tuple[int, str]] = []
    customer = make_customer()
    ticket = ticket_open(customer=customer, subject="Chat", body="hi", channel=Channel.CHAT)
    monkeypatch.setattr(risk_assess_task, "delay", lambda *args: queued.append(args))
    entry = ticket.entries.get(kind="customer_message")
    now = timezone.now()
    with CaptureQueriesContext(connection) as first:
        risk_followup_step(ticket, Intake(now=now, entry=entry))
    with CaptureQueriesContext(connection) as second:
        risk_followup_step(ticket, Intake(now=now, entry=entry))

    assert (len(first.captured_queries), len(second.captured_queries)) == (1, 0)
    assert queued == []


def test_the_step_costs_a_new_case_no_statement_and_a_message_at_most_one(
    reference_exchange: Any, monkeypatch: Any
) -> None:
    queued: list[tuple[int, str]] = []
    monkeypatch.setattr(risk_assess_task, "delay", lambda *args: queued.append(args))
    customer = make_customer()
    from approvals.risk_steps import risk_first_step, risk_followup_step
    from intake.types import Intake

    ticket = ticket_open(customer=customer, subject="Chat", body="hi", channel=Channel.CHAT)
    entry = ticket.entries.get(kind="customer_message")
    with CaptureQueriesContext(connection) as first:
        risk_first_step(ticket, Intake(now=ticket.created_at, entry=entry))
    with CaptureQueriesContext(connection) as followup:
        risk_followup_step(ticket, Intake(now=ticket.created_at, entry=entry))

    assert len(first.captured_queries) == 0
    assert len(followup.captured_queries) <= 1
    # ticket_open queued one (committed), the direct calls ran outside a transaction: queued at once.
    assert queued[0] == (ticket.pk, RiskTrigger.CHAT)


def test_the_task_as_the_worker_runs_it_stores_an_assessment_and_tolerates_a_missing_ticket(
    reference_exchange: Any,
) -> None:
    customer = make_customer(external_id="EX-STEP-3")
    scenario.add_account("EX-STEP-3", email=customer.email)
    scenario.add_security_event(
        "EX-STEP-3", "email_changed", at=scenario.ago(hours=5), detail="Email changed"
    )
    ticket = ticket_open(customer=customer, subject="Hi", body="What are your fees?")

    level = risk_assess_task.delay(ticket.pk, RiskTrigger.MANUAL).get()

    assert level == RiskLevel.MEDIUM
    assert _triggers(ticket) == [RiskTrigger.MANUAL]
    assert risk_assess_task.delay(10**9, RiskTrigger.MANUAL).get() == ""


def test_a_new_message_on_a_case_tier_0_read_as_a_2fa_reset_is_assessed(reference_exchange: Any) -> None:
    from assistant.models import Assessment

    customer = make_customer(external_id="EX-STEP-4")
    scenario.add_account("EX-STEP-4", email=customer.email)
    ticket = ticket_open(customer=customer, subject="Phone", body="I got a new phone, authenticator is gone")
    Assessment.objects.create(ticket=ticket, created_at=ticket.created_at, intent="twofa_reset_request")
    assert _triggers(ticket) == []

    customer_message_add(ticket=ticket, body="any news?")

    assert _triggers(ticket) == [RiskTrigger.MESSAGE]


def test_a_case_whose_message_had_a_secret_redacted_is_assessed(reference_exchange: Any) -> None:
    customer = make_customer(external_id="EX-STEP-5")
    scenario.add_account("EX-STEP-5", email=customer.email)
    redacted = {"redacted": {"kinds": ["seed_phrase"], "count": 1}}

    ticket = ticket_open(customer=customer, subject="Wallet", body="my words: [removed]", entry_data=redacted)

    assert _triggers(ticket) == [RiskTrigger.MESSAGE]
