"""The ticket's timeline tells each step of a request in a sentence."""

import pytest
from django.test import Client
from django.urls import reverse

from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db


def test_each_approval_event_reads_as_a_sentence_on_the_ticket_page(agent_client: Client, agent, ticket):
    events = [
        ("approval_requested", {"actor": agent, "risk": "high"}),
        ("approval_approved", {"actor": agent, "status": "pending"}),
        ("approval_approved", {"actor": agent, "status": "approved"}),
        ("approval_rejected", {"actor": agent}),
        ("approval_cancelled", {"actor": agent}),
        ("approval_expired", {}),
        ("approval_executed", {"action_id": "A-1"}),
        ("approval_retrying", {"attempt": 2, "error": "the exchange timed out"}),
        ("approval_failed", {"error": "account frozen"}),
    ]
    for event, data in events:
        timeline_event_add(ticket, event, request=7, action="reset_2fa", **data)
    html = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    for sentence in [
        "requested approval for a reset of two-factor authentication (request 7); risk high",
        "approved a reset of two-factor authentication (request 7); another approval is needed",
        "approved a reset of two-factor authentication (request 7); it runs on the exchange next",
        "rejected a reset of two-factor authentication (request 7)",
        "cancelled the request for a reset of two-factor authentication (request 7)",
        "nobody decided in time",
        "carried out a reset of two-factor authentication on the exchange (request 7)",
        "will try a reset of two-factor authentication on the exchange again after attempt 2: "
        "the exchange timed out",
        "could not carry out a reset of two-factor authentication on the exchange (request 7): "
        "account frozen",
    ]:
        assert sentence in html


def test_a_risk_change_and_a_removed_secret_read_as_sentences_on_the_ticket_page(
    agent_client: Client, ticket
):
    timeline_event_add(ticket, "risk_assessed", level="high", previous="low", score=75, facts=["staff_claim"])
    timeline_event_add(ticket, "secret_redacted", kinds=["seed phrase", "one-time code"], count=2, entry=1)
    html = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert "assessed the account-takeover risk as high (score 75, was low)" in html
    assert (
        "removed what the customer pasted (a recovery phrase, a one-time code) before storing the message "
        "and warned them" in html
    )
