"""Tier 0's events read as sentences on the ticket's timeline, with "Tier 0" as their subject unless an
agent acted: what it read and did and why, a message it could not read, the customer's outcome, and an
agent's correction."""

from __future__ import annotations

import pytest
from django.test import Client

from assistant.models import Outcome
from assistant.services import assessment_outcome
from tests.assistant.tier0_rows import assessment_row
from tickets.models import TimelineEntry
from tickets.templatetags.timeline import entry_author, event_summary
from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db


def _says(ticket, event: str, **data) -> tuple[str, str]:
    entry: TimelineEntry = timeline_event_add(ticket, event, **data)
    return str(entry_author(entry)), str(event_summary(entry))


def test_an_answer_and_a_handoff_say_the_intent_the_decision_and_why(ticket):
    assert _says(ticket, "tier0_assessed", intent="fees_info", decision="answer", why="article answer") == (
        "Tier 0",
        "read the message as “fees info” and answered it: article answer",
    )
    assert _says(
        ticket, "tier0_assessed", intent="account_hacked", decision="handoff", why="security intent"
    ) == ("Tier 0", "read the message as “account hacked” and handed it to a person: security intent")


def test_a_message_tier_0_could_not_read_says_the_case_was_routed_without_it(ticket):
    assert _says(ticket, "tier0_skipped", why="tier 0 failed (RuntimeError)") == (
        "Tier 0",
        "did not read the message; the case was routed without it: tier 0 failed (RuntimeError)",
    )


@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        ("solved", "recorded that the customer said the answer solved it"),
        ("person", "recorded that the customer asked for a person"),
        ("came_back", "recorded that the customer wrote again after the answer"),
        ("agent", "stayed silent: an agent took the case over"),
    ],
)
def test_each_outcome_reads_as_a_sentence(ticket, outcome, sentence):
    assert _says(ticket, "tier0_outcome", outcome=outcome) == ("Tier 0", sentence)


def test_a_correction_names_the_agent_and_both_intents(ticket, agent):
    entry = timeline_event_add(
        ticket, "tier0_corrected", actor=agent, before="fees_info", after="staking_info"
    )
    assert entry_author(entry) == agent.display_name
    assert event_summary(entry) == "corrected tier 0's reading from “fees info” to “staking info”"


def test_the_ticket_page_tells_an_outcome_the_service_recorded(agent_client: Client, ticket):
    assessment = assessment_row(ticket)
    assessment_outcome(assessment=assessment, outcome=Outcome.PERSON)
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "<strong>Tier 0</strong> recorded that the customer asked for a person" in page


def test_an_answer_that_could_not_go_out_and_a_request_for_a_person_read_as_sentences(ticket):
    assert _says(ticket, "tier0_answer_not_sent", reason="rate limit") == (
        "Tier 0",
        "did not send its answer, and a person takes the case: rate limit",
    )
    assert _says(ticket, "tier0_person_requested") == (
        "Tier 0",
        "the customer asked for a person, and the case went to the agents",
    )
