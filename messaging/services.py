"""The messaging core: what arrives through any channel becomes tickets, what agents answer goes out.

Inbound: `webhook_receive` takes what an adapter parsed from a verified webhook. Each event's key is
stored once (`WebhookEvent`), in the transaction that writes what it carries, so a retried or replayed
delivery writes nothing, and a failed write is taken again when the provider retries.

Outbound: `outbound_queue` writes a `ChannelMessage` in the caller's transaction (the outbox), a task
sends it after commit, and the beat sweep (`outbox_sweep`) tries again what is due, with backoff, until
the provider takes it or refuses it for good. A provider that is down loses nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from customers.models import Customer, mask_phone
from customers.services import customer_upsert
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add, ticket_open
from messaging.models import (
    ChannelAccount,
    ChannelKind,
    ChannelMessage,
    Contact,
    Direction,
    MessageStatus,
    contact_name_safe,
)
from messaging.providers.base import (
    Inbound,
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Receipt,
    Template,
    TransientSendError,
)
from messaging.registry import provider_for
from tickets.attachments import IncomingFile, check_attachments
from tickets.models import Channel, Status, Ticket, TimelineEntry
from tickets.timeline import timeline_event, timeline_event_add, timeline_events_add

log = logging.getLogger(__name__)

# The ticket channel each messaging channel's tickets carry; calls are the phone channel.
TICKET_CHANNEL: dict[str, str] = {
    ChannelKind.TELEGRAM: Channel.TELEGRAM,
    ChannelKind.WHATSAPP: Channel.WHATSAPP,
    ChannelKind.MESSENGER: Channel.MESSENGER,
    ChannelKind.X: Channel.X,
    ChannelKind.SMS: Channel.SMS,
    ChannelKind.VOICE: Channel.PHONE,
}
# Ticket channels whose agent replies may go out through a messaging channel.
REPLYING_CHANNELS = frozenset(TICKET_CHANNEL.values())
# The exchange's identity kinds (exchange.types.IDENTITY_KINDS) each channel's sender ids are.
IDENTITY_KIND: dict[str, str] = {
    ChannelKind.TELEGRAM: "telegram",
    ChannelKind.WHATSAPP: "whatsapp",
    ChannelKind.MESSENGER: "messenger",
    ChannelKind.X: "x",
    ChannelKind.SMS: "phone",
    ChannelKind.VOICE: "phone",
}
PLACEHOLDER_PREFIX = "contact-"
# Seconds until the next try of a message the provider could not take; the last one repeats until
# MAX_ATTEMPTS, about a day in all.
BACKOFF = (30, 60, 120, 300, 600, 1800, 3600)
MAX_ATTEMPTS = 30
# How long one try may hold a row (the provider's timeout is well within it).
SEND_TIMEOUT = 15.0
# Receipts move a message forward only: a late "delivered" never undoes "read".
_RANK: dict[str, int] = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.READ: 3,
}


def http_client() -> httpx.Client:
    """The client adapters send and fetch with: bounded time, no redirects to follow elsewhere."""
    return httpx.Client(timeout=httpx.Timeout(SEND_TIMEOUT, connect=5.0), follow_redirects=False)


# --- Contacts ------------------------------------------------------------------------------------


def _vouched_owner(kind: str, value: str) -> str | None:
    """The exchange user id the exchange vouches owns this identity, or None (not vouched, or the
    exchange could not say: a failed or stale read never vouches)."""
    identity = IDENTITY_KIND.get(kind)
    if not identity or not value:
        return None
    from exchange.client import exchange_client

    lookup = getattr(exchange_client(), "identity_owner", None)
    if lookup is None:
        return None
    try:
        fetched = lookup(identity, value)
    except (ValueError, httpx.HTTPError) as exc:
        log.warning("identity look-up failed: %s", exc)
        return None
    value_ = getattr(fetched, "value", None)
    return str(value_) if getattr(fetched, "ok", False) and value_ else None


def _placeholder_id(account: ChannelAccount, sender_id: str) -> str:
    digest = hashlib.sha256(f"{account.kind}:{account.pk}:{sender_id}".encode()).hexdigest()[:40]
    return f"{PLACEHOLDER_PREFIX}{digest}"


def _language(language: str, account: ChannelAccount) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    for candidate in (language, language.split("-")[0], account.language):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE.split("-")[0]


def contact_resolve(
    account: ChannelAccount, *, sender_id: str, name: str = "", phone: str = "", language: str = ""
) -> Contact:
    """The contact writing from `sender_id`; new ones are matched to the exchange's customer when the
    exchange vouches for the identity, else given a placeholder customer of their own."""
    contact = (
        Contact.objects.select_related("customer", "ticket")
        .filter(account=account, external_id=sender_id)
        .first()
    )
    if contact is not None:
        return contact
    # The look-up is a request to the exchange: made before any transaction is opened.
    owner = _vouched_owner(account.kind, phone or sender_id)
    now = timezone.now()
    with transaction.atomic():
        customer: Customer | None = None
        if owner:
            customer = Customer.objects.filter(external_id=owner).first()
            if customer is None:
                customer, _created = customer_upsert(
                    external_id=owner, actor=None, name=name[:200], language=_language(language, account)
                )
        else:
            customer, _created = customer_upsert(
                external_id=_placeholder_id(account, sender_id),
                actor=None,
                name=str(contact_name_safe(account.kind, sender_id, name))[:200],
                phone=phone[:32],
                language=_language(language, account),
            )
        try:
            with transaction.atomic():
                contact = Contact.objects.create(
                    account=account,
                    external_id=sender_id,
                    name=name[:200],
                    phone=phone[:32],
                    language=language[:16],
                    customer=customer,
                    verified=bool(owner),
                    created_at=now,
                )
        except IntegrityError:
            # Two first messages of one contact at once: the other wrote it.
            contact = Contact.objects.select_related("customer", "ticket").get(
                account=account, external_id=sender_id
            )
    return contact


def contact_link(*, contact: Contact, customer: Customer, actor: Any, reason: str) -> Contact:
    """An agent says who a contact is: the contact, and the tickets of its placeholder customer, move
    to `customer`. Audited with the reason; a verified contact (the exchange vouched) is not moved."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this contact is this customer."))
    if contact.verified:
        raise DomainError(_("The exchange verified this contact: it cannot be linked to someone else."))
    with transaction.atomic():
        contact = Contact.objects.select_for_update().select_related("customer").get(pk=contact.pk)
        before = contact.customer
        if before.pk == customer.pk:
            return contact
        moved: list[Ticket] = []
        # Only a placeholder's tickets move: they are this contact's own. A real customer's stay.
        if before.external_id.startswith(PLACEHOLDER_PREFIX):
            moved = list(Ticket.objects.filter(customer=before).only("pk", "channel"))
            ids = [t.pk for t in moved]
            Ticket.objects.filter(pk__in=ids).update(customer=customer)
            TimelineEntry.objects.filter(ticket_id__in=ids, customer=before).update(customer=customer)
            Contact.objects.filter(customer=before).update(
                customer=customer, linked_by=actor, linked_at=timezone.now()
            )
        contact.customer = customer
        contact.linked_by = actor
        contact.linked_at = timezone.now()
        contact.save(update_fields=["customer", "linked_by", "linked_at"])
        audit_record(
            action="messaging.contact_linked",
            obj=contact,
            actor=actor,
            before={"customer": before.pk},
            after={"customer": customer.pk, "tickets": [t.pk for t in moved]},
            reason=reason,
        )
        if moved:
            timeline_events_add(
                [
                    timeline_event(t, "contact_linked", actor=actor, contact=contact.pk, customer=customer.pk)
                    for t in moved
                ]
            )
    return contact


# --- Inbound -------------------------------------------------------------------------------------


@dataclass
class Received:
    """What one delivery did: new messages written, events already seen, receipts applied."""

    messages: list[ChannelMessage]
    duplicates: int = 0
    receipts: int = 0


def _event_once(account: ChannelAccount, event_key: str) -> bool:
    """Store the event's key; False when it was stored before (a retry or a replay)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO messaging_webhookevent (account_id, event_key, received_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (account_id, event_key) DO NOTHING RETURNING id",
            [account.pk, event_key[:200], timezone.now()],
        )
        return cursor.fetchone() is not None


def _seen(account: ChannelAccount, event_key: str) -> bool:
    from messaging.models import WebhookEvent

    return WebhookEvent.objects.filter(account=account, event_key=event_key[:200]).exists()


def _files(account: ChannelAccount, media: Sequence[Media]) -> tuple[list[IncomingFile], list[str]]:
    """The customer's files within the attachment limits, and what was refused (named on the entry)."""
    if not media:
        return [], []
    provider = provider_for(account.kind)
    credentials = account.credentials
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    kept: list[IncomingFile] = []
    refused: list[str] = []
    with http_client() as client:
        for item in media[: settings.HELPDESK_ATTACHMENTS_PER_ENTRY]:
            try:
                filename, content_type, content = provider.media_fetch(client, credentials, item, limit)
                incoming = IncomingFile(filename=filename, content=content, declared_type=content_type)
                check_attachments([incoming])
            except (PermanentSendError, TransientSendError, httpx.HTTPError) as exc:
                refused.append(f"{item.filename or 'file'}: {exc}"[:300])
                continue
            except DomainError as exc:
                refused.append(str(exc.message)[:300])
                continue
            kept.append(incoming)
    refused += [
        f"{m.filename or 'file'}: too many files" for m in media[settings.HELPDESK_ATTACHMENTS_PER_ENTRY :]
    ]
    return kept, refused


def _subject(inbound: Inbound, account: ChannelAccount, contact: Contact) -> str:
    first_line = next((line.strip() for line in inbound.text.splitlines() if line.strip()), "")
    if first_line:
        return first_line[:80] + ("…" if len(first_line) > 80 else "")
    return _("%(channel)s message from %(name)s") % {
        "channel": account.get_kind_display(),
        "name": contact_name_safe(account.kind, contact.external_id, contact.name),
    }


def _threadable(contact: Contact) -> Ticket | None:
    ticket = contact.ticket
    if ticket is None or ticket.status == Status.CLOSED or ticket.customer_id != contact.customer_id:
        return None
    if ticket.merged_into_id is not None:
        # The merge target is threaded onto by the core; a closed one starts a new case.
        target = Ticket.objects.filter(pk=ticket.merged_into_id).only("status").first()
        if target is None or target.status == Status.CLOSED:
            return None
    return ticket


def inbound_receive(account: ChannelAccount, inbound: Inbound) -> ChannelMessage | None:
    """One customer message: its ticket opened or threaded, or None for an event seen before."""
    if inbound.media and _seen(account, inbound.event_key):
        return None
    files, refused = _files(account, inbound.media)
    contact = contact_resolve(
        account,
        sender_id=inbound.sender_id,
        name=inbound.sender_name,
        phone=inbound.sender_phone,
        language=inbound.language,
    )
    now = timezone.now()
    with transaction.atomic():
        if not _event_once(account, inbound.event_key):
            return None
        if inbound.command:
            _command(account, contact, inbound, now)
            return None
        data: dict[str, Any] = {
            "messaging": {"kind": account.kind, "contact": contact.pk, "message_id": inbound.message_id}
        }
        if inbound.extra:
            data["messaging"]["extra"] = dict(inbound.extra)
        if refused:
            data["attachments_refused"] = refused
        body = inbound.text or ("" if files else _("(a message without text)"))
        channel = TICKET_CHANNEL[account.kind]
        ticket = _threadable(contact)
        entry: TimelineEntry | None
        if ticket is not None:
            entry = customer_message_add(
                ticket=ticket, body=body, channel=channel, attachments=files, entry_data=data
            )
            ticket = entry.ticket
        else:
            ticket = ticket_open(
                customer=contact.customer,
                subject=_subject(inbound, account, contact),
                # A new ticket's first message needs words: a photo alone gets the placeholder.
                body=body or _("(a message without text)"),
                channel=channel,
                language=contact.customer.language,
                attachments=files,
                entry_data=data,
                default_team=account.team,
            )
            entry = None
        message = ChannelMessage.objects.create(
            direction=Direction.IN,
            account=account,
            contact=contact,
            ticket=ticket,
            entry=entry,
            provider_message_id=inbound.message_id[:200],
            status=MessageStatus.RECEIVED,
            created_at=now,
            text=inbound.text,
        )
        Contact.objects.filter(pk=contact.pk).update(ticket=ticket, last_inbound_at=_wrote_at(inbound, now))
    return message


def _wrote_at(inbound: Inbound, now: dt.datetime) -> Greatest:
    """When the contact last wrote: the provider's time of the message (a webhook retried hours later
    does not stretch a session window), never in the future, never moved back."""
    sent_at = inbound.sent_at if inbound.sent_at and timezone.is_aware(inbound.sent_at) else now
    return Greatest(F("last_inbound_at"), Value(min(now, sent_at)))


def _command(account: ChannelAccount, contact: Contact, inbound: Inbound, now: dt.datetime) -> None:
    """STOP and START: the contact's consent to messages, binding under the carriers' rules."""
    opted_out = inbound.command == "stop"
    Contact.objects.filter(pk=contact.pk).update(opted_out=opted_out, last_inbound_at=_wrote_at(inbound, now))
    audit_record(
        action="messaging.opted_out" if opted_out else "messaging.opted_in",
        obj=contact,
        actor_label=f"contact:{contact.pk}",
    )
    if contact.ticket is not None:
        timeline_event_add(
            contact.ticket, "channel_opted_out" if opted_out else "channel_opted_in", contact=contact.pk
        )


def receipt_apply(*, account: ChannelAccount, receipt: Receipt) -> int:
    """What became of a message the helpdesk sent; only forward (sent → delivered → read), or failed.
    Returns the rows changed (0 for an unknown message, a replay or a step back)."""
    with transaction.atomic():
        if not _event_once(account, receipt.event_key):
            return 0
        if receipt.message_id:
            rows = ChannelMessage.objects.filter(
                account=account, direction=Direction.OUT, provider_message_id=receipt.message_id
            )
            if receipt.recipient_id and receipt.status != "failed":
                # Read up to this message (X's last_read_event_id): the earlier ones to the same
                # recipient too.
                anchor = rows.exclude(sent_at=None).values_list("sent_at", flat=True).first()
                if anchor is not None:
                    rows = ChannelMessage.objects.filter(
                        account=account,
                        direction=Direction.OUT,
                        contact__external_id=receipt.recipient_id,
                        sent_at__lte=anchor,
                    ).exclude(provider_message_id="")
        elif receipt.recipient_id and receipt.status != "failed":
            # A watermark: every message to this recipient the provider took at or before `at`.
            rows = ChannelMessage.objects.filter(
                account=account,
                direction=Direction.OUT,
                contact__external_id=receipt.recipient_id,
                sent_at__lte=receipt.at,
            ).exclude(provider_message_id="")
        else:
            return 0
        if receipt.status == "failed":
            failed = list(rows.exclude(status=MessageStatus.FAILED).select_related("ticket"))
            for message in failed:
                _fail(message, receipt.error or _("the provider could not deliver it"), at=receipt.at)
            return len(failed)
        lower = [status for status, rank in _RANK.items() if rank < _RANK[receipt.status]]
        stamp = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at"}[receipt.status]
        return rows.filter(status__in=lower).update(status=receipt.status, **{stamp: receipt.at})


def webhook_receive(account: ChannelAccount, parsed: Parsed) -> Received:
    """Everything one verified delivery carries, each event once."""
    result = Received(messages=[])
    for inbound in parsed.inbound:
        message = inbound_receive(account, inbound)
        if message is None:
            result.duplicates += 1
        else:
            result.messages.append(message)
    for receipt in parsed.receipts:
        result.receipts += receipt_apply(account=account, receipt=receipt)
    return result


# --- Outbound ------------------------------------------------------------------------------------


def outbound_queue(
    *,
    account: ChannelAccount,
    contact: Contact,
    ticket: Ticket | None = None,
    entry: TimelineEntry | None = None,
    text: str = "",
    template: Template | None = None,
    operation: str = "message",
    payload: dict[str, Any] | None = None,
) -> ChannelMessage:
    """Put a message in the outbox, in the caller's transaction; it is sent after commit. A contact
    who opted out (STOP) gets nothing: the row is failed at once and the ticket says why."""
    now = timezone.now()
    message = ChannelMessage(
        direction=Direction.OUT,
        account=account,
        contact=contact,
        ticket=ticket,
        entry=entry,
        status=MessageStatus.QUEUED,
        created_at=now,
        next_attempt_at=now,
        operation=operation,
        text=text,
        payload=payload or {},
        template=(
            {"name": template.name, "language": template.language, "parameters": list(template.parameters)}
            if template
            else None
        ),
    )
    if contact.opted_out and operation == "message":
        message.status = MessageStatus.FAILED
        message.failed_at = now
        message.next_attempt_at = None
        message.error = _("The customer opted out of messages on this channel (STOP).")
        message.save(force_insert=True)
        if ticket is not None:
            timeline_event_add(
                ticket, "channel_message_failed", error=message.error, entry=entry and entry.pk
            )
        return message
    message.save(force_insert=True)
    from messaging.tasks import messaging_send_task

    pk = message.pk
    transaction.on_commit(lambda: messaging_send_task.delay(pk), robust=True)
    return message


def _outgoing(message: ChannelMessage) -> Outgoing:
    files: tuple[tuple[str, str, bytes], ...] = ()
    if message.entry_id is not None:
        files = tuple(
            (a.filename, a.content_type, a.file.read())
            for a in message.entry.attachments.all()  # type: ignore[union-attr]
        )
    template = None
    if message.template:
        template = Template(
            name=message.template["name"],
            language=message.template.get("language", ""),
            parameters=tuple(message.template.get("parameters") or ()),
        )
    return Outgoing(
        recipient_id=message.contact.external_id,
        text=message.text,
        template=template,
        files=files,
        operation=message.operation,
        payload=message.payload,
        last_inbound_at=message.contact.last_inbound_at,
    )


_NUMBER_IN_TEXT = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_DATE_IN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def _numbers_masked(text: str) -> str:
    """A provider's reason quotes the customer's number ("The 'To' number +1415... is not valid"): it is
    shown on the ticket to every agent, so numbers in it are masked."""

    def masked(match: re.Match[str]) -> str:
        found = match.group(0)
        if sum(c.isdigit() for c in found) < 7 or _DATE_IN_TEXT.search(found):
            return found
        return mask_phone(found)

    return _NUMBER_IN_TEXT.sub(masked, text)


def _fail(message: ChannelMessage, error: str, *, at: dt.datetime | None = None) -> None:
    error = _numbers_masked(error)
    message.status = MessageStatus.FAILED
    message.failed_at = at or timezone.now()
    message.next_attempt_at = None
    message.error = error[:2000]
    message.save(update_fields=["status", "failed_at", "next_attempt_at", "error", "attempts"])
    if message.ticket_id is not None:
        timeline_event_add(
            message.ticket,  # type: ignore[arg-type]
            "channel_message_failed",
            kind=message.account.kind if message.account_id else "",
            error=error[:500],
            entry=message.entry_id,
        )


def outbound_send(*, message_id: int, client: httpx.Client | None = None) -> ChannelMessage | None:
    """Try one queued, due message once. The row lock makes a second worker (the task and the
    sweep at once) skip it, so the provider gets it once. None when there was nothing to do."""
    with transaction.atomic():
        message = (
            ChannelMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("account", "contact", "ticket", "entry")
            .filter(pk=message_id, status=MessageStatus.QUEUED, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        provider = provider_for(message.account.kind)
        try:
            if client is None:
                with http_client() as own:
                    sent = provider.send(own, message.account.credentials, _outgoing(message))
            else:
                sent = provider.send(client, message.account.credentials, _outgoing(message))
        except PermanentSendError as exc:
            _fail(message, str(exc) or type(exc).__name__)
            return message
        except (TransientSendError, httpx.HTTPError, OSError) as exc:
            if message.attempts >= MAX_ATTEMPTS:
                _fail(
                    message, _("gave up after %(n)s tries: %(error)s") % {"n": message.attempts, "error": exc}
                )
                return message
            delay = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
            retry_after = getattr(exc, "retry_after", None)
            if retry_after:
                delay = max(delay, int(retry_after))
            message.next_attempt_at = timezone.now() + dt.timedelta(seconds=delay)
            message.error = str(exc)[:2000] or type(exc).__name__
            message.save(update_fields=["attempts", "next_attempt_at", "error"])
            return message
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.provider_message_id = sent.message_id[:200]
        message.next_attempt_at = None
        message.error = ""
        message.save(
            update_fields=["status", "sent_at", "provider_message_id", "next_attempt_at", "error", "attempts"]
        )
    return message


def outbox_due(*, limit: int = 100) -> list[int]:
    """Queued messages whose time has come: never handed to a worker, or waiting for their next try."""
    return list(
        ChannelMessage.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_sweep(*, limit: int = 100) -> int:
    """Try every due message once, in one HTTP client; returns how many went out."""
    sent = 0
    with http_client() as client:
        for pk in outbox_due(limit=limit):
            message = outbound_send(message_id=pk, client=client)
            sent += bool(message and message.status == MessageStatus.SENT)
    return sent


# --- Replies from the ticket page ----------------------------------------------------------------


def reply_route(*, ticket: Ticket, entry: TimelineEntry) -> ChannelMessage | None:
    """An agent's public reply goes out through the channel the customer last wrote on, to the contact
    who wrote; runs in the reply's transaction (tickets.signals.public_reply_posted)."""
    if ticket.channel not in REPLYING_CHANNELS:
        return None
    last = (
        ChannelMessage.objects.filter(ticket=ticket, direction=Direction.IN)
        .exclude(account__kind=ChannelKind.VOICE)
        .select_related("account", "contact")
        .order_by("-id")
        .first()
    )
    if last is None or not last.account.enabled:
        return None
    return outbound_queue(
        account=last.account, contact=last.contact, ticket=ticket, entry=entry, text=_plain(entry)
    )


def _plain(entry: TimelineEntry) -> str:
    from tickets.models import BodyFormat

    if entry.body_format == BodyFormat.HTML:
        from mail.parsing import html_to_text

        return html_to_text(entry.body)
    return entry.body
