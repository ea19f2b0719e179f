"""The tier-0 panel on the agent's ticket page: what tier 0 read off each message (newest first), why it
answered or handed off, what the customer got and said, and a one-click correction; partner agents see
it on their own tickets with addresses masked; the panel costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from assistant.models import AssessmentState, DecisionKind, Outcome
from assistant.taxonomy import INTENTS
from tests.assistant.tier0_rows import ADDRESS, TX, assessment_row, partner_world, pending_row
from tests.factories import TicketFactory, make_ticket

pytestmark = pytest.mark.django_db


def _panel(client: Client, ticket: Any) -> str:
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    match = re.search(r'<section class="card tier0-panel".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_panel_shows_what_tier_0_read_and_why_it_answered(agent_client: Client, ticket):
    assessment_row(
        ticket,
        reasons=["mentions a withdrawal fee"],
        mentions=[{"kind": "eth_tx", "value": TX}],
        outcome=Outcome.SOLVED,
        outcome_at=dt.datetime.now(dt.UTC),
    )
    panel = _panel(agent_client, ticket)
    assert "fees info" in panel and "how to" in panel  # the intent and its group
    assert "0.71 / 0.42" in panel and "above the threshold" in panel
    assert 'width="71.0"' in panel and 'x1="42.0"' in panel  # the bar and the threshold's mark
    assert [s in panel for s in ("withdrawal limits info", "deposit networks info")] == [True, True]
    assert "mentions a withdrawal fee" in panel and TX in panel
    assert "Answered by tier 0: article answer" in panel
    assert 'href="/help/pt-br/articles/withdrawal-fees/"' in panel
    assert "As taxas de saque" in panel
    assert "The customer said it solved it" in panel


def test_a_handoff_shows_its_flags_reasons_and_the_exchange_facts(agent_client: Client, ticket):
    assessment_row(
        ticket,
        intent="withdrawal_pending",
        confidence=0.2,
        threshold=0.5,
        specialty="wallets_onchain",
        priority="urgent",
        distress=True,
        social_engineering_risk=True,
        reasons=["all capitals", "asks to skip the checks"],
        decision=DecisionKind.HANDOFF,
        why="withdrawal stuck past its expected time",
        article="",
        facts={"status": "queued", "expected_minutes": 30},
        reply="A person from Wallets will answer within 15 minutes.",
    )
    panel = _panel(agent_client, ticket)
    assert "withdrawal pending" in panel and "account specific" in panel
    assert "below the threshold" in panel
    assert "distress" in panel and "social-engineering risk" in panel
    assert "all capitals" in panel and "asks to skip the checks" in panel
    assert "Handed to a person: withdrawal stuck past its expected time" in panel
    assert "<dt>expected minutes</dt><dd>30</dd>" in panel
    assert "wallets_onchain" in panel and "urgent" in panel
    assert "Outcome" not in panel  # a handoff has no "did this solve it?"


def test_assessments_are_listed_newest_first_and_only_the_newest_is_open(agent_client: Client, ticket):
    older = assessment_row(ticket, intent="fees_info", ago=dt.timedelta(hours=2))
    newer = assessment_row(ticket, intent="staking_info", first=False)
    panel = _panel(agent_client, ticket)
    assert panel.index(f'data-assessment="{newer.pk}"') < panel.index(f'data-assessment="{older.pk}"')
    assert re.search(rf'data-assessment="{newer.pk}" open', panel)
    assert not re.search(rf'data-assessment="{older.pk}" open', panel)


def test_a_message_being_read_polls_and_one_never_read_says_it_was_routed_without_tier_0(
    agent_client: Client, ticket
):
    pending_row(ticket)
    panel = _panel(agent_client, ticket)
    assert "Reading" in panel and f'hx-get="/assistant/tickets/{ticket.pk}/panel/"' in panel
    assert "tier0-correct" not in panel  # nothing to correct yet

    other = make_ticket()
    assessment_row(other, state=AssessmentState.SKIPPED, why="tier 0 did not read the message in time")
    panel = _panel(agent_client, other)
    assert "Routed without tier 0: tier 0 did not read the message in time" in panel
    assert "hx-get" not in panel


def test_a_ticket_tier_0_never_saw_has_no_panel(agent_client: Client, ticket):
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert page.count("tier0-panel") == 0


def test_the_correction_offers_every_intent_grouped_with_the_current_one_chosen(agent_client: Client, ticket):
    assessment_row(ticket, intent="fees_info", corrected_intent="staking_info")
    panel = _panel(agent_client, ticket)
    form = panel[panel.index('<form method="post"') :]
    assert form.count("<option") == len(INTENTS) == 39
    assert re.findall(r'<optgroup label="([^"]+)"', form) == [
        "how to",
        "account specific",
        "security",
        "complaint",
        "out of scope",
    ]
    assert '<option value="staking_info" selected>' in form
    assert "<s>fees info</s> staking info" in panel


def test_a_partner_agent_sees_addresses_masked_and_hashes_whole():
    partner_team, _partner, partner_client = partner_world()
    ticket = TicketFactory.create(team=partner_team)
    assessment_row(
        ticket,
        intent="deposit_not_credited",
        decision=DecisionKind.ANSWER,
        mentions=[{"kind": "eth_address", "value": ADDRESS}, {"kind": "eth_tx", "value": TX}],
        facts={"to_address": ADDRESS, "confirmations": "12 of 12"},
        reply=f"Your deposit to {ADDRESS} is credited.",
        reasons=[f"names the address {ADDRESS}"],
    )
    panel = _panel(partner_client, ticket)
    assert panel, "the partner agent sees the panel on their team's ticket"
    assert ADDRESS not in panel and ADDRESS.lower() not in panel
    assert "0x5290…9EE7" in panel
    assert TX in panel
    assert "12 of 12" in panel


def test_the_fragment_is_for_agents_who_may_see_the_ticket(agent_client: Client, ticket):
    _team, _partner, partner_client = partner_world()
    assessment_row(ticket)
    assert agent_client.get(f"/assistant/tickets/{ticket.pk}/panel/").status_code == 200
    assert partner_client.get(f"/assistant/tickets/{ticket.pk}/panel/").status_code == 404
    assert Client().get(f"/assistant/tickets/{ticket.pk}/panel/").status_code == 302


def test_the_panel_costs_one_query_however_many_assessments_and_two_with_addresses_to_mask(agent, ticket):
    request = RequestFactory().get("/")
    request.user = agent
    template = Template("{% load tier0 %}{% tier0_panel ticket %}")

    def count(n: int, **fields: Any) -> int:
        target = make_ticket()
        for i in range(n):
            assessment_row(target, ago=dt.timedelta(minutes=i), first=i == 0, **fields)
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"ticket": target, "request": request}))
        assert html.count("data-assessment=") == min(n, 10)
        return len(queries)

    assert count(1) == count(8) == count(15) == 1
    # Whether the viewer is a partner agent is asked once, when there is an address to mask.
    mentions = [{"kind": "eth_address", "value": ADDRESS}]
    assert count(1, mentions=mentions) == count(15, mentions=mentions) == 2


def test_the_fragment_costs_a_fixed_number_of_statements(
    agent_client: Client, ticket, django_assert_num_queries
):
    for i in range(12):
        assessment_row(
            ticket, ago=dt.timedelta(minutes=i), first=i == 0, mentions=[{"kind": "eth_tx", "value": TX}]
        )
    # The session, the agent, its partner teams (read once by the clean-room middleware, then asked by
    # the access and masking checks), the ticket, the assessments.
    with django_assert_num_queries(5):
        assert agent_client.get(f"/assistant/tickets/{ticket.pk}/panel/").status_code == 200
