"""Assessments as the worker leaves them, for the tests of what agents and admins see of tier 0.

How the worker gets there (reading, deciding, routing) is tested through the tasks elsewhere; these
tests start from the stored row, as the pages and the API do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from assistant.models import Assessment, AssessmentState, DecisionKind
from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory
from tickets.models import EntryKind, Ticket

ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"
TX = "0x" + "ab" * 32


def assessment_row(ticket: Ticket, *, ago: dt.timedelta = dt.timedelta(0), **fields: Any) -> Assessment:
    """A done assessment of the ticket's first customer message tier 0 has not read yet (none left:
    no message, so it cannot be corrected): a confident how-to answer unless `fields` say otherwise."""
    entry = _unread(ticket)
    created = timezone.now() - ago
    values: dict[str, Any] = {
        "ticket": ticket,
        "entry": entry,
        "state": AssessmentState.DONE,
        "created_at": created,
        "read_at": created,
        "language": "pt",
        "language_confidence": 0.99,
        "intent": "fees_info",
        "confidence": 0.71,
        "threshold": 0.42,
        "scores": [["fees_info", 0.8], ["withdrawal_limits_info", 0.09], ["deposit_networks_info", 0.04]],
        "specialty": "general",
        "priority": "low",
        "decision": DecisionKind.ANSWER,
        "why": "article answer",
        "article": "withdrawal-fees",
        "reply": "As taxas de saque estão no artigo: Withdrawal fees.",
    }
    values.update(fields)
    return Assessment.objects.create(**values)


def _unread(ticket: Ticket) -> Any:
    return (
        ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE, assessment__isnull=True).order_by("pk").first()
    )


def pending_row(ticket: Ticket) -> Assessment:
    entry = _unread(ticket)
    return Assessment.objects.create(ticket=ticket, entry=entry, created_at=timezone.now())


def partner_world() -> tuple[Any, Any, Client]:
    """An outsourced team, one of its agents, and that agent's signed-in client."""
    team = TeamFactory.create(name="Partner BPO", slug="partner-bpo", is_outsourced=True)
    user = AgentFactory.create(username="pat", first_name="Pat", last_name="Partner")
    TeamMembershipFactory.create(team=team, user=user)
    client = Client()
    client.force_login(user)
    return team, user, client
