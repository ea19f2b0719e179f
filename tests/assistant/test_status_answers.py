""" "Where is my withdrawal / deposit?" answered from the reference exchange's records over real HTTP:
answered with the facts when the data settles it, handed to a person with the facts when it does not."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.utils import timezone

from assistant.decide import Context, decide
from assistant.types import Decision, Mention, Reading
from exchange.reference import scenario
from exchange.reference.seed import SCENARIOS

pytestmark = pytest.mark.django_db(transaction=True)

CUSTOMER = "EX-20001"


def ask(
    text: str,
    *,
    intent: str = "withdrawal_pending",
    external_id: str | None = CUSTOMER,
    channel: str = "email",
    **changes: Any,
) -> Decision:
    base = Reading(
        text=text,
        language="en",
        language_confidence=0.99,
        intent=intent,
        confidence=0.9,
        threshold=0.5,
        scores=((intent, 0.92),),
        specialty="wallets_onchain",
        priority="high",
        distress=False,
        social_engineering_risk=False,
    )
    context = Context(
        channel=channel,
        answers_allowed=True,
        failed_answers=0,
        previous_articles=(),
        external_id=external_id,
        now=timezone.now(),
    )
    return decide(dataclasses.replace(base, **changes), context=context)


@pytest.fixture
def exchange(reference_exchange: Any) -> Any:
    scenario.ensure_catalogue()
    scenario.add_account(CUSTOMER)
    return reference_exchange


def test_a_withdrawal_in_the_queue_within_its_normal_time_is_answered_with_its_facts(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="250", status="queued",
        created_at=scenario.ago(minutes=8),
    )  # fmt: skip
    decision = ask("Hi, where is my USDT withdrawal? I sent it 10 minutes ago")
    assert decision.kind == "answer", decision.why
    assert decision.why == "status answer from the exchange's data: withdrawal_queued"
    assert "Amount: 250 USDT" in decision.reply
    assert "Network: Tron" in decision.reply
    assert "Status: in the processing queue" in decision.reply
    assert "normally sent within 20 minutes" in decision.reply
    assert decision.facts["transfer"]["status"] == "queued"
    assert decision.facts["diagnoses"][0]["code"] == "withdrawal_queued"


def test_a_broadcast_withdrawal_is_answered_with_its_confirmations_and_hash(exchange):
    transfer = scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="ETH", network="ethereum", amount="0.5", status="broadcast",
        confirmations=4, required=12, created_at=scenario.ago(minutes=12),
    )  # fmt: skip
    decision = ask("my eth withdrawal hasn't arrived yet")
    assert decision.kind == "answer", decision.why
    assert "Confirmations: 4 of 12" in decision.reply
    assert f"Transaction hash: {transfer.tx_hash}" in decision.reply
    assert "has 4 of 12 confirmations so far" in decision.reply


def test_a_credited_deposit_is_answered_with_its_hash(exchange):
    transfer = scenario.add_transfer(
        CUSTOMER, direction="deposit", asset="USDT", network="tron", amount="1000", status="completed",
        created_at=scenario.ago(hours=1),
    )  # fmt: skip
    decision = ask(
        f"deposit not showing, hash {transfer.tx_hash}",
        intent="deposit_not_credited",
        mentions=(Mention("tron_tx", transfer.tx_hash),),
    )
    assert decision.kind == "answer", decision.why
    assert "Status: credited" in decision.reply
    assert transfer.tx_hash in decision.reply
    assert "credited to your account" in decision.reply


def test_a_deposit_awaiting_confirmations_is_answered_with_the_count(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="deposit", asset="ETH", network="ethereum", amount="1.75", status="confirming",
        confirmations=5, created_at=scenario.ago(minutes=2),
    )  # fmt: skip
    decision = ask("I deposited ETH and it is not in my balance", intent="deposit_not_credited")
    assert decision.kind == "answer", decision.why
    assert "has 5 of the 12 confirmations we need" in decision.reply


def test_a_withdrawal_queued_past_its_expected_time_goes_to_the_wallet_team_high_with_the_facts(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="2500", status="queued",
        created_at=scenario.ago(hours=3),
    )  # fmt: skip
    decision = ask("withdrawal still pending after 3 hours")
    assert decision.kind == "handoff"
    assert "past its expected time" in decision.why
    assert decision.priority == "high" and decision.specialty == "wallets_onchain"
    assert decision.facts["transfer"]["amount"] == "2500"
    assert "expected_by" in decision.facts


def test_a_failed_withdrawal_goes_to_a_person_with_the_diagnosis(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="BTC", network="bitcoin", amount="0.1", status="failed",
        created_at=scenario.ago(minutes=20),
    )  # fmt: skip
    decision = ask("my btc withdrawal failed?")
    assert decision.kind == "handoff"
    assert decision.facts["diagnoses"][0]["code"] == "withdrawal_failed"
    assert decision.specialty == "wallets_onchain"


def test_a_deposit_over_the_wrong_network_goes_to_a_person_never_answered(exchange):
    exchange.seed()
    case = next(s for s in SCENARIOS if s.name == "deposit_over_wrong_network")
    decision = ask(
        "I sent USDC on Polygon and it is not credited",
        intent="deposit_not_credited",
        external_id=case.external_id,
    )
    assert decision.kind == "handoff"
    assert decision.facts["diagnoses"][0]["code"] == "wrong_network"


def test_a_deposit_without_its_memo_goes_to_a_person(exchange):
    exchange.seed()
    case = next(s for s in SCENARIOS if s.name == "deposit_missing_xrp_tag")
    decision = ask("my XRP deposit is missing", intent="deposit_not_credited", external_id=case.external_id)
    assert decision.kind == "handoff"
    assert decision.facts["diagnoses"][0]["code"] == "memo_missing"


def test_an_unreachable_exchange_hands_off_without_raising(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="250", status="queued",
        created_at=scenario.ago(minutes=8),
    )  # fmt: skip
    exchange.go_down()
    exchange.reset_client()
    decision = ask("where is my withdrawal")
    assert decision.kind == "handoff"
    assert "could not be read" in decision.why
    assert decision.facts["exchange_error"]


def test_two_different_open_withdrawals_are_not_guessed_between(exchange):
    for asset, network in (("USDT", "tron"), ("ETH", "ethereum")):
        scenario.add_transfer(
            CUSTOMER, direction="withdrawal", asset=asset, network=network, amount="10", status="queued",
            created_at=scenario.ago(minutes=5),
        )  # fmt: skip
    decision = ask("where is my withdrawal")
    assert decision.kind == "handoff"
    assert "could be the one meant" in decision.why
    named = ask("where is my USDT withdrawal on TRC20")
    assert named.kind == "answer" and "Amount: 10 USDT" in named.reply


def test_a_large_amount_with_a_distressed_customer_is_urgent_even_when_the_data_looks_normal(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="BTC", network="bitcoin", amount="3", status="queued",
        created_at=scenario.ago(minutes=5),
    )  # fmt: skip
    decision = ask("PLEASE HELP my 3 BTC withdrawal is gone, all my savings", distress=True)
    assert decision.kind == "handoff"
    assert decision.priority == "urgent"
    assert decision.facts["large_amount"] is True


def test_a_low_confidence_status_question_gets_a_person_with_the_facts_attached(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="250", status="queued",
        created_at=scenario.ago(minutes=8),
    )  # fmt: skip
    decision = ask(
        "withdrawal?", confidence=0.05, scores=(("withdrawal_pending", 0.3), ("withdrawal_limits_info", 0.25))
    )
    assert decision.kind == "handoff"
    assert decision.why.startswith("status confidence 0.05 below 0.50")
    assert decision.facts["transfer"]["asset"] == "USDT"


def test_a_hash_the_exchange_does_not_know_goes_to_a_person(exchange):
    value = "a" * 64
    decision = ask(f"where is {value}", mentions=(Mention("eth_tx", "0x" + value),))
    assert decision.kind == "handoff"
    assert "no transfer of this customer with the hash given" in decision.why


def test_a_status_question_about_my_own_withdrawal_is_answered_from_the_data(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="40", status="queued",
        created_at=scenario.ago(minutes=3),
    )  # fmt: skip
    decision = ask("where is MY withdrawal?", needs_account=True)
    assert decision.kind == "answer", decision.why
    assert "Amount: 40 USDT" in decision.reply


def test_a_status_answer_is_written_in_the_customers_language(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="40", status="queued",
        created_at=scenario.ago(minutes=3),
    )  # fmt: skip
    decision = ask("¿dónde está mi retiro?", language="es", channel="chat")
    assert decision.kind == "answer" and decision.language == "es"
    assert decision.reply.startswith("Esto es lo que vemos de tu retiro:")
    assert "Importe: 40 USDT" in decision.reply
    assert "Estado: en la cola de procesamiento" in decision.reply
    assert decision.reply.endswith("una persona se encargará a partir de aquí.")


def test_a_bridged_token_deposit_is_found_by_its_symbol_and_goes_to_a_person_with_the_diagnosis(exchange):
    exchange.seed()
    case = next(s for s in SCENARIOS if s.name == "deposit_unsupported_token")
    decision = ask(
        "I deposited 350 USDC.e on Polygon, where is it?",
        intent="deposit_not_credited",
        external_id=case.external_id,
    )
    assert decision.kind == "handoff"
    assert decision.facts["transfer"]["asset"] == "USDC.E"
    assert decision.facts["diagnoses"][0]["code"] == "unsupported_token"


def test_a_message_read_as_either_a_deposit_or_a_withdrawal_is_about_money_in_transit(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="2500", status="queued",
        created_at=scenario.ago(minutes=4),
    )  # fmt: skip
    torn: dict[str, Any] = {
        "intent": "deposit_not_credited",
        "confidence": 0.01,
        "threshold": 0.28,
        "scores": (
            ("deposit_not_credited", 0.22),
            ("withdrawal_pending", 0.21),
            ("unsupported_request", 0.1),
        ),
    }
    decision = ask("I sent 2,500 USDT and it is not there yet", **torn)
    assert decision.kind == "answer", decision.why
    assert decision.reply.startswith("Here is what we see for your withdrawal:")
    assert "Amount: 2500 USDT" in decision.reply
    vague = ask("where is my money??", **torn)
    assert vague.kind == "handoff"
    assert vague.why == "the message does not say whether it is about a withdrawal or a deposit"


def test_the_data_never_lowers_the_priority_the_reading_set(exchange):
    scenario.add_transfer(
        CUSTOMER, direction="withdrawal", asset="USDT", network="tron", amount="2500", status="failed",
        created_at=scenario.ago(minutes=30),
    )  # fmt: skip
    decision = ask("my withdrawal failed", priority="urgent")
    assert decision.kind == "handoff"
    assert decision.priority == "urgent"
