"""Tier 0's writes: read a message, route the case with what was read, answer it or hand it to a person,
and what agents and customers say back (a correction, "this solved it", "talk to a person").

`assessment_run` is what the worker does for each message the intake step queued (assistant/steps.py):
the reading and any look-up at the exchange happen outside a transaction; then, under the ticket's row
lock, the reading is stored, the case is routed with it (intent, specialty, priority), the decision is
re-checked against the case as it is now (an agent may have joined) and delivered through the case's
channel (assistant/delivery.py). Run twice, it acts once: only a pending assessment is acted on.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from approvals.models import RiskTrigger
from approvals.risk_steps import HIGH_RISK_INTENTS, risk_queue
from assistant import decide as deciding
from assistant import delivery
from assistant.engine import read
from assistant.handoff import handoff_notice
from assistant.models import (
    Assessment,
    AssessmentState,
    ChannelSetting,
    DecisionKind,
    Example,
    Outcome,
)
from assistant.taxonomy import INTENTS, SPECIALTY_SKILL
from assistant.types import Decision, Reading
from audit.services import audit_record
from helpdesk.errors import DomainError
from incidents.models import IncidentLink
from livechat.identity import ANONYMOUS_PREFIX
from livechat.models import Conversation, ConversationStatus
from routing.services import PRIORITY_BY_NAME, assignment_push, ticket_route
from sla.services.clock import sla_recompute
from tickets.models import Channel, EntryKind, Priority, Ticket, Tier
from tickets.timeline import timeline_event_add
from triage.services import entry_text

logger = logging.getLogger(__name__)

# A pending reading the worker has not finished this long after the message is queued again, and
# routed without tier 0 after ASSISTANT_GIVE_UP_SECONDS.
REQUEUE_AFTER = dt.timedelta(seconds=30)
MAX_ATTEMPTS = 3


def channel_allows(channel: str, language: str) -> bool:
    """Whether admins let tier 0 answer on `channel` in `language` (on by default: no row, answers)."""
    setting = ChannelSetting.objects.filter(channel=channel).first()
    return setting.allows(language) if setting else True


def _vouched(ticket: Ticket) -> bool:
    """Whether the exchange vouches for who wrote: only then may tier 0 show the account's own data.

    A chat with a signed widget identity, and a ticket an integration opened through the API for an
    exchange customer, are vouched for; an email's From line and an anonymous chat's claims are not
    (anyone can write them)."""
    if ticket.channel == Channel.CHAT:
        conversation = Conversation.objects.filter(ticket_id=ticket.pk).only("is_verified").first()
        return bool(conversation and conversation.is_verified)
    return ticket.channel == Channel.API and not ticket.customer.external_id.startswith(ANONYMOUS_PREFIX)


def _context(assessment: Assessment, reading: Reading, now: dt.datetime) -> deciding.Context:
    ticket = assessment.ticket
    earlier = list(
        Assessment.objects.filter(ticket_id=ticket.pk, decision=DecisionKind.ANSWER)
        .exclude(pk=assessment.pk)
        .values_list("article", "outcome")
    )
    return deciding.Context(
        channel=ticket.channel,
        answers_allowed=channel_allows(ticket.channel, reading.language),
        failed_answers=sum(1 for _, outcome in earlier if outcome == Outcome.CAME_BACK),
        previous_articles=tuple(article for article, _ in earlier if article),
        external_id=ticket.customer.external_id if _vouched(ticket) else None,
        now=now,
    )


def _chat_lock(ticket_id: int) -> None:
    """Lock a chat's conversation row before its ticket's, in the order the chat's own writers take
    them (a visitor's message, an agent's accept): otherwise a visitor writing while tier 0 answers
    would deadlock with it. Nothing for other channels."""
    Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket_id).values_list("pk").first()


def _agent_engaged(ticket: Ticket) -> str:
    """Why tier 0 must not speak now ("" when it may): an agent has accepted the chat or replied, or an
    incident notice answers the case."""
    if ticket.channel == Channel.CHAT:
        status = Conversation.objects.filter(ticket_id=ticket.pk).values_list("status", flat=True).first()
        if status == ConversationStatus.ACTIVE:
            return "an agent has joined the chat"
        if status == ConversationStatus.ENDED:
            return "the chat has ended"
    if IncidentLink.objects.filter(ticket_id=ticket.pk).exists():
        # The incident's public notice answers it (incidents.channels), and its updates follow.
        return "the case is linked to an incident, whose notice answers it"
    # System identities (tier 0 itself, incident notices) are inactive users: only a person counts.
    if ticket.entries.filter(kind=EntryKind.AGENT_REPLY, author__is_active=True).exists():
        return "an agent has replied"
    return ""


def _priority(ticket: Ticket, name: str) -> int:
    wanted = PRIORITY_BY_NAME.get(name)
    if wanted is None:
        return ticket.priority
    if wanted == Priority.LOW and ticket.priority == Priority.NORMAL:
        return Priority.LOW  # a how-to question tier 0 answers waits behind money in transit
    return max(ticket.priority, wanted)


def _route(
    assessment: Assessment, ticket: Ticket, reading: Reading, decision: Decision, now: dt.datetime
) -> None:
    """Route the new case with what tier 0 read: the rules see the intent, the specialty picks the team."""
    specialty = decision.specialty or reading.specialty
    ticket.priority = _priority(ticket, decision.priority or reading.priority)
    ticket.save(update_fields=["priority"])
    # A case tier 0 answers waits on the customer: it is not handed to an agent unless they come back.
    push = assessment.push and not decision.answers
    # A specialty goes to its specialists (tier 2); routing falls back across tiers when none fits.
    skill = SPECIALTY_SKILL.get(specialty, "")
    ticket_route(
        ticket=ticket,
        now=now,
        push=push,
        default_team=assessment.default_team,
        reading={
            "intent": reading.intent,
            "specialty": specialty,
            "distress": "yes" if reading.distress else "no",
            "social_engineering_risk": "yes" if reading.social_engineering_risk else "no",
        },
        skill=skill,
        tier=Tier.EXECUTIVE if specialty == "executive" else (Tier.SPECIALIST if skill else None),
    )


def _store_reading(assessment: Assessment, reading: Reading, now: dt.datetime) -> None:
    assessment.language = reading.language[:8]
    assessment.language_confidence = reading.language_confidence
    assessment.intent = reading.intent
    assessment.confidence = reading.confidence
    assessment.threshold = reading.threshold
    assessment.scores = [[name, round(p, 4)] for name, p in reading.scores]
    assessment.specialty = reading.specialty
    assessment.priority = reading.priority
    assessment.distress = reading.distress
    assessment.social_engineering_risk = reading.social_engineering_risk
    assessment.reasons = list(reading.reasons)
    assessment.mentions = [{"kind": m.kind, "value": m.value} for m in reading.mentions]
    assessment.read_at = now


def assessment_run(*, assessment_id: int, now: dt.datetime | None = None) -> Assessment | None:
    """Read the message of a pending assessment, route its case, and answer or hand off; None when there
    is nothing pending (already done, or gone)."""
    assessment = (
        Assessment.objects.select_related("ticket__customer", "entry", "default_team")
        .filter(pk=assessment_id, state=AssessmentState.PENDING)
        .first()
    )
    if assessment is None or assessment.entry is None:
        return None
    Assessment.objects.filter(pk=assessment.pk).update(attempts=assessment.attempts + 1)
    reading = read(entry_text(assessment.entry), channel=assessment.ticket.channel)
    now = now or timezone.now()
    decision = deciding.decide(reading, context=_context(assessment, reading, now))

    with transaction.atomic():
        _chat_lock(assessment.ticket_id)
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=assessment.ticket_id)
        locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        if locked is None or locked.state != AssessmentState.PENDING:
            return None
        locked.ticket = ticket
        locked.default_team = assessment.default_team
        _store_reading(locked, reading, now)
        # An agent who took the case before the reading came (a chat accepted from the waiting list)
        # keeps it where it is.
        held = locked.first and locked.route and ticket.team_id is None and ticket.assignee_id is None
        if held:
            _route(locked, ticket, reading, decision, now)
        elif decision.priority or reading.priority:
            new = _priority(ticket, decision.priority or reading.priority)
            if new != ticket.priority:
                ticket.priority = new
                ticket.save(update_fields=["priority"])
        silenced = _agent_engaged(ticket)
        if silenced:
            decision = Decision(
                kind="handoff", why=f"{silenced}: tier 0 stays silent", reply="", language=reading.language
            )
        elif not decision.answers:
            decision = deciding.with_reply(
                decision, handoff_notice(ticket=ticket, language=decision.language, now=now)
            )
        came_back = not held and not decision.answers and not silenced
        if came_back and ticket.channel != Channel.CHAT and ticket.assignee_id is None:
            # The customer came back after an answer: now a person takes it.
            assignment_push(ticket=ticket, now=now)
        locked.decision = decision.kind
        locked.why = decision.why[:300]
        locked.article = decision.article[:120]
        locked.reply = decision.reply
        locked.facts = decision.facts
        locked.state = AssessmentState.DONE
        entry = None
        if not silenced:
            entry = delivery.deliver(ticket=ticket, assessment=locked, decision=decision, now=now)
        locked.reply_entry = entry
        if silenced.startswith("an agent"):
            locked.outcome, locked.outcome_at = Outcome.AGENT, now
        locked.save()
        sla_recompute(ticket=ticket, now=now)
        if ticket.channel != Channel.CHAT and (
            locked.intent in HIGH_RISK_INTENTS or locked.social_engineering_risk
        ):
            # Read as asking for a guarded action, or as a social-engineering attempt, in words the risk
            # assessment's own text rules may have missed (a chat was assessed when it started).
            risk_queue(ticket.pk, RiskTrigger.MESSAGE)
        timeline_event_add(
            ticket,
            "tier0_assessed",
            assessment=locked.pk,
            intent=locked.intent,
            confidence=round(locked.confidence, 3),
            threshold=round(locked.threshold, 3),
            decision=locked.decision,
            why=locked.why,
            specialty=locked.specialty,
            priority=locked.priority,
            language=locked.language,
        )
        audit_record(
            action="tier0.assessed",
            obj=ticket,
            actor_label="system:tier0",
            after={
                "assessment": locked.pk,
                "intent": locked.intent,
                "confidence": round(locked.confidence, 4),
                "decision": locked.decision,
                "article": locked.article,
                "social_engineering_risk": locked.social_engineering_risk,
                "distress": locked.distress,
            },
        )
    return locked


def assessment_skip(*, assessment_id: int, why: str, now: dt.datetime | None = None) -> bool:
    """Route a case whose first message tier 0 could not read, as if tier 0 were off, with the reason on
    the timeline; False when it was no longer pending."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("default_team")
            .filter(pk=assessment_id, state=AssessmentState.PENDING)
            .first()
        )
        if assessment is None:
            return False
        _chat_lock(assessment.ticket_id)
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=assessment.ticket_id)
        assessment.state = AssessmentState.SKIPPED
        assessment.why = why[:300]
        assessment.save(update_fields=["state", "why"])
        if assessment.first and assessment.route and ticket.team_id is None:
            ticket_route(ticket=ticket, now=now, push=assessment.push, default_team=assessment.default_team)
            sla_recompute(ticket=ticket, now=now)
        delivery.release(ticket=ticket, now=now)
        timeline_event_add(ticket, "tier0_skipped", assessment=assessment.pk, why=why[:300])
    return True


def assessments_stalled_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Readings lost on their way to a worker are queued again; those pending past
    ASSISTANT_GIVE_UP_SECONDS, or tried MAX_ATTEMPTS times, are routed without tier 0. (queued, skipped)"""
    from assistant.steps import assessment_queue

    now = now or timezone.now()
    give_up = dt.timedelta(seconds=getattr(settings, "ASSISTANT_GIVE_UP_SECONDS", 120))
    pending = list(
        Assessment.objects.filter(state=AssessmentState.PENDING, created_at__lt=now - REQUEUE_AFTER)
        .order_by("created_at")
        .values_list("pk", "created_at", "attempts")[:limit]
    )
    queued = skipped = 0
    for pk, created_at, attempts in pending:
        if created_at < now - give_up or attempts >= MAX_ATTEMPTS:
            skipped += assessment_skip(
                assessment_id=pk, why="tier 0 did not read the message in time", now=now
            )
        else:
            with transaction.atomic():
                assessment_queue(pk)
            queued += 1
    return queued, skipped


def assessment_failed(*, assessment_id: int, error: BaseException) -> bool:
    """The engine or the decision raised: the case is routed without tier 0 at once, never left waiting."""
    logger.error("tier 0 failed on assessment %s", assessment_id, exc_info=error)
    return assessment_skip(assessment_id=assessment_id, why=f"tier 0 failed ({type(error).__name__})")


def assessment_outcome(*, assessment: Assessment, outcome: str, now: dt.datetime | None = None) -> Assessment:
    """What the customer said about an answer: it solved it, or they want a person. Only the first
    outcome counts; asking for a person is never refused (the caller hands the case over)."""
    if outcome not in Outcome.values or not outcome:
        raise DomainError(gettext("Unknown outcome."), code="bad_request")
    now = now or timezone.now()
    updated = Assessment.objects.filter(pk=assessment.pk, outcome="").update(outcome=outcome, outcome_at=now)
    if updated:
        assessment.outcome, assessment.outcome_at = outcome, now
        timeline_event_add(assessment.ticket, "tier0_outcome", assessment=assessment.pk, outcome=outcome)
    return assessment


def assessment_correct(*, assessment: Assessment, intent: str, actor: User) -> Assessment:
    """An agent says what the message was really about: the correction is stored on the assessment, on
    the timeline and in the audit log, and the message joins the example bank (`tier0_train`)."""
    if intent not in INTENTS:
        raise DomainError(gettext("Choose one of the taxonomy's intents."), code="bad_request")
    if assessment.state != AssessmentState.DONE or assessment.entry_id is None:
        raise DomainError(gettext("Tier 0 has not read this message."), code="conflict")
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("entry", "ticket")
            .get(pk=assessment.pk)
        )
        before = locked.corrected_intent or locked.intent
        locked.corrected_intent = intent
        locked.corrected_by = actor
        locked.corrected_at = now
        locked.save(update_fields=["corrected_intent", "corrected_by", "corrected_at"])
        text = entry_text(locked.entry) if locked.entry else ""
        Example.objects.update_or_create(
            assessment=locked,
            defaults={
                "text": text[:4000],
                "intent": intent,
                "language": locked.language,
                "added_by": actor,
                "created_at": now,
            },
        )
        timeline_event_add(
            locked.ticket, "tier0_corrected", actor=actor, assessment=locked.pk, before=before, after=intent
        )
        audit_record(
            action="tier0.corrected",
            obj=locked.ticket,
            actor=actor,
            before={"intent": before},
            after={"intent": intent, "assessment": locked.pk},
        )
    return locked


def latest_assessment(ticket: Ticket) -> Assessment | None:
    return Assessment.objects.filter(ticket=ticket).order_by("-id").first()


def reading_as_facts(assessment: Assessment) -> dict[str, Any]:
    """The stored reading, as the panel and the API show it."""
    return {
        "intent": assessment.final_intent,
        "confidence": assessment.confidence,
        "threshold": assessment.threshold,
        "language": assessment.language,
        "specialty": assessment.specialty,
        "priority": assessment.priority,
        "distress": assessment.distress,
        "social_engineering_risk": assessment.social_engineering_risk,
        "reasons": assessment.reasons,
        "decision": assessment.decision,
        "why": assessment.why,
    }
