"""The intake step of the risk assessment (intake/pipeline.py runs it on every new case and message).

Assessing reads the exchange, so the step only decides whether a case needs it and queues the task after
the commit; the request or socket that took the message in never waits on the exchange. It queues:
- every live chat, when it starts (trigger chat);
- a case whose text asks for a high-risk action (2FA reset, email change, withdrawal unlock, API key
  revocation, limit raise) by approvals.risk_text's rules, or whose message had a secret redacted
  (trigger message);
- a customer's new message on a case already assessed, or one tier 0 read as asking for a high-risk
  action (trigger message), so the banner stays current.

Queues the task by name, so this module (below the pipeline) never imports what the task imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from approvals.models import RiskAssessment, RiskTrigger
from approvals.risk_text import asks_high_risk_action
from assistant.models import Assessment
from tickets.models import Channel, Ticket

# Tier 0's intents that ask for one of the actions two-person approval guards, or report a takeover.
HIGH_RISK_INTENTS = (
    "twofa_reset_request",
    "email_change_request",
    "account_locked",
    "api_key_compromised",
    "account_hacked",
    "support_impersonation",
)

if TYPE_CHECKING:
    from intake.types import Intake


def risk_queue(ticket_id: int, trigger: str) -> None:
    """Queue the assessment once the caller commits; a broker that is down costs this one assessment
    (the next message, or the agent's request for an action, assesses again)."""

    def queue() -> None:
        importlib.import_module("approvals.risk_tasks").risk_assess_task.delay(ticket_id, trigger)

    transaction.on_commit(queue, robust=True)


def _text(intake: Intake) -> str:
    return intake.entry.body if intake.entry is not None else ""


def _secret_pasted(intake: Intake) -> bool:
    # Secret redaction marks the entry whose text it changed (approvals.redaction_steps).
    return bool(intake.entry is not None and (intake.entry.data or {}).get("redacted"))


def risk_first_step(ticket: Ticket, intake: Intake) -> None:
    """A new case: a chat is always assessed; any other case when it asks for a high-risk action."""
    if ticket.channel == Channel.CHAT:
        risk_queue(ticket.pk, RiskTrigger.CHAT)
    elif _secret_pasted(intake) or asks_high_risk_action(f"{ticket.subject}\n{_text(intake)}"):
        risk_queue(ticket.pk, RiskTrigger.MESSAGE)


def risk_followup_step(ticket: Ticket, intake: Intake) -> None:
    """The customer wrote again: assessed again if the message asks for a high-risk action (the text
    first: it costs no statement), or the case was assessed before, or tier 0 read an earlier message
    of it as such an ask (one statement for both)."""
    if _secret_pasted(intake) or asks_high_risk_action(_text(intake)) or _worth_assessing(ticket):
        risk_queue(ticket.pk, RiskTrigger.MESSAGE)


def _worth_assessing(ticket: Ticket) -> bool:
    assessed = RiskAssessment.objects.filter(ticket=OuterRef("pk"))
    asked = Assessment.objects.filter(ticket=OuterRef("pk")).filter(
        Q(intent__in=HIGH_RISK_INTENTS) | Q(corrected_intent__in=HIGH_RISK_INTENTS)
    )
    return Ticket.objects.filter(pk=ticket.pk).filter(Exists(assessed) | Exists(asked)).exists()
