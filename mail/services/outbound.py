"""Outbound mail: an outbox row written with the reply it carries, sent after commit by a worker.

The row is the promise: if the broker is down when the reply commits, the outbox sweep sends it
later; if the mail server refuses for a while, the task retries; a permanent refusal or a bounce is
shown on the ticket's timeline, so the agent knows the customer did not get the answer.
"""

import datetime as dt
import functools
import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

from audit.services import audit_record
from helpdesk.i18n import normalise_language, text_direction
from helpdesk.task_publish import TaskPublisher
from mail.bounces import bounce_address
from mail.models import (
    Direction,
    Mailbox,
    MailThread,
    MessageRef,
    OutboundKind,
    OutboundMessage,
    OutboundStatus,
)
from mail.notices import notice_text
from mail.parsing import ParsedMessage, html_to_text, storable
from mail.services.threads import default_sender_address, message_ref, message_refs_add, thread_advance
from tickets.models import BodyFormat, Ticket, TimelineEntry
from tickets.templatetags.timeline import render_body
from tickets.timeline import timeline_event_add

log = logging.getLogger(__name__)

# At most this many acknowledgements to one address per hour: an autoresponder that hides what it
# is still cannot keep a loop going.
ACK_PER_HOUR = 3


class TransientSendError(Exception):
    """The mail server may take it later (4xx, connection trouble): the task retries."""


def _default_mailbox() -> Mailbox | None:
    return Mailbox.objects.filter(is_active=True).order_by("pk").first()


def _thread_for(ticket: Ticket) -> MailThread:
    thread, _created = MailThread.objects.select_for_update().get_or_create(
        ticket=ticket, defaults={"mailbox": _default_mailbox(), "reply_to": ticket.customer.email}
    )
    return thread


def _sender(mailbox: Mailbox | None) -> tuple[str, str]:
    """(From header, bare address)."""
    if mailbox is not None:
        return formataddr((mailbox.from_name, mailbox.address)), mailbox.address
    return settings.DEFAULT_FROM_EMAIL, default_sender_address()


def _new_message_id(ticket: Ticket, entry: TimelineEntry | None, address: str) -> str:
    domain = address.rsplit("@", 1)[-1] if "@" in address else "localhost"
    return f"hd.{ticket.pk}.{entry.pk if entry else 0}.{secrets.token_hex(8)}@{domain}"


def _subject(ticket: Ticket) -> str:
    base = re.sub(r"^\s*((re|fwd?|aw|wg|sv|tr)\s*:\s*)+", "", ticket.subject, flags=re.IGNORECASE)
    base = re.sub(rf"\s*\[{re.escape(ticket.reference)}\]", "", base, flags=re.IGNORECASE).strip()
    return f"Re: {base} [{ticket.reference}]"


def _frame(language: str) -> dict[str, str]:
    """The email's language and direction: ar and fa read right to left (docs/i18n.md)."""
    code = normalise_language(language) or "en"
    return {"language": code, "direction": text_direction(code)}


def reply_queue(*, ticket: Ticket, entry: TimelineEntry) -> OutboundMessage | None:
    """Put an agent's public reply on an email ticket in the outbox; runs in the reply's transaction.

    While the new ticket's acknowledgement is held for tier 0, the first reply takes its place: an
    automatic one (a system identity's, such as tier 0's answer) is sent as the acknowledgement, under
    its limits; a person's goes as the reply it is, and no acknowledgement follows."""
    thread = _thread_for(ticket)
    automatic = False
    if thread.acknowledgement_held:
        thread.acknowledgement_held = False
        thread.save(update_fields=["acknowledgement_held"])
        automatic = entry.author is not None and not entry.author.is_active
    to = thread.reply_to or ticket.customer.email
    if not to:
        timeline_event_add(
            ticket, "email_not_sent", reason="the customer has no email address", entry=entry.pk
        )
        return None
    if automatic and _acknowledgements_exhausted(ticket, thread):
        return None
    texts = notice_text(ticket.language)
    # The mail's HTML is the entry as agents see it on the timeline: sanitised, or escaped text.
    body_text = html_to_text(entry.body) if entry.body_format == BodyFormat.HTML else entry.body
    author = entry.author.display_name if entry.author else ""
    reference = texts.reference.format(reference=ticket.reference)
    text = f"{texts.marker}\n\n{body_text}\n\n-- \n{author}\n{reference}\n"
    html = render_to_string(
        "mail/reply.html",
        {
            "marker": texts.marker,
            "body": render_body(entry),
            "author": author,
            "reference": reference,
            **_frame(ticket.language),
        },
    )
    if automatic:
        timeline_event_add(ticket, "email_acknowledged", to=[to], entry=entry.pk)
    return _queue(
        ticket=ticket,
        entry=entry,
        thread=thread,
        kind=OutboundKind.ACKNOWLEDGEMENT if automatic else OutboundKind.REPLY,
        to=[to],
        subject=_subject(ticket),
        text=text,
        html=html,
        auto_submitted=automatic,
    )


def _acknowledgement_refused(thread: MailThread, parsed: ParsedMessage) -> bool:
    """Whether no acknowledgement goes out for this message at all: the mailbox sends none, the
    sender is automatic, or there is nobody to send it to."""
    mailbox = thread.mailbox
    if mailbox is not None and not mailbox.send_acknowledgement:
        return True
    return parsed.suppress_auto_response or not thread.reply_to


def _acknowledgements_recent(thread: MailThread) -> int:
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    return OutboundMessage.objects.filter(
        kind=OutboundKind.ACKNOWLEDGEMENT,
        created_at__gte=hour_ago,
        ticket__mail_thread__reply_to__iexact=thread.reply_to,
    ).count()


def _acknowledgements_exhausted(ticket: Ticket, thread: MailThread) -> bool:
    """ACK_PER_HOUR reached for this address: the skip is on the timeline."""
    if _acknowledgements_recent(thread) >= ACK_PER_HOUR:
        timeline_event_add(ticket, "email_acknowledgement_skipped", reason="rate limit")
        return True
    return False


def acknowledgement_queue(
    *, ticket: Ticket, thread: MailThread, parsed: ParsedMessage, refs: list[MessageRef] | None = None
) -> OutboundMessage | None:
    """Tell the customer their ticket's reference, in their language; never to automatic senders.
    With `refs`, the acknowledgement's Message-ID row is added to it for the caller to write with its
    own (`message_refs_add`), in one statement."""
    if _acknowledgement_refused(thread, parsed):
        return None
    return _acknowledgement_send(ticket=ticket, thread=thread, refs=refs)


def acknowledgement_hold(*, ticket: Ticket, thread: MailThread, parsed: ParsedMessage) -> bool:
    """Tier 0 reads the new ticket first: the acknowledgement, if one would go out, waits for its
    decision (`acknowledgement_release`, or tier 0's answer through `reply_queue`). True if held.
    A thread not stored yet (a new ticket's) is only marked: its INSERT, by the caller, carries it."""
    if _acknowledgement_refused(thread, parsed):
        return False
    thread.acknowledgement_held = True
    if not thread._state.adding:
        thread.save(update_fields=["acknowledgement_held"])
    return True


@dataclass(frozen=True)
class HeldAcknowledgement:
    held: bool
    # Held, and one may go out now (the hourly limit of the address is not reached).
    allowed: bool
    reason: str


def acknowledgement_held(*, ticket: Ticket) -> HeldAcknowledgement:
    """Whether the ticket's acknowledgement waits for tier 0, and whether it may go out now."""
    thread = MailThread.objects.select_for_update().filter(ticket=ticket).first()
    if thread is None or not thread.acknowledgement_held:
        return HeldAcknowledgement(held=False, allowed=False, reason="no acknowledgement is due")
    if _acknowledgements_recent(thread) >= ACK_PER_HOUR:
        return HeldAcknowledgement(held=True, allowed=False, reason="rate limit")
    return HeldAcknowledgement(held=True, allowed=True, reason="")


def acknowledgement_release(*, ticket: Ticket, notice: str = "") -> OutboundMessage | None:
    """Send the acknowledgement held for tier 0, as usual, with `notice` (who will answer and when)
    after its first paragraph. None if none was held (or the hourly limit stops it)."""
    thread = (
        MailThread.objects.select_for_update(of=("self",))
        .select_related("mailbox")
        .filter(ticket=ticket)
        .first()
    )
    if thread is None or not thread.acknowledgement_held:
        return None
    thread.acknowledgement_held = False
    thread.save(update_fields=["acknowledgement_held"])
    return _acknowledgement_send(ticket=ticket, thread=thread, notice=notice)


def _acknowledgement_send(
    *, ticket: Ticket, thread: MailThread, notice: str = "", refs: list[MessageRef] | None = None
) -> OutboundMessage | None:
    if _acknowledgements_exhausted(ticket, thread):
        return None
    texts = notice_text(ticket.language)
    body = texts.ack_body.format(reference=ticket.reference)
    if notice.strip():
        first, _sep, rest = body.partition("\n\n")
        body = f"{first}\n\n{notice.strip()}\n\n{rest}" if rest else f"{first}\n\n{notice.strip()}"
    subject = texts.ack_subject.format(reference=ticket.reference, subject=ticket.subject)[:300]
    text = f"{texts.marker}\n\n{body}\n"
    html = render_to_string(
        "mail/reply.html",
        {
            "marker": texts.marker,
            "body": mark_safe(linebreaks(escape(body))),  # noqa: S308
            "author": "",
            "reference": "",
            **_frame(ticket.language),
        },
    )
    timeline_event_add(ticket, "email_acknowledged", to=[thread.reply_to])
    return _queue(
        ticket=ticket,
        entry=None,
        thread=thread,
        kind=OutboundKind.ACKNOWLEDGEMENT,
        to=[thread.reply_to],
        subject=subject,
        text=text,
        html=html,
        auto_submitted=True,
        refs=refs,
    )


def transcript_queue(*, ticket: Ticket, to: str, subject: str, text: str) -> OutboundMessage:
    """Put a chat transcript the visitor asked for in the outbox; runs in the request's transaction.

    Sent like a reply (once, retried, swept if lost) but outside the ticket's mail thread, from
    DEFAULT_FROM_EMAIL: it answers nothing and an answer to it is not part of the chat.
    """
    address = default_sender_address()
    out = OutboundMessage.objects.create(
        ticket=ticket,
        entry=None,
        mailbox=None,
        kind=OutboundKind.TRANSCRIPT,
        from_address=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject=subject[:300],
        text=text,
        message_id=_new_message_id(ticket, None, address),
        created_at=timezone.now(),
    )
    _announce(out)
    return out


def survey_queue(*, ticket: Ticket, to: str, subject: str, text: str, html: str) -> OutboundMessage:
    """Put a satisfaction survey (csat/) in the outbox; runs in the caller's transaction.

    Sent like a transcript: once, retried, swept if lost, outside the ticket's mail thread (an answer
    to it is not a message on the case), and marked automatic so an autoresponder does not answer.
    """
    address = default_sender_address()
    out = OutboundMessage.objects.create(
        ticket=ticket,
        entry=None,
        mailbox=None,
        kind=OutboundKind.SURVEY,
        from_address=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject=subject[:300],
        text=text,
        html=html,
        auto_submitted=True,
        message_id=_new_message_id(ticket, None, address),
        created_at=timezone.now(),
    )
    _announce(out)
    return out


def _queue(
    *,
    ticket: Ticket,
    entry: TimelineEntry | None,
    thread: MailThread,
    kind: str,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    auto_submitted: bool,
    refs: list[MessageRef] | None = None,
) -> OutboundMessage:
    from_header, address = _sender(thread.mailbox)
    skip = {a.lower() for a in to} | {address.lower()}
    cc = [c for c in thread.cc if c.lower() not in skip] if kind == OutboundKind.REPLY else []
    message_id = _new_message_id(ticket, entry, address)
    out = OutboundMessage.objects.create(
        ticket=ticket,
        entry=entry,
        mailbox=thread.mailbox,
        kind=kind,
        from_address=from_header,
        to=to,
        cc=cc,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
        in_reply_to=thread.last_message_id,
        references=list(thread.references),
        auto_submitted=auto_submitted,
        created_at=timezone.now(),
    )
    ref = message_ref(ticket=ticket, message_id=message_id, direction=Direction.OUT)
    if refs is not None:
        refs.append(ref)
    else:
        message_refs_add([ref])
    if kind == OutboundKind.REPLY:
        # The next reply answers this one, so the customer's client shows one conversation.
        thread_advance(thread, message_id)
        thread.save(update_fields=["last_message_id", "references"])
    _announce(out)
    return out


def _announce(out: OutboundMessage) -> None:
    audit_record(
        action="mail.queued",
        obj=out.ticket,
        actor_label="system:mail",
        after={"outbound": out.pk, "kind": out.kind},
    )
    # The row is the promise: with the broker down, the reply is still saved and the outbox sweep
    # sends it later, so the agent sees no error and does not send it twice.
    _send_publisher().publish_on_commit(out.pk)


@functools.cache
def _send_publisher() -> TaskPublisher:
    """Every acknowledgement and reply queues one send: published with a message Celery built once
    (helpdesk/task_publish.py)."""
    from mail.tasks import mail_send_task

    return TaskPublisher(mail_send_task)


def _build(out: OutboundMessage) -> EmailMultiAlternatives:
    headers = {
        "From": out.from_address,
        "Message-ID": f"<{out.message_id}>",
        "X-Loop": _sender(out.mailbox)[1],
    }
    if out.in_reply_to:
        headers["In-Reply-To"] = f"<{out.in_reply_to}>"
    if out.references:
        headers["References"] = " ".join(f"<{r}>" for r in out.references)
    if out.auto_submitted:
        # RFC 3834: a well-behaved autoresponder on the other side will not answer this.
        headers["Auto-Submitted"] = "auto-replied"
        headers["X-Auto-Response-Suppress"] = "All"
    reply_to = [out.mailbox.address] if out.mailbox else []
    mail = EmailMultiAlternatives(
        subject=out.subject,
        body=out.text,
        # The envelope sender, where bounces go: only a real bounce knows it (mail/bounces.py).
        from_email=bounce_address(
            outbound_id=out.pk, message_id=out.message_id, from_address=out.from_address
        ),
        to=list(out.to),
        cc=list(out.cc),
        reply_to=reply_to,
        headers=headers,
        connection=get_connection(),
    )
    if out.html:
        mail.attach_alternative(out.html, "text/html")
    if out.entry_id:
        for attachment in out.entry.attachments.all() if out.entry else []:
            with attachment.file.open("rb") as fh:
                mail.attach(attachment.filename, fh.read(), attachment.content_type)
    return mail


def outbound_send(*, outbound_id: int) -> OutboundMessage:
    """Send one queued message. The row lock makes a second worker (task and sweep) skip it."""
    with transaction.atomic():
        out = (
            OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("mailbox", "entry", "ticket")
            .filter(pk=outbound_id, status=OutboundStatus.QUEUED)
            .first()
        )
        if out is None:
            return OutboundMessage.objects.get(pk=outbound_id)
        out.attempts += 1
        try:
            _build(out).send()
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                error: Exception = TransientSendError(f"{exc.smtp_code} {exc.smtp_error!r}")
            else:
                _fail(out, f"{exc.smtp_code} {exc.smtp_error!r}")
                return out
        except smtplib.SMTPRecipientsRefused as exc:
            _fail(out, f"recipients refused: {exc.recipients!r}")
            return out
        except (OSError, smtplib.SMTPException) as exc:
            error = TransientSendError(f"{type(exc).__name__}: {exc}")
        except (ValueError, TypeError, LookupError) as exc:
            # The message cannot even be written (an address with a line break, a bad charset):
            # trying again cannot help, and a row left queued would be swept and retried forever.
            _fail(out, f"the message could not be built: {type(exc).__name__}: {exc}")
            return out
        else:
            out.status = OutboundStatus.SENT
            out.sent_at = timezone.now()
            out.last_error = ""
            out.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            return out
        out.last_error = storable(str(error))[:2000]
        out.save(update_fields=["attempts", "last_error"])
    raise error


def outbound_give_up(*, outbound_id: int, error: str) -> None:
    """The retries ran out: the agent must know the customer has not got the message."""
    with transaction.atomic():
        out = OutboundMessage.objects.select_for_update().select_related("ticket").get(pk=outbound_id)
        if out.status == OutboundStatus.QUEUED:
            _fail(out, error)


def _fail(out: OutboundMessage, error: str) -> None:
    error = storable(error)
    out.status = OutboundStatus.FAILED
    out.last_error = error[:2000]
    out.save(update_fields=["status", "attempts", "last_error"])
    timeline_event_add(out.ticket, "email_failed", to=out.to, error=error[:500], entry=out.entry_id)
    audit_record(action="mail.failed", obj=out.ticket, actor_label="system:mail", after={"outbound": out.pk})


def outbox_sweep(*, older_than_seconds: int = 300, limit: int = 200) -> int:
    """Queue again what the broker never handed to a worker (it was down at commit time), and what a
    worker lost mid-retry (killed), once its retries would long have run out."""
    from mail.tasks import mail_send_task

    now = timezone.now()
    never_tried = Q(attempts=0, created_at__lt=now - dt.timedelta(seconds=older_than_seconds))
    lost = Q(created_at__lt=now - dt.timedelta(hours=2))
    ids = list(
        OutboundMessage.objects.filter(never_tried | lost, status=OutboundStatus.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        mail_send_task.delay(pk)
    return len(ids)
