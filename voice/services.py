"""Every write of the phone channel: a call's steps as Twilio reports them, the ticket each call lands
on (through the intake pipeline), callbacks, and what agents do (answer, call back, their phone).

Calls to Twilio's REST API never happen here: they go into the messaging outbox (`outbound_queue`),
sent after commit and retried while Twilio is down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from assistant.steps import assistant_paused
from audit.services import audit_record
from casework.services import ticket_assign
from customers.models import mask_phone
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add, ticket_open
from messaging.models import ChannelAccount, ChannelMessage, Contact, Direction, MessageStatus
from messaging.services import contact_resolve, outbound_queue
from notifications.models import Kind
from notifications.services import Draft, notifications_create
from routing.config import routing_config
from routing.models import TeamMembership
from routing.services.decide import team_on_shift, vip_policy
from tickets.models import UNRESOLVED, Category, Channel, Status, Ticket, TimelineEntry
from voice.ivr import ivr_language
from voice.models import AgentLine, Call, Callback, CallbackOutcome, CallbackStatus, CallStatus

# Twilio's final call statuses (a status callback with one of these: the call is over).
FINAL = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
PHONE_NUMBER_MAX = 32


def event_once(account: ChannelAccount, event_key: str) -> bool:
    """Store a webhook's key (messaging's replay guard); False when it was stored before."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO messaging_webhookevent (account_id, event_key, received_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (account_id, event_key) DO NOTHING RETURNING id",
            [account.pk, event_key[:200], timezone.now()],
        )
        return cursor.fetchone() is not None


def callback_max_attempts() -> int:
    """After this many attempts that did not reach the customer, a callback is flagged."""
    return max(1, int(getattr(settings, "VOICE_CALLBACK_MAX_ATTEMPTS", 3)))


def callback_due_after() -> dt.timedelta:
    """The callback SLA: how soon a caller who asked to be called back must be."""
    return dt.timedelta(minutes=int(getattr(settings, "VOICE_CALLBACK_SLA_MINUTES", 30)))


# --- A call's steps, as Twilio reports them -------------------------------------------------------


def caller_contact(*, account: ChannelAccount, from_number: str, name: str = "") -> Contact:
    """The caller as a contact of the account: matched to the exchange's customer only when the
    exchange vouches that this number is theirs (messaging.services.contact_resolve asks it, outside
    any transaction)."""
    # A caller who gives no name is not named by their number: a name is shown unmasked everywhere.
    name = name or _("Caller %(number)s") % {"number": mask_phone(from_number)}
    return contact_resolve(account, sender_id=from_number, name=name, phone=from_number)


def call_start(*, account: ChannelAccount, sid: str, contact: Contact, now: dt.datetime) -> Call:
    """A call rings: it is recorded with what the menu needs (the caller's language when known, the
    VIP rank the queue orders by)."""
    customer = contact.customer
    known = contact.verified or contact.linked_by_id is not None
    language = ivr_language(contact.language) or (ivr_language(customer.language) if known else None)
    rank, _boost = vip_policy(customer.vip_level)
    return Call.objects.create(
        account=account,
        sid=sid,
        contact=contact,
        customer=customer,
        team_id=account.team_id,
        from_number=contact.external_id[:PHONE_NUMBER_MAX],
        language=language or "",
        vip_rank=rank,
        created_at=now,
    )


def call_language_set(*, call: Call, language: str) -> None:
    """The caller picked a language: this call and the caller's next ones speak it."""
    call.language = language
    call.save(update_fields=["language"])
    Contact.objects.filter(pk=call.contact_id).update(language=language)


def team_open(team_id: int | None, now: dt.datetime) -> bool:
    """Whether the team the call is for works now (its shifts and holidays, as routing reads them);
    a call for no team is always taken."""
    if team_id is None:
        return True
    team = next((t for t in routing_config().teams if t.pk == team_id), None)
    return True if team is None else team_on_shift(team, now)


def call_topic_set(*, call: Call, category: str, now: dt.datetime) -> bool:
    """The caller picked a topic: the call lands on their ticket, then waits for an agent, or, out of
    the team's hours, goes to voicemail. True when the caller waits in the queue."""
    call.category = category
    call_ticket(call=call, now=now)
    if team_open(call.team_id, now):
        call.status = CallStatus.WAITING
        call.queued_at = now
    else:
        call.status = CallStatus.VOICEMAIL
    call.save(update_fields=["category", "status", "queued_at", "ticket", "entry", "team"])
    return call.status == CallStatus.WAITING


def callback_data(callback: Callback) -> dict[str, Any]:
    """A callback as its call's timeline entry keeps it."""
    return {
        "status": callback.status,
        "attempts": callback.attempts,
        "failed_attempts": callback.failed_attempts,
        "outcome": callback.outcome,
        "duration": callback.duration,
        "flagged": callback.flagged_at is not None,
    }


def call_data(call: Call) -> dict[str, Any]:
    """The call as its timeline entry keeps it (the number is masked when shown: voice_tags)."""
    return {
        "sid": call.sid,
        "from": call.from_number,
        "status": call.status,
        "topic": call.category,
        "duration": call.duration,
        "recording_url": call.recording_url,
        "recording_duration": call.recording_duration,
        "transcription": call.transcription,
        "voicemail": call.voicemail,
    }


def call_ticket(*, call: Call, now: dt.datetime) -> Ticket:
    """The caller's open phone ticket gets the call as a new entry; without one, a ticket is opened
    through the intake pipeline (routing, SLA). Tier 0 does not read a call: nobody can answer a
    caller on the line with an article."""
    if call.ticket_id is not None:
        return call.ticket  # type: ignore[return-value]
    language = call.language or call.account.language
    labels = dict(Category.choices)
    with translation.override(language):
        topic = str(labels.get(call.category or Category.OTHER, labels[Category.OTHER]))
        body = _("Phone call: %(topic)s") % {"topic": topic}
    data = {"call": call_data(call)}
    existing = (
        Ticket.objects.filter(customer_id=call.customer_id, channel=Channel.PHONE, status__in=UNRESOLVED)
        .order_by("-id")
        .first()
    )
    if existing is not None:
        entry = customer_message_add(ticket=existing, body=body, channel=Channel.PHONE, entry_data=data)
        ticket = existing
    else:
        with assistant_paused():
            ticket = ticket_open(
                customer=call.customer,
                subject=body,
                body=body,
                channel=Channel.PHONE,
                category=call.category or Category.OTHER,
                language=language,
                default_team=call.account.team,
                entry_data=data,
            )
        entry = TimelineEntry.objects.filter(ticket=ticket).only("pk").order_by("id").first()  # type: ignore[assignment]
    call.ticket = ticket
    call.entry = entry
    call.team_id = ticket.team_id or call.team_id
    # The call is the contact's inbound message on this channel: the ticket page's channel panel (who
    # called, verified or not, Link to customer) reads the ticket's last one.
    ChannelMessage.objects.create(
        direction=Direction.IN,
        account_id=call.account_id,
        contact_id=call.contact_id,
        ticket=ticket,
        entry=entry,
        provider_message_id=call.sid,
        status=MessageStatus.RECEIVED,
        created_at=now,
    )
    Contact.objects.filter(pk=call.contact_id).update(ticket=ticket, last_inbound_at=now)
    return ticket


def _entry_sync(call: Call, callback: Callback | None = None) -> None:
    """The call's timeline entry follows the call (its data is what the timeline shows), and its
    callback when one is given (otherwise the callback's last state stays as it was)."""
    if call.entry_id is None:
        return
    entry = TimelineEntry.objects.select_for_update().only("pk", "data").filter(pk=call.entry_id).first()
    if entry is None:
        return
    data = dict(entry.data or {})
    kept = (data.get("call") or {}).get("callback")
    data["call"] = call_data(call)
    if callback is not None or kept:
        data["call"]["callback"] = callback_data(callback) if callback is not None else kept
    TimelineEntry.objects.filter(pk=entry.pk).update(data=data)


def callback_request(*, call: Call, now: dt.datetime) -> Callback:
    """A waiting caller pressed the callback key: they leave the queue, and a callback is due within
    the callback SLA."""
    callback, _created = Callback.objects.get_or_create(
        call=call, defaults={"requested_at": now, "due_at": now + callback_due_after()}
    )
    call.status = CallStatus.CALLBACK
    call.save(update_fields=["status"])
    _entry_sync(call, callback)
    return callback


def call_ended(*, call: Call, twilio_status: str, duration: int | None, now: dt.datetime) -> None:
    """Twilio says the call is over. A caller who hung up before anyone answered leaves a missed
    call on their ticket (opened for it if they hung up in the menu)."""
    if twilio_status not in FINAL:
        return
    call.ended_at = now
    call.duration = duration
    if call.status in (CallStatus.MENU, CallStatus.WAITING):
        call.status = CallStatus.MISSED
    elif call.status == CallStatus.CONNECTING:
        call.status = CallStatus.ENDED
    if call.ticket_id is None:
        call_ticket(call=call, now=now)
    call.save(update_fields=["ended_at", "duration", "status", "ticket", "entry", "team"])
    _entry_sync(call)


def call_recording_set(*, call: Call, url: str, duration: int | None, voicemail: bool = False) -> None:
    call.recording_url = url[:500]
    call.recording_duration = duration
    call.voicemail = call.voicemail or voicemail
    call.save(update_fields=["recording_url", "recording_duration", "voicemail"])
    _entry_sync(call)


def call_transcription_set(*, call: Call, text: str) -> None:
    call.transcription = text[:20000]
    call.save(update_fields=["transcription"])
    _entry_sync(call)


# --- What agents do -------------------------------------------------------------------------------


def agent_phone(user: User) -> str:
    line = AgentLine.objects.filter(user=user).only("phone").first()
    if line is None or not line.phone:
        raise DomainError(_("Set the phone number you take calls on first."), code="no_phone")
    return line.phone


def agent_line_set(*, user: User, phone: str) -> AgentLine:
    """The phone an agent takes calls on, in international format."""
    phone = "".join(phone.split())
    if not (phone.startswith("+") and phone[1:].isdigit() and 8 <= len(phone) <= 16):
        raise DomainError(_("Give the number in international format, such as +442071234567."))
    with transaction.atomic():
        line, _created = AgentLine.objects.update_or_create(user=user, defaults={"phone": phone})
        audit_record(action="voice.agent_line_set", obj=line, actor=user, after={"phone": phone})
    return line


def recording_callback_url(call: Call) -> str:
    from voice.hooks import hook_url

    return hook_url(call.account, "recording")


@dataclass(frozen=True)
class Answered:
    call: Call
    # Who keeps the call's ticket when it was another agent's already (the answering agent does not
    # take it over); None when the ticket is now the answering agent's, or there is none to take.
    kept_by: User | None = None


def _ticket_to_answering_agent(*, call: Call, agent: User) -> User | None:
    """The agent who answers a caller takes their ticket, as Take does (the single-ticket assignment:
    timeline, audit, the clock), when they may work on it and nobody has it. A ticket another agent
    has stays theirs: that agent is returned, for the answering agent to be told."""
    if call.ticket_id is None:
        return None
    ticket = (
        Ticket.objects.visible_to(agent)
        .select_for_update(of=("self",))
        .select_related("assignee")
        .filter(pk=call.ticket_id)
        .first()
    )
    if ticket is None or ticket.status == Status.CLOSED:
        return None
    if ticket.assignee_id is not None and ticket.assignee_id != agent.pk:
        return ticket.assignee
    if ticket.assignee_id is None:
        ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    return None


def call_answer(*, call_id: int, agent: User, now: dt.datetime | None = None) -> Answered:
    """An agent takes a waiting caller: Twilio is asked (through the outbox) to put the call through
    to the agent's phone, and the caller's ticket becomes the agent's unless another agent has it.
    One agent only: the call leaves "waiting" in the same statement."""
    now = now or timezone.now()
    phone = agent_phone(agent)
    with transaction.atomic():
        taken = Call.objects.filter(pk=call_id, status=CallStatus.WAITING).update(
            status=CallStatus.CONNECTING, answered_by=agent, answered_at=now
        )
        call = Call.objects.select_related("account", "contact", "ticket").get(pk=call_id)
        if not taken:
            raise DomainError(_("This caller is no longer waiting."), code="conflict")
        outbound_queue(
            account=call.account,
            contact=call.contact,
            ticket=call.ticket,
            operation="call_redirect",
            payload={
                "call_sid": call.sid,
                "agent_phone": phone,
                "recording_callback": recording_callback_url(call),
            },
        )
        kept_by = _ticket_to_answering_agent(call=call, agent=agent)
        audit_record(
            action="voice.call_answered",
            obj=call,
            actor=agent,
            after={"ticket": call.ticket_id, "ticket_kept_by": kept_by.pk if kept_by else None},
        )
        _entry_sync(call)
    return Answered(call=call, kept_by=kept_by)


def callback_start(*, callback_id: int, agent: User, now: dt.datetime | None = None) -> Callback:
    """An agent calls a customer back: Twilio rings the agent's phone, then dials the customer."""
    now = now or timezone.now()
    phone = agent_phone(agent)
    with transaction.atomic():
        callback = (
            Callback.objects.select_for_update(of=("self",))
            .select_related("call__account", "call__contact", "call__ticket")
            .filter(pk=callback_id)
            .first()
        )
        if callback is None or callback.status == CallbackStatus.DONE:
            raise DomainError(_("This callback is done."), code="conflict")
        call = callback.call
        callback.attempts += 1
        callback.message = outbound_queue(
            account=call.account,
            contact=call.contact,
            ticket=call.ticket,
            operation="call_create",
            payload={
                "agent_phone": phone,
                "callback": callback.pk,
                # Where Twilio reports how this attempt ended (the call's status, and the customer's
                # leg as <Dial>'s action): the attempt's number keeps an earlier one's late report out.
                "status_callback": callback_status_url(callback),
            },
        )
        callback.status = CallbackStatus.CALLING
        callback.called_by = agent
        callback.called_at = now
        # The outcome shown is the current attempt's: none yet (the earlier ones' are in the audit log).
        callback.outcome, callback.duration = "", None
        callback.save(
            update_fields=["attempts", "message", "status", "called_by", "called_at", "outcome", "duration"]
        )
        _entry_sync(call, callback)
        audit_record(
            action="voice.callback_started",
            obj=callback,
            actor=agent,
            after={"ticket": call.ticket_id, "attempt": callback.attempts},
        )
    return callback


def callback_status_url(callback: Callback) -> str:
    from voice.hooks import hook_url

    return hook_url(callback.call.account, "callback-status", callback=callback.pk, attempt=callback.attempts)


# The customer's leg as <Dial>'s action reports it ("answered" on some carriers' bridged calls).
DIAL_OUTCOMES = {
    "completed": CallbackOutcome.COMPLETED,
    "answered": CallbackOutcome.COMPLETED,
    "no-answer": CallbackOutcome.NO_ANSWER,
    "busy": CallbackOutcome.BUSY,
    "failed": CallbackOutcome.FAILED,
    "canceled": CallbackOutcome.CANCELED,
}


def callback_attempt_ended(
    *,
    account: ChannelAccount,
    callback_id: int,
    attempt: int,
    call_sid: str,
    twilio_status: str,
    customer_leg: bool,
    duration: int | None,
    now: dt.datetime | None = None,
) -> Callback | None:
    """Twilio reports how an attempt to call back ended. The customer's leg (<Dial>'s action) decides;
    the call's own status decides when the agent's phone did not answer (no dial then), or when no
    dial result came. Reached: the callback is done, with the conversation's duration. Otherwise it
    goes back to the queue with the outcome recorded, and after VOICE_CALLBACK_MAX_ATTEMPTS attempts
    that did not reach the customer it is flagged. A report of an earlier attempt, of another call or
    of a callback already decided changes nothing (None)."""
    now = now or timezone.now()
    if customer_leg:
        outcome = DIAL_OUTCOMES.get(twilio_status, CallbackOutcome.FAILED)
    elif twilio_status not in FINAL:
        return None
    else:
        outcome = CallbackOutcome.COMPLETED if twilio_status == "completed" else CallbackOutcome.AGENT_MISSED
    callback = (
        Callback.objects.select_for_update(of=("self",))
        .select_related("call", "message")
        .filter(pk=callback_id, call__account=account)
        .first()
    )
    if callback is None or callback.attempts != attempt or callback.status != CallbackStatus.CALLING:
        return None
    placed = callback.message.provider_message_id if callback.message is not None else ""
    if placed and placed != call_sid:
        return None
    before = {"status": callback.status, "failed_attempts": callback.failed_attempts}
    callback.outcome = outcome
    if outcome == CallbackOutcome.COMPLETED:
        callback.status = CallbackStatus.DONE
        callback.duration = duration
    else:
        callback.status = CallbackStatus.WAITING
        # The agent's phone not answering says nothing of the customer: it is not held against them.
        if outcome != CallbackOutcome.AGENT_MISSED:
            callback.failed_attempts += 1
        if callback.failed_attempts >= callback_max_attempts() and callback.flagged_at is None:
            callback.flagged_at = now
    callback.save(update_fields=["status", "outcome", "duration", "failed_attempts", "flagged_at"])
    audit_record(
        action="voice.callback_attempt_ended",
        obj=callback,
        actor=None,
        actor_label="system:voice",
        before=before,
        after={
            "status": callback.status,
            "outcome": outcome,
            "attempt": attempt,
            "duration": callback.duration,
            "failed_attempts": callback.failed_attempts,
            "flagged": callback.flagged_at is not None,
        },
    )
    _entry_sync(callback.call, callback)
    return callback


def callback_done(*, callback_id: int, agent: User) -> Callback:
    """The agent reached the customer (or gave up): the callback leaves the queue."""
    with transaction.atomic():
        callback = (
            Callback.objects.select_for_update(of=("self",))
            .select_related("call")
            .filter(pk=callback_id)
            .first()
        )
        if callback is None:
            raise DomainError(_("No such callback."), code="not_found")
        before = callback.status
        callback.status = CallbackStatus.DONE
        callback.called_by = callback.called_by or agent
        callback.called_at = callback.called_at or timezone.now()
        callback.save(update_fields=["status", "called_by", "called_at"])
        _entry_sync(callback.call, callback)
        audit_record(
            action="voice.callback_done",
            obj=callback,
            actor=agent,
            before={"status": before},
            after={"status": "done"},
        )
    return callback


# --- The overdue sweep ----------------------------------------------------------------------------

SWEEP_BATCH = 200


def callbacks_overdue_sweep(*, now: dt.datetime | None = None) -> int:
    """Callbacks past their due time still waiting are marked overdue once, and the people who answer
    for them told: the ticket's assignee, else the leads of the call's team, else its members. Rows
    another sweep holds are skipped, so two sweeps at once tell nobody twice."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Callback.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=CallbackStatus.WAITING, overdue_at__isnull=True, due_at__lte=now)
            .select_related("call__ticket")
            .order_by("due_at")[:SWEEP_BATCH]
        )
        if not due:
            return 0
        Callback.objects.filter(pk__in=[c.pk for c in due]).update(overdue_at=now)
        team_ids = {c.call.team_id for c in due if c.call.team_id}
        members: dict[int, list[tuple[int, bool]]] = {}
        for team_id, user_id, lead in TeamMembership.objects.filter(team_id__in=team_ids).values_list(
            "team_id", "user_id", "is_lead"
        ):
            members.setdefault(team_id, []).append((user_id, lead))
        drafts = []
        for callback in due:
            ticket = callback.call.ticket
            if ticket is None:
                continue
            if ticket.assignee_id:
                recipients = [ticket.assignee_id]
            else:
                team = members.get(callback.call.team_id or 0, [])
                recipients = [u for u, lead in team if lead] or [u for u, _lead in team]
            drafts += [
                Draft(
                    recipient_id=r,
                    kind=Kind.SLA_BREACHED,
                    ticket_id=ticket.pk,
                    target=f"callback:{callback.pk}",
                )
                for r in recipients
            ]
        notifications_create(drafts=drafts)
    return len(due)
