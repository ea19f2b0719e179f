"""Inbound mail: store the raw bytes first, then turn them into a ticket, a reply, or nothing.

Every path (IMAP, the pipe command, files, HTTP) calls `inbound_receive` and then `inbound_process`.
"""

import datetime as dt
import logging
import re
from email.parser import BytesParser
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from approvals.redaction import redact
from approvals.redaction_steps import secrets_redact
from audit.services import audit_record
from casework.services import ticket_reply_recorded
from customers.models import Customer
from customers.services import customer_for_email
from helpdesk.errors import DomainError
from helpdesk.inserts import row_insert
from intake.pipeline import customer_message_add, ticket_open
from mail.bounces import bounce_token_valid, bounce_tokens
from mail.models import (
    Direction,
    InboundMessage,
    InboundStatus,
    Mailbox,
    MailThread,
    MessageRef,
    OutboundMessage,
    OutboundStatus,
    Outcome,
)
from mail.parsing import (
    POLICY,
    Address,
    MailPart,
    ParsedMessage,
    ParseError,
    identify,
    is_own_message,
    message_key,
    parse,
    read,
    storable,
    strip_quoted,
)
from mail.redaction import raw_redact
from mail.services.outbound import acknowledgement_hold, acknowledgement_queue
from mail.services.rows import (
    Writes,
    first_entry,
    message_locked,
    message_processed_save,
    thread_locked,
    ticket_by_refs_locked,
)
from mail.services.threads import (
    MAX_COPIED,
    default_sender_address,
    message_ref,
    thread_advance,
)
from tickets.attachments import IncomingFile, check_attachments
from tickets.merging import merge_target
from tickets.models import BodyFormat, Channel, Status, Ticket, TimelineEntry, parse_reference
from tickets.services import MAX_BODY, ticket_message_held
from tickets.timeline import timeline_event_add

log = logging.getLogger(__name__)

MAX_SUBJECT = 250
_AUTOMATIC_OUTCOME = {"auto_reply": Outcome.AUTO_REPLY, "mailing_list": Outcome.MAILING_LIST}


# The mailboxes' addresses, kept per process under the "mail" configuration token (helpdesk/
# config_cache.py; mail migration 0007 puts its trigger on the mailbox table). The token is read in
# the statement that locks the message, before the addresses are loaded: what is kept is at least as
# new as its token, and a token that changes (any write to a mailbox) makes the next message load again.
_MAIL_CONFIG = "mail"
_addresses_held: tuple[str, frozenset[str]] | None = None


def own_addresses(token: str | None = None) -> set[str]:
    """Addresses the helpdesk sends from; mail from them is its own coming back. `token`: the "mail"
    configuration token read with the message (None: there is none yet, so nothing is kept)."""
    global _addresses_held
    held = _addresses_held
    if token is not None and held is not None and held[0] == token:
        addresses = held[1]
    else:
        addresses = frozenset(a.lower() for a in Mailbox.objects.values_list("address", flat=True))
        if token is not None:
            _addresses_held = (token, addresses)
    # Settings are read at each use: they are not behind the token.
    return {*addresses, default_sender_address().lower()}


def _identity(raw: bytes) -> tuple[str, bool, str, str]:
    """Message-ID, sender and subject from the headers alone: enough to store and list the message."""
    try:
        head = BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)
        header, sender, subject = (
            storable(str(head.get(name) or "")) for name in ("Message-ID", "From", "Subject")
        )
    except Exception:
        header, sender, subject = "", "", ""
    message_id, synthesized = identify(header, raw)
    return message_id, synthesized, sender[:320], " ".join(subject.split())[:250]


def inbound_receive(
    *, raw: bytes, source: str, mailbox: Mailbox | None = None
) -> tuple[InboundMessage, bool]:
    """Keep the message's bytes, once. Returns (message, created); a copy seen before is counted."""
    message_id, synthesized, sender, subject = _identity(raw)
    key = message_key(message_id)
    message = InboundMessage(
        mailbox=mailbox,
        source=source,
        message_key=key,
        message_id=message_id,
        message_id_synthesized=synthesized,
        raw=raw,
        size=len(raw),
        sender=sender,
        subject=subject,
        received_at=timezone.now(),
    )
    try:
        if transaction.get_autocommit():
            # One INSERT is its own transaction: a copy seen before fails alone, with nothing to undo.
            row_insert(message)
        else:
            # Inside the caller's transaction, a savepoint keeps the failed INSERT from breaking it.
            with transaction.atomic():
                row_insert(message)
    except IntegrityError:
        InboundMessage.objects.filter(message_key=key).update(duplicates=F("duplicates") + 1)
        return InboundMessage.objects.get(message_key=key), False
    return message, True


def inbound_process(*, message: InboundMessage) -> InboundMessage:
    """Turn a stored message into what it means. Never raises for a bad message: it is quarantined.

    The message row is locked for the whole run, so two workers never both process one message.
    Only a database that cannot be reached makes it raise; the message then stays received and the
    stalled-message sweep tries again.
    """
    try:
        return _process_locked(message.pk)
    except OperationalError:
        raise
    except Exception as exc:
        # Writing the outcome itself failed (a value the database or psycopg refused, such as a lone
        # surrogate): the work rolled back, and the message must still leave "received".
        log.exception("inbound message %s: its outcome could not be saved", message.pk)
        return _quarantine_alone(message.pk, f"{type(exc).__name__}: {exc}")


# What processing may change on the message row, written once at the end in one UPDATE; the raw
# bytes are written again only when redaction took something out of them.
_PROCESSED_FIELDS = [
    "sender",
    "subject",
    "status",
    "outcome",
    "error",
    "ticket",
    "entry",
    "attempts",
    "processed_at",
]


def _process_locked(pk: int) -> InboundMessage:
    tried: InboundMessage | None = None
    try:
        with transaction.atomic():
            # With its mailbox, its team and the "mail" configuration token (mail/services/rows.py).
            locked = message_locked(pk, config=_MAIL_CONFIG)
            if locked.status not in (InboundStatus.RECEIVED, InboundStatus.QUARANTINED):
                return locked
            tried = locked
            original = locked.raw
            locked.attempts += 1
            # A previous try's error goes; processing may leave a reason of its own (an ignored message's).
            locked.error = ""
            writes = _process(locked)
            locked.processed_at = timezone.now()
            # The thread and the Message-IDs go in the row's own statement (mail/services/rows.py).
            message_processed_save(locked, _written(locked, original), writes)
    except OperationalError:
        raise
    except Exception as exc:
        if tried is None:
            raise
        if isinstance(exc, (ParseError, DomainError)):
            error = str(getattr(exc, "message", exc))
        else:
            # A bug, not bad mail: keep the message and the error so it can be reprocessed after a fix.
            log.exception("inbound message %s could not be processed", pk)
            error = f"{type(exc).__name__}: {exc}"
        return _quarantine(tried, error, redacted=tried.raw is not original)
    if hasattr(locked.entry_id, "resolve_expression"):
        # Written by the UPDATE from the new ticket (the create path keeps its first entry to itself):
        # read again only if someone asks for it.
        locked.__dict__.pop("entry_id")
    return locked


def _written(message: InboundMessage, original: Any) -> list[str]:
    # The raw bytes are written again only when redaction took something out of them.
    return [*_PROCESSED_FIELDS, "raw", "size"] if message.raw is not original else _PROCESSED_FIELDS


def _quarantine(tried: InboundMessage, error: str, *, redacted: bool) -> InboundMessage:
    """Quarantine after a failed try, in a transaction of its own: the try's transaction rolled back
    whole, so nothing it wrote is left half done. What it learned before failing is kept: the sender,
    the subject, and the original without the secrets redaction found. Unless another worker has
    processed the message since the lock was let go."""
    with transaction.atomic():
        message = (
            InboundMessage.objects.select_for_update()
            .defer("raw")
            .filter(pk=tried.pk, status__in=(InboundStatus.RECEIVED, InboundStatus.QUARANTINED))
            .first()
        )
        if message is None:
            return InboundMessage.objects.get(pk=tried.pk)
        message.status, message.outcome = InboundStatus.QUARANTINED, ""
        message.error = storable(error)[:4000]
        message.attempts += 1
        message.sender, message.subject = tried.sender, tried.subject
        fields = ["status", "outcome", "error", "attempts", "sender", "subject"]
        if redacted:
            message.raw, message.size = tried.raw, tried.size
            fields += ["raw", "size"]
        message.save(update_fields=fields)
        audit_record(
            action="mail.quarantined", obj=message, actor_label="system:mail", after={"error": message.error}
        )
    return message


def _quarantine_alone(pk: int, error: str) -> InboundMessage:
    """Quarantine with nothing but the error, in a transaction of its own."""
    error = storable(error)[:4000]
    with transaction.atomic():
        updated = InboundMessage.objects.filter(
            pk=pk, status__in=(InboundStatus.RECEIVED, InboundStatus.QUARANTINED)
        ).update(status=InboundStatus.QUARANTINED, outcome="", error=error, attempts=F("attempts") + 1)
        if updated:
            audit_record(
                action="mail.quarantined",
                obj=InboundMessage.objects.get(pk=pk),
                actor_label="system:mail",
                after={"error": error},
            )
    return InboundMessage.objects.get(pk=pk)


def inbound_reprocess(*, message: InboundMessage, actor: Any) -> InboundMessage:
    """An admin asks for another try, after a fix; the audit log records who."""
    if message.status != InboundStatus.QUARANTINED:
        raise DomainError(gettext("only quarantined messages can be reprocessed"))
    with transaction.atomic():
        audit_record(action="mail.reprocessed", obj=message, actor=actor, before={"error": message.error})
    return inbound_process(message=message)


def _process(message: InboundMessage) -> Writes | None:
    """What the message means, on `message` (the caller saves it, with the thread and Message-IDs
    returned), in the caller's transaction and without a savepoint: whatever fails rolls the whole try
    back, and the caller quarantines."""
    raw = bytes(message.raw)
    tree = read(raw)
    parsed = parse(raw, tree)
    # A secret the sender pasted (a seed phrase, a key) is not kept in the stored original either; the
    # intake door takes it out of the ticket's copy and warns the customer. Read from the same tree.
    redacted, removed = raw_redact(raw, tree)
    if removed:
        message.raw, message.size = redacted, len(redacted)
    message.sender = str(parsed.sender or "")[:320]
    message.subject = redact(parsed.subject).text[:250]
    own = own_addresses(getattr(message, "mail_config", None))
    outside = thread_find(parsed, trust_subject=False) if _outside_reply_possible(parsed, own) else None
    if outside is not None:
        return _record_outside_reply(message, parsed, outside)
    if is_own_message(parsed, own):
        _ignore(message, Outcome.LOOP)
    elif parsed.automatic == "bounce":
        _ignore(message, Outcome.BOUNCE)
        _bounce_record(message, parsed)
    elif parsed.automatic:
        _ignore(message, _AUTOMATIC_OUTCOME[parsed.automatic])
        message.error = parsed.automatic_reason
    elif parsed.sender is None:
        raise ParseError("no sender address: the message has no usable From, Reply-To or Sender")
    else:
        return _deliver(message, parsed, own)
    return None


def _outside_reply_possible(parsed: ParsedMessage, own: set[str]) -> bool:
    """Whether this may be a reply written by a person in the support mailbox's own mail client,
    outside the helpdesk: it comes from a support address but without the helpdesk's X-Loop (and
    it is one if it answers a conversation we know)."""
    if parsed.sender is None or parsed.sender.addr.lower() not in own or parsed.x_loop or parsed.automatic:
        return False
    # Someone else writing as the support address must not put words in the agents' mouths.
    return not parsed.spoofing_suspected


def _record_outside_reply(message: InboundMessage, parsed: ParsedMessage, ticket: Ticket) -> Writes:
    data = _entry_data(message, parsed)
    data["email"]["outside_helpdesk"] = True
    body, body_format, files, refused = _content(parsed, data, continues=True)
    entry = ticket_reply_recorded(
        ticket=ticket, body=body, body_format=body_format, attachments=files, entry_data=data
    )
    _refused_note(ticket, refused)
    message.status, message.outcome = InboundStatus.PROCESSED, Outcome.OUTSIDE_REPLY
    message.ticket, message.entry = ticket, entry
    thread = MailThread.objects.select_for_update().filter(ticket=ticket).first()
    if thread is not None:
        thread_advance(thread, parsed.message_id)
    return Writes(
        thread=thread,
        thread_fields=["last_message_id", "references"],
        refs=[message_ref(ticket=ticket, message_id=parsed.message_id, direction=Direction.OUT)],
    )


def _ignore(message: InboundMessage, outcome: str) -> None:
    message.status = InboundStatus.IGNORED
    message.outcome = outcome


# --- A person wrote -------------------------------------------------------------------------------


def _deliver(message: InboundMessage, parsed: ParsedMessage, own: set[str]) -> Writes:
    assert parsed.sender is not None
    mailbox = message.mailbox
    # A forged From must not reach a customer's case through a guessable reference in the subject.
    # Read under its row lock: a reply's message is written on it as read (`held`).
    found = thread_find(parsed, trust_subject=not parsed.spoofing_suspected, lock=True)
    ticket = found
    if ticket is not None and ticket.merged_into_id is not None:
        # A reply on a duplicate's thread belongs to the case it was merged into.
        ticket = merge_target(ticket)
    follow_up_of = None
    held = _held_because(ticket, parsed) if ticket is not None else ""
    if ticket is not None and held and ticket.status != Status.CLOSED:
        return _hold(message, parsed, ticket, held)
    if ticket is not None and ticket.status == Status.CLOSED:
        # A stranger answering a closed case's thread gets a case of their own, not a follow-up of it.
        follow_up_of, ticket = (None if held else ticket), None
    data = _entry_data(message, parsed)
    body, body_format, files, refused = _content(parsed, data, continues=ticket is not None)
    if ticket is not None:
        # A reply never widens the thread by itself: new people in its To/Cc are offered to agents.
        data["email"]["offer"] = _offer(parsed, _thread_people(ticket), own)
        entry = customer_message_add(
            ticket=ticket,
            body=body,
            body_format=body_format,
            attachments=files,
            entry_data=data,
            # Not the case it was merged into, which the core locks itself.
            held=ticket is found,
        )
        message.outcome = Outcome.REPLY
    else:
        customer = customer_for_address(parsed, mailbox)
        if parsed.spoofing_suspected:
            data["email"]["offer"] = _offer(parsed, {parsed.sender.addr.lower()}, own)
        ticket = ticket_open(
            customer=customer,
            subject=_subject(parsed.subject),
            body=body,
            body_format=body_format,
            channel=Channel.EMAIL,
            language=_language(parsed, customer, mailbox),
            attachments=files,
            entry_data=data,
            default_team=mailbox.team if mailbox else None,
        )
        # The create path wrote the first entry: the message row points at it from the ticket in its
        # UPDATE (`first_entry`), rather than reading it back here.
        entry = first_entry(ticket)
        message.outcome = Outcome.FOLLOW_UP if follow_up_of else Outcome.NEW_TICKET
        if follow_up_of is not None:
            timeline_event_add(ticket, "follow_up", of=follow_up_of.pk, of_reference=follow_up_of.reference)
    _refused_note(ticket, refused)
    message.status = InboundStatus.PROCESSED
    message.ticket = ticket
    message.entry_id = entry.pk if isinstance(entry, TimelineEntry) else entry
    # The message's own Message-ID (and the acknowledgement's), written with the message row.
    writes = Writes(refs=[message_ref(ticket=ticket, message_id=parsed.message_id, direction=Direction.IN)])
    if message.outcome == Outcome.REPLY:
        writes.thread, writes.thread_fields = _thread_advance(ticket, parsed, mailbox)
    elif getattr(settings, "ASSISTANT_ENABLED", False):
        thread = _thread_new(ticket, parsed, mailbox, own)
        # Tier 0 reads the new case in the worker: the acknowledgement carries what it decides. The
        # thread is written once, already holding it, with the message row.
        acknowledgement_hold(ticket=ticket, thread=thread, parsed=parsed)
        writes.thread = thread
    else:
        thread = _thread_new(ticket, parsed, mailbox, own)
        thread.save(force_insert=True)
        acknowledgement_queue(ticket=ticket, thread=thread, parsed=parsed, refs=writes.refs)
    return writes


def _held_because(ticket: Ticket, parsed: ParsedMessage) -> str:
    """Why a message that threads onto `ticket` must not speak for its customer: "" when it may."""
    assert parsed.sender is not None
    if not _on_ticket(ticket, parsed.sender.addr):
        return "unknown_sender"
    if parsed.spoofing_suspected:
        return "spoofing_suspected"
    return ""


def _hold(message: InboundMessage, parsed: ParsedMessage, ticket: Ticket, reason: str) -> Writes:
    """Knowing a Message-ID of a conversation (a forwarded mail, a leaked header) does not make
    someone the customer: in crypto support that is an account-takeover path. The message is shown
    to agents on the ticket, sent to nobody, and adds nobody to the thread; an agent may accept its
    sender onto the thread (`thread_copy_add`)."""
    data = _entry_data(message, parsed)
    data["email"]["held"] = reason
    data["email"]["offer"] = [0] if reason == "unknown_sender" else []
    body, body_format, files, refused = _content(parsed, data, continues=True)
    # Not the customer's message, so no warning goes out; what the stranger pasted is not kept either.
    kept: dict[str, Any] = secrets_redact({"body": body, "body_format": body_format, "entry_data": data})
    entry = ticket_message_held(
        ticket=ticket,
        body=kept["body"],
        body_format=body_format,
        attachments=files,
        entry_data=kept["entry_data"],
    )
    _refused_note(ticket, refused)
    message.status, message.outcome = InboundStatus.PROCESSED, Outcome.HELD
    message.ticket, message.entry = ticket, entry
    # Remembered, so an answer to it threads here (and is held again if it is the stranger's), but
    # the conversation's newest message, which the agents' replies answer, stays the customer's.
    return Writes(refs=[message_ref(ticket=ticket, message_id=parsed.message_id, direction=Direction.IN)])


def thread_find(parsed: ParsedMessage, *, trust_subject: bool = True, lock: bool = False) -> Ticket | None:
    """The ticket this message continues: headers first, then a reference in the subject. `lock`: the
    ticket found is read under its row lock (only that one), so the ticket core need not read it again."""
    ids = parsed.thread_ids
    if ids:
        keys = [message_key(i) for i in ids]
        # The ticket, its customer and its mail thread come with the Message-ID rows: one statement.
        found = MessageRef.objects.filter(message_key__in=keys).select_related(
            "ticket__customer", "ticket__mail_thread"
        )
        if lock and connection.vendor == "postgresql":
            # The first of the message's keys that is known, only its ticket locked: a statement
            # prepared on the connection (mail/services/rows.py), which the ORM compiled for every reply.
            return ticket_by_refs_locked(keys)
        if lock:
            # The first of the message's keys that is known, as below, and only its ticket locked.
            first = Case(*[When(message_key=key, then=Value(i)) for i, key in enumerate(keys)])
            ref = found.order_by(first).select_for_update(of=("ticket",)).first()
            if ref is not None:
                return ref.ticket
        else:
            refs = {r.message_key: r.ticket for r in found}
            for key in keys:
                if key in refs:
                    return refs[key]
    if not trust_subject:
        return None
    prefix = re.escape(settings.HELPDESK_TICKET_PREFIX)
    match = re.search(rf"\[\s*({prefix}-\d{{1,18}})\s*\]", parsed.subject, re.IGNORECASE)
    if match:
        pk = parse_reference(match.group(1))
        rows = Ticket.objects.select_related("customer", "mail_thread")
        if lock:
            rows = rows.select_for_update(of=("self",))
        ticket = rows.filter(pk=pk).first() if pk else None
        # A reference in a subject is easy to type: only people already on the ticket may use it,
        # so a stranger cannot write into someone else's case by guessing its number.
        if ticket is not None and _on_ticket(ticket, parsed.sender.addr if parsed.sender else ""):
            return ticket
    return None


def _on_ticket(ticket: Ticket, address: str) -> bool:
    return bool(address) and address.lower() in _thread_people(ticket)


def _thread_people(ticket: Ticket) -> set[str]:
    """Addresses that speak on the ticket's conversation: its customer, its reply address, its copy."""
    people = {ticket.customer.email.lower()} if ticket.customer.email else set()
    thread = _thread_of(ticket)
    if thread is not None:
        people |= {a.lower() for a in [thread.reply_to, *thread.cc] if a}
    return people


def _thread_of(ticket: Ticket) -> MailThread | None:
    """The ticket's mail thread as `thread_find` read it with the ticket (no statement), else read."""
    if Ticket.mail_thread.is_cached(ticket):
        try:
            return ticket.mail_thread
        except MailThread.DoesNotExist:
            return None
    return MailThread.objects.filter(ticket=ticket).first()


def _offer(parsed: ParsedMessage, known: set[str], own: set[str]) -> list[int]:
    """Positions, in the entry's [from, *to, *cc], of people not on the thread that an agent may add."""
    offered: list[int] = []
    seen = set(known) | own
    for index, address in enumerate(_listed(parsed)):
        if address.addr.lower() not in seen:
            seen.add(address.addr.lower())
            offered.append(index)
    return offered


def _listed(parsed: ParsedMessage) -> list[Address]:
    """The people of a message as its entry lists them (`data["email"]`: from, to, cc)."""
    assert parsed.sender is not None
    return [parsed.sender, *parsed.to[:50], *parsed.cc[:50]]


def customer_for_address(parsed: ParsedMessage, mailbox: Mailbox | None) -> Customer:
    """The exchange's customer with this address, or a new email-only customer for a stranger."""
    assert parsed.sender is not None
    # One statement, known sender or new (customers.services.customer_for_email).
    return customer_for_email(
        email=parsed.sender.addr, name=parsed.sender.name[:200], language=_language(parsed, None, mailbox)
    )


def _language(parsed: ParsedMessage, customer: Customer | None, mailbox: Mailbox | None) -> str:
    if customer is not None and customer.language:
        return customer.language
    codes = {code for code, _name in settings.LANGUAGES}
    for candidate in (parsed.language, parsed.language.split("-")[0]):
        if candidate in codes:
            return candidate
    return mailbox.language if mailbox else settings.LANGUAGE_CODE.split("-")[0]


def _subject(subject: str) -> str:
    subject = subject.strip() or "(no subject)"
    return subject if len(subject) <= MAX_SUBJECT else subject[: MAX_SUBJECT - 1] + "…"


def _content(
    parsed: ParsedMessage, data: dict[str, Any], *, continues: bool
) -> tuple[str, str, list[IncomingFile], list[dict[str, str]]]:
    """Body, its format, the files that pass the limits and the ones refused (also kept in `data`).
    A message that continues a conversation loses the quoted history below the helpdesk's marker."""
    text, html = parsed.text, parsed.html
    if continues:
        stripped_text, stripped_html = strip_quoted(text, html)
        text, html = stripped_text or text, stripped_html or html
    body, body_format = _body(text, html, data)
    files, refused = _attachments(parsed.attachments)
    if refused:
        data["email"]["refused"] = refused
    return body, body_format, files, refused


def _refused_note(ticket: Ticket, refused: list[dict[str, str]]) -> None:
    if refused:
        timeline_event_add(ticket, "attachments_refused", files=refused)


def _body(text: str, html: str, data: dict[str, Any]) -> tuple[str, str]:
    """HTML when the sender wrote HTML (sanitised when shown), with a readable text version kept."""
    note = "\n\n[Truncated here: the full message is kept with the original email.]"
    if html.strip():
        data["email"]["text"] = text[:MAX_BODY]
        body, body_format = html, BodyFormat.HTML
    else:
        body, body_format = text, BodyFormat.TEXT
    body = body.replace("\x00", "").strip()
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - len(note)] + note
    return body or "(empty message)", body_format


def _attachments(parts: list[MailPart]) -> tuple[list[IncomingFile], list[dict[str, str]]]:
    """Each file passes the ticket core's checks on its own: one bad file does not sink the message."""
    kept: list[IncomingFile] = []
    refused: list[dict[str, str]] = []
    limit = settings.HELPDESK_ATTACHMENTS_PER_ENTRY
    for part in parts:
        incoming = IncomingFile(filename=part.filename, content=part.content, declared_type=part.content_type)
        try:
            check_attachments([incoming])
        except DomainError as exc:
            refused.append({"filename": part.filename[:200], "reason": exc.message})
            continue
        if len(kept) >= limit:
            refused.append({"filename": part.filename[:200], "reason": f"more than {limit} files"})
            continue
        kept.append(incoming)
    return kept, refused


def _entry_data(message: InboundMessage, parsed: ParsedMessage) -> dict[str, Any]:
    return {
        "email": {
            "inbound": message.pk,
            "message_id": parsed.message_id,
            "from": str(parsed.sender),
            "to": [str(a) for a in parsed.to[:50]],
            "cc": [str(a) for a in parsed.cc[:50]],
            "date": parsed.date.isoformat() if parsed.date else None,
            "auth": parsed.auth,
            "spoofing_suspected": parsed.spoofing_suspected,
        }
    }


def _thread_new(ticket: Ticket, parsed: ParsedMessage, mailbox: Mailbox | None, own: set[str]) -> MailThread:
    """The new ticket's conversation with its final fields, for the caller to INSERT once: which
    mailbox, where answers go, who is in copy, its first Message-ID. The ticket was created in this
    transaction, so no thread can exist for it yet."""
    assert parsed.sender is not None
    # A From the sender's domain did not send may be forged: answers go to that address alone, so
    # a forged Reply-To or Cc never receives the real customer's case.
    trusted = not parsed.spoofing_suspected
    reply_to = (parsed.reply_to if trusted and parsed.reply_to else [parsed.sender])[0].addr
    cc: list[str] = []
    if trusted:
        known = {reply_to.lower()}
        for address in [a.addr for a in [parsed.sender, *parsed.to, *parsed.cc]]:
            if address.lower() not in known and address.lower() not in own:
                cc.append(address)
                known.add(address.lower())
    thread = MailThread(ticket=ticket, mailbox=mailbox, reply_to=reply_to, cc=cc[:MAX_COPIED])
    thread_advance(thread, parsed.message_id)
    return thread


def _thread_advance(
    ticket: Ticket, parsed: ParsedMessage, mailbox: Mailbox | None
) -> tuple[MailThread, list[str]]:
    """A reply is the conversation's newest message. Replies add nobody: only an agent widens a
    thread (`thread_copy_add`). Read again under its lock: an agent's reply may have moved it since
    `thread_find` read it. Returns the thread and the fields to write (none: a new thread to insert);
    the message row's statement writes them."""
    thread = thread_locked(ticket)
    if thread is None:
        # An email ticket without a thread (made before threads were kept): it starts here, with
        # nobody in copy, as a reply never widens the conversation.
        assert parsed.sender is not None
        trusted = not parsed.spoofing_suspected
        reply_to = (parsed.reply_to if trusted and parsed.reply_to else [parsed.sender])[0].addr
        thread = MailThread(ticket=ticket, mailbox=mailbox, reply_to=reply_to)
        thread_advance(thread, parsed.message_id)
        return thread, []
    thread_advance(thread, parsed.message_id)
    fields = ["last_message_id", "references"]
    if thread.mailbox_id is None and mailbox is not None:
        thread.mailbox = mailbox
        fields.append("mailbox")
    return thread, fields


# --- Bounces ----------------------------------------------------------------------------------------


def _bounce_record(message: InboundMessage, parsed: ParsedMessage) -> None:
    """A delivery failure of a message the helpdesk sent: tell the agents on the ticket.

    Only a bounce sent to a message's own bounce address counts (mail/bounces.py): one that merely
    quotes our Message-ID could come from anyone who saw it, so it is kept, with the reason, and
    changes nothing."""
    bounce = parsed.bounce
    tokens = bounce_tokens(bounce.sent_to) if bounce is not None else {}
    verified = [
        out
        for out in OutboundMessage.objects.select_for_update()
        .filter(pk__in=list(tokens))
        .select_related("ticket")
        .order_by("pk")
        if bounce_token_valid(outbound_id=out.pk, message_id=out.message_id, mac=tokens[out.pk])
    ]
    if bounce is None or not verified:
        message.error = _UNVERIFIED_BOUNCE
        return
    for out in verified:
        if out.status == OutboundStatus.BOUNCED:
            continue
        out.status = OutboundStatus.BOUNCED
        out.last_error = (bounce.diagnostic or bounce.status or "bounced")[:2000]
        out.save(update_fields=["status", "last_error"])
        timeline_event_add(
            out.ticket,
            "email_bounced",
            to=bounce.recipients or out.to,
            status=bounce.status,
            diagnostic=bounce.diagnostic[:500],
            entry=out.entry_id,
        )
        audit_record(
            action="mail.bounced", obj=out.ticket, actor_label="system:mail", after={"outbound": out.pk}
        )


_UNVERIFIED_BOUNCE = (
    "unverified bounce: not sent to the bounce address of a message the helpdesk sent, "
    "so no reply was marked bounced"
)


def inbound_process_stalled(*, older_than_seconds: int = 120, limit: int = 200) -> int:
    """Process what was stored but never processed: the worker died, or the task was never queued."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    stalled = list(
        InboundMessage.objects.filter(status=InboundStatus.RECEIVED, received_at__lt=cutoff).order_by("id")[
            :limit
        ]
    )
    for message in stalled:
        try:
            inbound_process(message=message)
        except Exception as exc:
            # It has had its tries already: quarantined, an admin sees it and the next message gets
            # its turn. If the database is down this fails too, and the next sweep starts over.
            log.exception("stalled inbound message %s could not be processed", message.pk)
            try:
                _quarantine_alone(message.pk, f"{type(exc).__name__}: {exc}")
            except Exception:
                log.exception("stalled inbound message %s could not be quarantined", message.pk)
    return len(stalled)
