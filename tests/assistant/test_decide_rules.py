"""Tier 0's decision, rule by rule, on hand-built readings (the engine has its own tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from assistant.decide import Context, decide, with_reply
from assistant.types import Reading
from tests.knowledgebase.conftest import seeded_kb  # noqa: F401 (the real help center, once per module)

pytestmark = pytest.mark.usefixtures("seeded_kb")


def reading(text: str = "What are the maker and taker fees for spot trading?", **changes: Any) -> Reading:
    base = Reading(
        text=text,
        language="en",
        language_confidence=0.99,
        intent="fees_info",
        confidence=0.8,
        threshold=0.55,
        scores=(("fees_info", 0.85), ("withdrawal_limits_info", 0.05)),
        specialty="general",
        priority="low",
        distress=False,
        social_engineering_risk=False,
    )
    return dataclasses.replace(base, **changes)


def context(**changes: Any) -> Context:
    base = Context(
        channel="email",
        answers_allowed=True,
        failed_answers=0,
        previous_articles=(),
        external_id=None,
        now=timezone.now(),
    )
    return dataclasses.replace(base, **changes)


def test_a_social_engineering_attempt_goes_to_account_security_even_as_a_confident_how_to(db):
    decision = decide(
        reading(social_engineering_risk=True, reasons=("claims to be the owner's assistant",)),
        context=context(),
    )
    assert decision.kind == "handoff"
    assert decision.specialty == "account_security"
    assert "social-engineering" in decision.why and "assistant" in decision.why
    assert decision.reply == ""


def test_a_security_intent_is_never_answered(db):
    decision = decide(
        reading("someone logged into my account", intent="account_hacked", specialty="account_security",
                priority="urgent", confidence=0.99),
        context=context(),
    )  # fmt: skip
    assert (decision.kind, decision.specialty, decision.priority) == ("handoff", "account_security", "urgent")
    assert "account_hacked" in decision.why


def test_a_status_question_from_a_sender_the_exchange_does_not_vouch_for_goes_to_a_person(db):
    decision = decide(
        reading("where is my withdrawal", intent="withdrawal_pending", specialty="wallets_onchain",
                priority="high"),
        context=context(external_id=None),
    )  # fmt: skip
    assert decision.kind == "handoff"
    assert decision.specialty == "wallets_onchain" and decision.priority == "high"
    assert decision.facts == {}


def test_a_distressed_customer_gets_a_person_even_for_a_question_an_article_answers(db):
    decision = decide(reading(distress=True, reasons=("all capitals",)), context=context())
    assert decision.kind == "handoff"
    assert decision.why == "distress: all capitals"


def test_a_how_to_that_needs_the_customers_own_data_goes_to_a_person(db):
    decision = decide(reading("what is my fee tier?", needs_account=True), context=context())
    assert decision.kind == "handoff" and "account data" in decision.why


def test_no_answer_where_admins_turned_answers_off(db):
    decision = decide(reading(), context=context(answers_allowed=False, channel="web"))
    assert decision.kind == "handoff"
    assert decision.why == "tier 0 does not answer on web in en"


def test_a_reading_below_its_threshold_goes_to_a_person_and_says_by_how_much(db):
    decision = decide(reading(confidence=0.31, threshold=0.55), context=context())
    assert decision.kind == "handoff"
    assert decision.why == "confidence 0.31 below 0.55"


def test_a_second_answer_that_did_not_settle_it_hands_off(db):
    decision = decide(reading(), context=context(failed_answers=2))
    assert decision.kind == "handoff"
    assert decision.why == "a second answer did not settle it"


def test_after_one_failed_answer_the_same_article_is_not_sent_again(db):
    first = decide(reading(), context=context())
    assert first.kind == "answer"
    again = decide(reading(), context=context(failed_answers=1, previous_articles=(first.article,)))
    assert again.kind == "handoff"
    assert first.article in again.why


def test_after_one_failed_answer_a_different_article_may_still_answer(db):
    decision = decide(reading(), context=context(failed_answers=1, previous_articles=("withdrawal-pending",)))
    assert decision.kind == "answer"


def test_a_confident_how_to_is_answered_with_the_best_article_summary_and_its_public_link(db, settings):
    settings.HELPDESK_SITE_URL = "https://help.cryptox.example"
    decision = decide(reading(), context=context())
    assert decision.kind == "answer"
    assert decision.article == "trading-fee-schedule"
    assert decision.article_url == "https://help.cryptox.example/help/en/articles/trading-fee-schedule/"
    assert "Trading fee schedule, maker and taker fees" in decision.reply
    assert decision.article_url in decision.reply
    assert decision.reply.startswith("Here is what our help center says about this:")
    assert decision.reply.endswith("reply to this message to reach a person.")
    assert decision.priority == "low" and decision.language == "en"
    assert decision.why == "article answer: trading-fee-schedule"


def test_the_article_is_chosen_by_what_the_message_asks_among_the_intents_candidates(db):
    decision = decide(
        reading("why is it so expensive to withdraw USDT on ERC20 compared to TRC20?"), context=context()
    )
    assert decision.article == "withdrawal-fees"


def test_in_chat_the_answer_asks_whether_it_solved_it(db):
    decision = decide(reading(), context=context(channel="chat"))
    assert decision.reply.endswith("Did this solve it? If not, a person will take it from here.")


def test_a_greeting_gets_the_greeting_and_no_article(db):
    decision = decide(
        reading("hi there", intent="off_topic_chitchat", specialty="none"), context=context(channel="chat")
    )
    assert decision.kind == "answer" and decision.article == ""
    assert decision.reply.startswith("Hello! I am the CryptoX support assistant.")
    assert "ask for a person at any time" in decision.reply


def test_a_price_prediction_gets_the_polite_redirect_and_the_policy_article(db):
    decision = decide(
        reading("will SOL go up next week? should I buy", intent="price_prediction", specialty="none"),
        context=context(),
    )
    assert decision.kind == "answer" and decision.article == "no-investment-advice"
    assert decision.reply.startswith("We cannot give investment advice")
    assert decision.why == "redirect: no-investment-advice"


def test_a_request_support_cannot_fulfil_is_told_so_plainly_with_the_article(db):
    decision = decide(
        reading(
            "please reverse my transaction, I sent it to the wrong address", intent="unsupported_request"
        ),
        context=context(),
    )
    assert decision.article == "what-support-cannot-do"
    assert "cannot do" in decision.reply


def test_with_reply_replaces_only_the_customers_text(db):
    decision = decide(reading(confidence=0.1), context=context())
    replaced = with_reply(decision, "We will answer soon.")
    assert replaced.reply == "We will answer soon."
    assert dataclasses.replace(replaced, reply="") == decision


def test_the_decision_is_the_same_whenever_it_is_made(db):
    later = context(now=timezone.now() + dt.timedelta(days=3))
    assert decide(reading(), context=later).article == decide(reading(), context=context()).article
