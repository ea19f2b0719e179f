"""The ticket page is the agent's hot path: its statements are counted, and they do not grow with the
case's approval requests, risk assessments or timeline."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import ActionKind, ApprovalRequest, RiskAssessment, RiskLevel, RiskTrigger
from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db

# Session, user, partner teams, ticket, entries, attachments, tags, presence, risk, tier 0, triage (2),
# incident, the panels' ticket and access check, approval policies and requests, the SLA clock and
# policy, and the forms' choices of agents and teams.
# One more when the case has approval requests (their decisions, prefetched).
TICKET_PAGE_STATEMENTS = 24


def _statements(client: Any, ticket: Any) -> int:
    url = reverse("tickets:ticket-detail", args=[ticket.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_ticket_page_costs_a_fixed_number_of_statements_however_much_the_case_holds(
    agent_client: Any, agent: Any, ticket: Any
):
    now = timezone.now()

    def request(action: str) -> None:
        ApprovalRequest.objects.create(
            ticket=ticket,
            customer=ticket.customer,
            action=action,
            reason="Customer lost their phone",
            requested_by=agent,
            created_at=now,
            expires_at=now + dt.timedelta(hours=48),
        )

    request(ActionKind.CHANGE_EMAIL)
    one = _statements(agent_client, ticket)
    for action in (ActionKind.RESET_2FA, ActionKind.REVOKE_API_KEYS, ActionKind.UNLOCK_WITHDRAWALS):
        request(action)
    for level in (RiskLevel.MEDIUM, RiskLevel.HIGH):
        RiskAssessment.objects.create(
            ticket=ticket, trigger=RiskTrigger.MESSAGE, level=level, score=70, facts=[], created_at=now
        )
    for n in range(5):
        timeline_event_add(ticket, "approval_requested", request=n, action="reset_2fa", risk="high")
    assert _statements(agent_client, ticket) == one <= TICKET_PAGE_STATEMENTS
