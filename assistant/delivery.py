"""How tier 0's message reaches the customer: through the case's own channel.

Contract:

    BOT_USERNAME = "assistant"
    deliver(*, ticket, assessment, decision, now) -> TimelineEntry | None
        In the caller's transaction (the ticket row is locked). Posts `decision.reply` as the assistant
        (a system identity). Chat: a numbered chat message with the choices "this solved it" / "talk to
        a person" when it answers, and the conversation stays with tier 0; on a hand-off the
        conversation is released to the agents' offers. Email, web form, API: a public reply (mail's
        outbox sends it), and an answered case is set pending on the customer.
    release(*, ticket, now) -> None
        A chat held by tier 0 goes to the agents' offers; a new email's acknowledgement held for tier 0
        goes out as usual (tier 0 could not decide); nothing for other channels.

What the visitor of a chat says back about an answer is here too: `chat_solved` ("yes, this solved
it": the chat ends and the case is solved by tier 0) and `chat_person` ("talk to a person": never
refused, the chat joins the agents' offers at once with everything the visitor said on the ticket).

Tier 0 speaks as "Assistant", a system identity like incident mode's "Status updates": inactive, so it
never signs in, is never offered work and is in no team's roster; the audit log tells its messages from
a person's at a glance. Before a chat message goes out the conversation's row is locked and its state
read again: tier 0 never writes over an agent who has taken the chat, nor into one that has ended.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import system_user
from assistant.handoff import handoff_notice
from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from assistant.types import Decision
from audit.services import audit_record
from casework.services import ticket_reply
from helpdesk.errors import DomainError
from livechat import events
from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_assistant_release, chat_end
from mail.services.outbound import acknowledgement_held, acknowledgement_release
from routing.services import assignment_push
from sla.services import sla_recompute
from tickets.models import Channel, Status, Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

BOT_USERNAME = "assistant"
ACTOR_LABEL = "system:tier0"
# Under an answer in the chat widget: "Yes, this solved it" and "Talk to a person".
CHOICES = ["solved", "person"]


def assistant_bot() -> User:
    """The system author of tier 0's messages."""
    return system_user(username=BOT_USERNAME, name="Assistant")


# --- Delivering a decision ---------------------------------------------------------------------


def deliver(
    *, ticket: Ticket, assessment: Assessment, decision: Decision, now: dt.datetime
) -> TimelineEntry | None:
    conversation = None
    if ticket.channel == Channel.CHAT:
        conversation = (
            Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket.pk).first()
        )
    if conversation is not None:
        entry = _chat_deliver(conversation, ticket, assessment, decision, now)
    elif ticket.channel == Channel.EMAIL:
        entry = _email_deliver(ticket, assessment, decision, now)
    else:
        entry = _reply_deliver(ticket, decision)
    # The reply changed the status (pending) and a release may have moved the case (overflow): the
    # caller recomputes the SLA clock with this object next.
    ticket.refresh_from_db()
    return entry


def release(*, ticket: Ticket, now: dt.datetime) -> None:
    if ticket.channel == Channel.CHAT:
        conversation_id = (
            Conversation.objects.filter(ticket_id=ticket.pk, with_assistant=True)
            .values_list("pk", flat=True)
            .first()
        )
        if conversation_id is not None:
            chat_assistant_release(conversation_id=conversation_id, now=now)
            ticket.refresh_from_db()
    elif ticket.channel == Channel.EMAIL:
        # Tier 0 could not decide (skipped, failed): the acknowledgement it held goes out as usual.
        acknowledgement_release(ticket=ticket)


def _chat_deliver(
    conversation: Conversation, ticket: Ticket, assessment: Assessment, decision: Decision, now: dt.datetime
) -> TimelineEntry | None:
    # Read under the row lock: an agent who accepted, or a visitor who asked for a person, a moment
    # ago has the chat now, and tier 0 stays silent.
    if conversation.status in (ConversationStatus.ACTIVE, ConversationStatus.ENDED):
        return None
    if not conversation.with_assistant:
        return None
    if decision.answers:
        return _chat_post(
            conversation,
            ticket=ticket,
            body=decision.reply,
            client_id=f"tier0-{assessment.pk}",
            tier0={"assessment": assessment.pk, "choices": CHOICES, "article_url": decision.article_url},
            status=Status.PENDING,
        )
    entry = None
    if decision.reply:
        entry = _chat_post(
            conversation,
            ticket=ticket,
            body=decision.reply,
            client_id=f"tier0-{assessment.pk}",
            tier0={"assessment": assessment.pk, "choices": [], "article_url": ""},
            status=Status.OPEN if ticket.status == Status.PENDING else None,
        )
    chat_assistant_release(conversation_id=conversation.pk, now=now)
    return entry


def _bot_reply(
    *,
    ticket: Ticket,
    body: str,
    notice: bool,
    status: str | None = None,
    seq: int | None = None,
    client_id: str = "",
) -> TimelineEntry:
    """A public reply by the assistant. A hand-off notice says who will answer; it answers nothing,
    so it does not count as the case's first response (the SLA target keeps running for a person)."""
    return ticket_reply(
        ticket=ticket,
        author=assistant_bot(),
        body=body,
        status=status,
        seq=seq,
        client_id=client_id,
        responds=not notice,
    )


def _chat_post(
    conversation: Conversation,
    *,
    ticket: Ticket,
    body: str,
    client_id: str,
    tier0: dict[str, object],
    status: str | None = None,
) -> TimelineEntry:
    """The next numbered message of the chat, as the assistant, pushed to the widget after commit."""
    stored = TimelineEntry.objects.filter(ticket_id=ticket.pk, client_id=client_id).first()
    if stored is not None:
        return stored
    seq = conversation.last_seq + 1
    entry = _bot_reply(
        ticket=ticket, body=body, notice=not tier0.get("choices"), status=status, seq=seq, client_id=client_id
    )
    entry.data = {**(entry.data or {}), "tier0": tier0}
    entry.save(update_fields=["data"])
    conversation.last_seq = seq
    conversation.save(update_fields=["last_seq"])
    message = events.message_data(entry, conversation.pk, attachments=[])
    events.publish_on_commit(
        events.chat_group(conversation.pk), {"type": "chat.message_posted", "message": message}
    )
    return entry


def _email_deliver(
    ticket: Ticket, assessment: Assessment, decision: Decision, now: dt.datetime
) -> TimelineEntry | None:
    """A new email case: the acknowledgement mail held for tier 0 carries its answer, or the usual
    words with who will answer and when. A customer's reply after an answer: a reply by email."""
    held = acknowledgement_held(ticket=ticket)
    if decision.answers:
        if assessment.first and not held.allowed:
            # The answer would go out as the acknowledgement, and none may go out now (the mailbox
            # sends none, the sender is automatic, or too many went to this address this hour): a
            # person answers instead.
            timeline_event_add(ticket, "tier0_answer_not_sent", assessment=assessment.pk, reason=held.reason)
            if ticket.assignee_id is None:
                assignment_push(ticket=ticket, now=now)
            return None
        # The answer already ends with "reply to this message to reach a person" in its language
        # (assistant.answers). Mail's receiver puts it in the outbox; a held acknowledgement is this mail.
        return ticket_reply(ticket=ticket, author=assistant_bot(), body=decision.reply, status=Status.PENDING)
    if held.held:
        acknowledgement_release(ticket=ticket, notice=decision.reply)
        return None
    if not assessment.first and decision.reply:
        return _bot_reply(
            ticket=ticket,
            body=decision.reply,
            notice=True,
            status=Status.OPEN if ticket.status == Status.PENDING else None,
        )
    return None


def _reply_deliver(ticket: Ticket, decision: Decision) -> TimelineEntry | None:
    """Web form, API (and any other channel): a public reply on the ticket."""
    if decision.answers:
        return ticket_reply(ticket=ticket, author=assistant_bot(), body=decision.reply, status=Status.PENDING)
    if decision.reply and ticket.customer.email:
        return _bot_reply(
            ticket=ticket,
            body=decision.reply,
            notice=True,
            status=Status.OPEN if ticket.status == Status.PENDING else None,
        )
    return None


# --- What the visitor says back in the chat ------------------------------------------------------


def _locked_chat(conversation_id: int) -> Conversation:
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("ticket__customer")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise DomainError(_("No such chat."), code="not_found")
    return conversation


def chat_solved(
    *, conversation_id: int, assessment_id: object, now: dt.datetime | None = None
) -> Conversation:
    """The visitor says tier 0's answer solved it: the chat ends and its case is solved by tier 0."""
    now = now or timezone.now()
    if not isinstance(assessment_id, int) or isinstance(assessment_id, bool):
        raise DomainError(_("Say which answer solved it."))
    with transaction.atomic():
        conversation = _locked_chat(conversation_id)
        assessment = (
            Assessment.objects.select_related("ticket")
            .filter(pk=assessment_id, ticket_id=conversation.ticket_id, decision=DecisionKind.ANSWER)
            .first()
        )
        if assessment is None:
            raise DomainError(_("No such answer in this chat."), code="not_found")
        if conversation.status == ConversationStatus.ENDED:
            return conversation
        if not conversation.with_assistant:
            raise DomainError(_("A person has this chat now."), code="taken")
        assessment_outcome_record(assessment, Outcome.SOLVED, now)
        audit_record(
            action="tier0.solved",
            obj=assessment.ticket,
            actor_label=ACTOR_LABEL,
            after={"assessment": assessment.pk, "article": assessment.article},
        )
        conversation = chat_end(conversation_id=conversation.pk, actor=assistant_bot())
    return conversation


def chat_person(*, conversation_id: int, now: dt.datetime | None = None) -> Conversation:
    """The visitor asks for a person: never refused. The chat joins the agents' offers now, and the
    visitor is told who will answer and when. A chat already with the agents stays as it is."""
    from assistant.services import assessment_skip

    now = now or timezone.now()
    with transaction.atomic():
        conversation = _locked_chat(conversation_id)
        if conversation.status == ConversationStatus.ENDED:
            raise DomainError(_("This chat has ended."), code="closed")
        if not conversation.with_assistant:
            return conversation
        latest = Assessment.objects.filter(ticket_id=conversation.ticket_id).order_by("-id").first()
        language = conversation.language
        if latest is not None and latest.state == AssessmentState.PENDING:
            # Tier 0 is still reading: the case is routed without waiting for it, and handed over.
            assessment_skip(assessment_id=latest.pk, why="the visitor asked for a person", now=now)
        elif latest is not None and latest.decision == DecisionKind.ANSWER:
            assessment_outcome_record(latest, Outcome.PERSON, now)
            language = latest.language or language
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=conversation.ticket_id)
        chat_assistant_release(conversation_id=conversation.pk, now=now)
        ticket.refresh_from_db()
        conversation.refresh_from_db()
        notice = handoff_notice(ticket=ticket, language=language, now=now)
        assessment_pk = latest.pk if latest is not None else None
        if notice and conversation.status != ConversationStatus.ENDED:
            _chat_post(
                conversation,
                ticket=ticket,
                body=notice,
                client_id=f"tier0-person-{assessment_pk or 0}",
                tier0={"assessment": assessment_pk, "choices": [], "article_url": ""},
                status=Status.OPEN if ticket.status == Status.PENDING else None,
            )
        ticket.refresh_from_db()
        sla_recompute(ticket=ticket, now=now)
        timeline_event_add(ticket, "tier0_person_requested", assessment=assessment_pk)
        audit_record(
            action="tier0.person_requested",
            obj=ticket,
            actor_label=ACTOR_LABEL,
            after={"assessment": assessment_pk, "conversation": conversation.pk},
        )
    return conversation


def assessment_outcome_record(assessment: Assessment, outcome: str, now: dt.datetime) -> None:
    from assistant.services import assessment_outcome

    assessment_outcome(assessment=assessment, outcome=outcome, now=now)
