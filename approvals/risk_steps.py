"""The intake step of the risk assessment (intake/pipeline.py runs it on every new case and message).

Assessing reads the exchange, so the step only decides whether a case needs it and queues the task after
the commit; the request or socket that took the message in never waits on the exchange. It queues:
- every live chat, when it starts (trigger chat);
- a case whose text asks for a high-risk action (2FA reset, email change, withdrawal unlock, API key
  revocation, limit raise) by approvals.risk_text's rules, or whose message had a secret redacted
  (trigger message);
- a customer's new message that itself asks for a high-risk action or had a secret redacted (no
  statement: the text decides), or on a case whose newest assessment is older than REASSESS_AFTER, or
  one tier 0 read as asking for a high-risk action and not assessed since (trigger message), so the
  banner stays current without a worker task for every line of a chat.

Queues the task by name, so this module (below the pipeline) never imports what the task imports.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from approvals.models import RiskAssessment, RiskTrigger
from approvals.risk_text import asks_high_risk_action
from assistant.models import Assessment
from helpdesk.prepared import execute_prepared
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

# A case assessed this recently is not assessed again for a message that asks for nothing risky: what
# the exchange knows of the account (logins, withdrawals, security events) is read again past it.
REASSESS_AFTER = dt.timedelta(minutes=5)

# Per process: the time until which a case's newest assessment is fresh, as last read. A newer
# assessment only makes a case fresher, so a case seen fresh stays so until then without a statement;
# the same holds from the moment this process queued one. Bounded: cleared when it grows past
# _FRESH_LIMIT cases (each is read again once).
_fresh_until: dict[int, dt.datetime] = {}
_fresh_lock = threading.Lock()
_FRESH_LIMIT = 10_000


def risk_queue(ticket_id: int, trigger: str) -> None:
    """Queue the assessment once the caller commits; a broker that is down costs this one assessment
    (the next message, or the agent's request for an action, assesses again)."""

    def queue() -> None:
        importlib.import_module("approvals.risk_tasks").risk_assess_task.delay(ticket_id, trigger)

    transaction.on_commit(queue, robust=True)


# The intents as an SQL literal: a constant of the statement rather than an array parameter psycopg
# would adapt again on every visitor message.
_INTENTS_SQL = "ARRAY[{}]::text[]".format(
    ", ".join("'" + intent.replace("'", "''") + "'" for intent in HIGH_RISK_INTENTS)
)
# The newest assessment of the case, and whether tier 0 read any message of it as a high-risk ask.
_LOOK_COLUMNS = f"""(SELECT r.created_at FROM approvals_riskassessment r WHERE r.ticket_id = {{ticket}}
        ORDER BY r.created_at DESC LIMIT 1),
       EXISTS (SELECT 1 FROM assistant_assessment a WHERE a.ticket_id = {{ticket}}
               AND (a.intent = ANY({_INTENTS_SQL}) OR a.corrected_intent = ANY({_INTENTS_SQL})))"""  # noqa: S608
_WORTH_ASSESSING_SQL = f"SELECT {_LOOK_COLUMNS.format(ticket='%(ticket)s')}"


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
    """The customer wrote again: assessed again if the message asks for a high-risk action or had a
    secret redacted (the text first: it costs no statement), else if the case's assessment is stale or
    tier 0 read an earlier message of it as such an ask and it has not been assessed since (at most one
    statement; none while this process knows the case's assessment is fresh)."""
    if _secret_pasted(intake) or asks_high_risk_action(_text(intake)) or _worth_assessing(ticket, intake.now):
        risk_queue(ticket.pk, RiskTrigger.MESSAGE)
        # The assessment on its way counts as fresh once queued (a rollback queues none).
        transaction.on_commit(lambda: _fresh(ticket.pk, intake.now + REASSESS_AFTER))


def risk_look_columns(ticket: str) -> str:
    """What a caller's statement that locks the ticket (its id the SQL expression `ticket`) selects
    so that this step reads nothing of its own: the case's newest assessment and whether tier 0 read a
    high-risk ask in it (parameter `%(risk_intents)s`, `risk_look_params`); two columns."""
    return _LOOK_COLUMNS.format(ticket=ticket)


def risk_look_params() -> dict[str, list[str]]:
    """The parameters of `risk_look_columns`: none, the intents are written in the statement."""
    return {}


def risk_look_hold(ticket: Ticket, values: Sequence[Any]) -> None:
    """The look as the caller's statement read it, in this transaction, before the message was written:
    this ticket's next follow-up step takes it instead of reading it (taken once). Nothing the steps
    before it write in the same transaction changes it (tier 0's follow-up reading is written without
    an intent; assessments are written by the worker), so the outcome is the one the step's own read
    would give, unless an assessment commits in the moment between the two reads."""
    ticket._risk_held_look = (ticket.pk, values[0], values[1])  # type: ignore[attr-defined]


def _worth_assessing(ticket: Ticket, now: dt.datetime) -> bool:
    held = ticket.__dict__.pop("_risk_held_look", None)
    until = _fresh_until.get(ticket.pk)
    if until is not None and now < until:
        return False
    if held is not None and held[0] == ticket.pk:
        row = held[1:]
    elif connection.vendor == "postgresql":
        # Read on a visitor's message of an unassessed or stale chat: written once per process.
        row, _names = execute_prepared(_WORTH_ASSESSING_SQL, {"ticket": ticket.pk, **risk_look_params()})
    else:
        newest = (
            RiskAssessment.objects.filter(ticket=OuterRef("pk")).order_by("-created_at").values("created_at")
        )
        asked = Assessment.objects.filter(ticket=OuterRef("pk")).filter(
            Q(intent__in=HIGH_RISK_INTENTS) | Q(corrected_intent__in=HIGH_RISK_INTENTS)
        )
        row = Ticket.objects.filter(pk=ticket.pk).values_list(Subquery(newest[:1]), Exists(asked)).first()
    if row is None:
        return False
    assessed_at, asked_high_risk = row
    if assessed_at is not None and now < assessed_at + REASSESS_AFTER:
        _fresh(ticket.pk, assessed_at + REASSESS_AFTER)
        return False
    # Stale, or never assessed though tier 0 read a high-risk ask.
    return assessed_at is not None or asked_high_risk


def _fresh(ticket_id: int, until: dt.datetime) -> None:
    with _fresh_lock:
        if len(_fresh_until) >= _FRESH_LIMIT:
            _fresh_until.clear()
        _fresh_until[ticket_id] = max(until, _fresh_until.get(ticket_id, until))
