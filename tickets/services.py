"""Every write to a ticket, and only the write.

The core knows nothing of routing, SLA or the intake steps: a new ticket or customer message goes
through `intake.pipeline`, and an agent's (or a sweep's) change through `casework.services`, which
call these and then move the SLA clock in the same transaction.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_event, audit_record
from customers.models import Customer
from helpdesk.errors import DomainError
from helpdesk.inserts import CteInsert, cte_insert, saved
from helpdesk.prepared import execute_prepared
from helpdesk.rows import unsaved
from helpdesk.tags import named_rows
from tickets.attachments import CheckedFile, IncomingFile, check_attachments
from tickets.merging import merge_target
from tickets.models import (
    TRANSITIONS,
    Attachment,
    BodyFormat,
    Category,
    Channel,
    EntryKind,
    Priority,
    Status,
    Tag,
    Ticket,
    Tier,
    TimelineEntry,
)
from tickets.signals import note_posted, public_reply_posted, send_on_commit, ticket_assigned
from tickets.timeline import timeline_event_add

# A routing team: the core holds it by its foreign key ("routing.Team") and never imports routing.
TeamRow = Model

MAX_BODY = 100_000
MAX_TAGS = 20


@contextmanager
def write_transaction() -> Iterator[None]:
    """One transaction for a write: the caller's when there is one, else a new one.

    Inside a caller's transaction no savepoint is taken (a chat message, the hottest write, would pay
    two statements for each level). That is safe because the services that use this raise every
    refusal (DomainError) before their first write, so a caller that catches one goes on with
    nothing half written; any other error marks the caller's transaction for rollback, as a
    savepoint-free `atomic` does, so it can never commit half of this write."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            yield
        return
    try:
        yield
    except DomainError:
        raise
    except BaseException:
        transaction.set_rollback(True)
        raise


def _locked(ticket: Ticket, *, held: bool = False) -> Ticket:
    """Re-read the row under a lock so concurrent writers queue instead of overwriting each other.

    `held=True`: the caller read `ticket` (with its customer) under that lock in this transaction
    already (live chat locks the conversation and its ticket in one statement), so it is used as is."""
    if held:
        return ticket
    return Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)


def _check_transition(before: str, status: str) -> None:
    if status not in TRANSITIONS[before]:
        raise DomainError(
            _("a ticket cannot go from %(before)s to %(after)s")
            % {
                "before": Status(before).label,
                "after": Status(status).label,
            },
            code="bad_transition",
        )


def _refuse_closed(ticket: Ticket) -> None:
    """Closed is final: a follow-up is a new ticket. Callers hold the row lock."""
    if ticket.status == Status.CLOSED:
        raise DomainError(_("this ticket is closed; open a follow-up ticket instead"), code="closed")


def _actor_label(actor: User | None, customer: Customer | None = None) -> str | None:
    if actor is None and customer is not None:
        return f"customer:{customer.external_id}"
    return None


def _clean_body(body: str, *, required: bool = True) -> str:
    body = (body or "").replace("\x00", "").strip()
    if required and not body:
        raise DomainError(_("the message is empty"))
    if len(body) > MAX_BODY:
        raise DomainError(_("the message is longer than %(count)s characters") % {"count": MAX_BODY})
    return body


def _add_entry(
    ticket: Ticket,
    *,
    kind: str,
    channel: str,
    body: str = "",
    body_format: str = BodyFormat.TEXT,
    author: User | None = None,
    customer: Customer | None = None,
    data: dict[str, Any] | None = None,
    files: Sequence[CheckedFile] = (),
    at: dt.datetime | None = None,
    seq: int | None = None,
    client_id: str = "",
) -> TimelineEntry:
    entry = TimelineEntry.objects.create(
        ticket=ticket,
        kind=kind,
        channel=channel,
        body=body,
        body_format=body_format,
        author=author,
        customer=customer,
        data=data or {},
        created_at=at or timezone.now(),
        seq=seq,
        client_id=client_id,
    )
    for f in files:
        attachment = Attachment(
            entry=entry, filename=f.filename, content_type=f.content_type, size=f.size, sha256=f.sha256
        )
        attachment.file.save(f.filename, f.as_django_file(), save=False)
        attachment.save()
    if not files:
        # A new entry written without files has none: the steps that look (triage reads the file
        # names) are answered without a statement.
        entry._prefetched_objects_cache = {"attachments": Attachment.objects.none()}  # type: ignore[attr-defined]
    return entry


@dataclass(frozen=True)
class AlsoWrite:
    """A data-modifying statement of the caller's run inside a message's own statement, as one more
    CTE (`name AS (sql)`): live chat numbers its conversation there. Its parameters are named
    `%(also_*)s` so they never meet the message's. `then`: one more write of the caller's in the same
    statement (a chat message's SLA clock)."""

    sql: str
    params: dict[str, Any] = field(default_factory=dict)
    then: "AlsoWrite | None" = None

    def chain(self) -> "tuple[AlsoWrite, ...]":
        return (self, *(self.then.chain() if self.then is not None else ()))

    def followed_by(self, write: "AlsoWrite") -> "AlsoWrite":
        """These writes, and `write` after them."""
        return replace(self, then=write if self.then is None else self.then.followed_by(write))


# A message on a ticket whose row the caller holds, in one statement: the entry, the ticket's
# `updated_at` (and its first response, when this reply is one), the audit record that names the entry,
# and what the caller adds (`AlsoWrite`). Each of these was a round trip of its own, compiled by the
# ORM every time; this is prepared once per connection.
_MESSAGE_SQL = """
WITH entry AS (
    INSERT INTO tickets_timelineentry (ticket_id, kind, author_id, customer_id, channel, body,
                                       body_format, data, created_at, seq, client_id)
    VALUES (%(ticket)s, %(kind)s, %(author)s, %(customer)s, %(channel)s, %(body)s,
            %(body_format)s, %(data)s, %(at)s, %(seq)s, %(client_id)s)
    RETURNING id
),
bumped AS (
    UPDATE tickets_ticket
    SET updated_at = %(at)s, first_response_at = coalesce(first_response_at, %(first_response)s)
    WHERE id = %(ticket)s
),
audited AS (
    INSERT INTO audit_auditevent
        (created_at, actor_id, actor_label, action, object_type, object_id, object_repr,
         before, after, ip, reason)
    SELECT %(audit_at)s, %(actor)s, %(actor_label)s, %(action)s, %(object_type)s, %(object_id)s,
           %(object_repr)s, NULL, jsonb_build_object('entry', entry.id) || %(after)s::jsonb,
           %(ip)s::inet, %(reason)s
    FROM entry
    RETURNING id
){also}
SELECT entry.id, audited.id FROM entry, audited
"""


@functools.cache
def _message_sql(also: tuple[str, ...]) -> str:
    return _MESSAGE_SQL.format(also="".join(f",\nalso{i or ''} AS ({sql})" for i, sql in enumerate(also)))


def _write_held_message(
    ticket: Ticket,
    *,
    kind: str,
    body: str,
    body_format: str,
    author: User | None = None,
    customer: Customer | None = None,
    data: dict[str, Any] | None = None,
    seq: int | None,
    client_id: str,
    audit: AuditEvent,
    channel: str | None = None,
    responds: bool = False,
    also: AlsoWrite | None = None,
    at: dt.datetime | None = None,
) -> TimelineEntry:
    """`_add_entry` without files, the ticket's `updated_at` and `audit_record` of `audit` (its `after`
    gets the entry's id) in one statement, on a ticket the caller holds under its row lock; `ticket`
    in memory is brought up to date with what was written."""
    at = at or timezone.now()
    entry = unsaved(
        TimelineEntry,
        ticket=ticket,
        kind=kind,
        channel=channel or ticket.channel,
        body=body,
        body_format=body_format,
        author=author,
        customer=customer,
        data=data or {},
        created_at=at,
        seq=seq,
        client_id=client_id,
    )
    first_response = at if responds and ticket.first_response_at is None else None
    audit.created_at = timezone.now()
    params: dict[str, Any] = {
        "ticket": ticket.pk,
        "kind": kind,
        "author": author.pk if author else None,
        "customer": customer.pk if customer else None,
        "channel": entry.channel,
        "body": body,
        "body_format": body_format,
        "data": TimelineEntry._meta.get_field("data").get_db_prep_save(entry.data, connection),
        "at": at,
        "seq": seq,
        "client_id": client_id,
        "first_response": first_response,
        "audit_at": audit.created_at,
        "actor": audit.actor_id,
        "actor_label": audit.actor_label,
        "action": audit.action,
        "object_type": audit.object_type,
        "object_id": audit.object_id,
        "object_repr": audit.object_repr,
        "after": AuditEvent._meta.get_field("after").get_db_prep_save(audit.after or {}, connection),
        "ip": audit.ip,
        "reason": audit.reason,
    }
    writes = also.chain() if also is not None else ()
    for write in writes:
        params.update(write.params)
    (entry_id, audit_id), _ = execute_prepared(_message_sql(tuple(w.sql for w in writes)), params)
    entry.pk = entry_id
    entry._state.adding = False
    entry._state.db = connection.alias
    # Written without files: the steps that look at them (triage reads the names) need no statement.
    entry._prefetched_objects_cache = {"attachments": Attachment.objects.none()}  # type: ignore[attr-defined]
    audit.pk = audit_id
    audit._state.adding = False
    ticket.updated_at = at
    if first_response is not None:
        ticket.first_response_at = first_response
    return entry


def _also_write(also: AlsoWrite | None) -> None:
    """The caller's `AlsoWrite` on its own, when the message could not be written in one statement."""
    if also is not None:
        writes = also.chain()
        ctes = ", ".join(f"also{i or ''} AS ({w.sql})" for i, w in enumerate(writes))
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {ctes} SELECT 1", {k: v for w in writes for k, v in w.params.items()})


def _tags(names: Iterable[str]) -> list[Tag]:
    slugs = sorted({slugify(n, allow_unicode=True)[:50] for n in names if n and n.strip()})
    if len(slugs) > MAX_TAGS:
        raise DomainError(_("at most %(count)s tags") % {"count": MAX_TAGS})
    return named_rows(Tag, slugs)


@functools.cache
def _choice_values(choices: Any) -> frozenset[Any]:
    # Django builds `choices.values` as a new list on every access; checked on every create and message.
    return frozenset(choices.values)


def _check_choice(value: Any, choices: Any, field: str) -> None:
    try:
        known = value in _choice_values(choices)
    except TypeError:  # unhashable, so none of the choices
        known = False
    if not known:
        allowed = ", ".join(str(v) for v in choices.values)
        raise DomainError(_("%(field)s must be one of %(allowed)s") % {"field": field, "allowed": allowed})


# What the caller of `ticket_create_with_entry` adds to the new case's statement: asked with the
# ticket and its first message as they will be written (no keys yet), it returns its row as a part
# that names theirs as `ticket.id` and `entry.id`, or None for nothing.
OpeningWrite = Callable[[Ticket, TimelineEntry], CteInsert | None]


def ticket_create_with_entry(
    *,
    customer: Customer,
    subject: str,
    body: str,
    channel: str = Channel.WEB,
    actor: User | None = None,
    body_format: str = BodyFormat.TEXT,
    priority: int = Priority.NORMAL,
    category: str = Category.OTHER,
    language: str | None = None,
    tags: Iterable[str] = (),
    team: TeamRow | None = None,
    tier: int = Tier.GENERAL,
    assignee: User | None = None,
    attachments: Sequence[IncomingFile] = (),
    seq: int | None = None,
    client_id: str = "",
    entry_data: dict[str, Any] | None = None,
    also: Sequence[OpeningWrite] = (),
) -> tuple[Ticket, TimelineEntry]:
    """Open a ticket with the customer's first message (typed by an agent when `actor` is set).

    Only the write: callers open tickets through `intake.pipeline.ticket_open`, which routes the case
    and starts its SLA clock in the same transaction. `seq` and `client_id` number the first message
    when the ticket is a live chat; `entry_data` is kept with the first message (an email's sender,
    recipients and Message-ID). Returns the ticket and that first message, as written.

    `also`: the caller's rows of the new case (tier 0's reading, the SLA clock), each asked for with
    the ticket and its entry as they will be written. On PostgreSQL, for a message without files, they
    go in the ticket's own statement and each is told its key (`CteInsert.written`); otherwise none is
    asked for, and the caller writes them itself.
    """
    subject = (subject or "").strip()
    if not subject:
        raise DomainError(_("the subject is empty"))
    if len(subject) > 250:
        raise DomainError(_("the subject is longer than 250 characters"))
    body = _clean_body(body)
    _check_choice(channel, Channel, "channel")
    _check_choice(priority, Priority, "priority")
    _check_choice(category, Category, "category")
    _check_choice(tier, Tier, "tier")
    _check_choice(body_format, BodyFormat, "body_format")
    files = check_attachments(list(attachments))
    now = timezone.now()
    with write_transaction():
        # Tags are checked (at most MAX_TAGS) before the ticket is written: a refusal comes first.
        tag_objs = _tags(tags)
        # Built as `Ticket(...)` builds them, without its per-field walk (helpdesk.rows.unsaved).
        ticket = unsaved(
            Ticket,
            subject=subject,
            customer=customer,
            channel=channel,
            priority=priority,
            category=category,
            language=language or customer.language,
            team=team,  # a routing.Team (see TeamRow)
            tier=tier,
            assignee=assignee,
            status=Status.OPEN if assignee else Status.NEW,
            created_at=now,
            updated_at=now,
        )
        created = {
            "status": ticket.status,
            "priority": ticket.priority,
            "channel": channel,
            "category": category,
            "team": team.pk if team else None,
            "assignee": assignee.pk if assignee else None,
            "tags": [t.name for t in tag_objs],
        }
        if connection.vendor == "postgresql" and not files:
            entry = unsaved(
                TimelineEntry,
                ticket=ticket,
                kind=EntryKind.CUSTOMER_MESSAGE,
                channel=channel,
                body=body,
                body_format=body_format,
                customer=customer,
                data=entry_data or {},
                created_at=now,
                seq=seq,
                client_id=client_id,
            )
            audit = audit_event(
                action="ticket.created",
                obj=ticket,
                actor=actor,
                actor_label=_actor_label(actor, customer),
                after=created,
            )
            _write_opening(ticket, entry, audit, also)
        else:
            ticket.save(force_insert=True)
            entry = _add_entry(
                ticket,
                kind=EntryKind.CUSTOMER_MESSAGE,
                channel=channel,
                body=body,
                body_format=body_format,
                customer=customer,
                files=files,
                at=now,
                seq=seq,
                client_id=client_id,
                data=entry_data,
            )
            audit_record(
                action="ticket.created",
                obj=ticket,
                actor=actor,
                actor_label=_actor_label(actor, customer),
                after=created,
            )
        if tag_objs:
            ticket.tags.set(tag_objs)
        if len(tag_objs) <= 1:
            # The tags as written, as a prefetch leaves them: `ticket.tags.all()` needs no statement (the
            # API's answer to a create). Two or more are in the database collation's order, so read.
            # Any later change through the manager drops them.
            known: Any = ticket.tags.all()
            known._result_cache, known._prefetch_done = tag_objs, True
            ticket._prefetched_objects_cache = {"tags": known}  # type: ignore[attr-defined]
    return ticket, entry


# The audit record names the ticket as `str(ticket)` does (`HD-000123 subject`), written by the
# statement that gives the ticket its id.
_OPENING_REPR = (
    "left(%(audited_ref)s || lpad(ticket.id::text, greatest(6, length(ticket.id::text)), '0')"
    " || %(audited_subject)s, 200)"
)


def _write_opening(
    ticket: Ticket, entry: TimelineEntry, audit: AuditEvent, also: Sequence[OpeningWrite]
) -> None:
    """A new case in one statement (PostgreSQL): the ticket, its first message, the audit record and
    the caller's rows (`also`), each a part of one `WITH` (helpdesk/inserts.py). Every part is written
    or, if the statement fails, none; the instances come out as `save()` leaves them."""
    parts = [
        cte_insert(ticket, "ticket", written=functools.partial(saved, ticket)),
        cte_insert(
            entry,
            "entry",
            refs={"ticket_id": "ticket.id"},
            sources=("ticket",),
            written=functools.partial(saved, entry),
        ),
        cte_insert(
            audit,
            "audited",
            refs={"object_id": "ticket.id::text", "object_repr": _OPENING_REPR},
            sources=("ticket",),
            params={
                "audited_ref": f"{settings.HELPDESK_TICKET_PREFIX}-",
                "audited_subject": f" {ticket.subject}",
            },
            written=functools.partial(saved, audit),
        ),
    ]
    parts += [part for write in also if (part := write(ticket, entry)) is not None]
    params: dict[str, Any] = {}
    for part in parts:
        params.update(part.params)
    row, _names = execute_prepared(_opening_sql(tuple((p.name, p.sql) for p in parts)), params)
    for part, key in zip(parts, row, strict=True):
        part.written(key)
    entry.ticket_id = ticket.pk
    # Written without files: the steps that look at them (triage reads the names) need no statement.
    entry._prefetched_objects_cache = {"attachments": Attachment.objects.none()}  # type: ignore[attr-defined]
    audit.object_id = str(ticket.pk)
    audit.object_repr = str(ticket)[:200]


@functools.cache
def _opening_sql(parts: tuple[tuple[str, str], ...]) -> str:
    ctes = ",\n".join(f"{name} AS ({sql})" for name, sql in parts)
    # A part held back by its condition returns no row: each key is read on its own (NULL then).
    keys = ", ".join(f"(SELECT * FROM {name})" for name, _sql in parts)  # noqa: S608  # names from code
    return f"WITH {ctes}\nSELECT {keys}"


def ticket_reply(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    status: str | None = None,
    seq: int | None = None,
    client_id: str = "",
    responds: bool = True,
    held: bool = False,
    also: AlsoWrite | None = None,
    seen: int | None = None,
    at: dt.datetime | None = None,
) -> TimelineEntry:
    """A public reply to the customer. The first one stamps the first-response time, unless
    `responds=False`: a notice that answers nothing (who will answer, and when) leaves it to a person.

    `seq` and `client_id` number the reply in a live chat; the chat service allocates them, holding
    the ticket's row lock already (`held=True`), and numbers its conversation in the reply's own
    statement (`also`). `at`: the reply's time, when the caller chose it before the write.

    `seen`: the id of the last timeline entry the author saw. When the customer wrote, or someone else
    replied publicly, after it, nothing is written and ReplyCollision names those entries (docs/collision.md).
    """
    return _public_reply(
        ticket,
        author=author,
        body=_clean_body(body),
        body_format=body_format,
        files=check_attachments(list(attachments)),
        status=status,
        seq=seq,
        client_id=client_id,
        responds=responds,
        held=held,
        also=also,
        seen=seen,
        at=at,
    )


class ReplyCollision(DomainError):
    """A reply written over newer words: the customer wrote, or another reply went out, after the entry
    the author last saw. `newer` holds those entries' ids, oldest first."""

    def __init__(self, newer: list[int]) -> None:
        super().__init__(
            _("New messages arrived while you were writing. Read them, then send anyway or edit your reply."),
            code="collision",
        )
        self.newer = newer


# At most this many newer entries are named; a reply that far behind is refused all the same.
COLLISION_LIMIT = 20


def _check_collision(ticket: Ticket, author: User | None, seen: int) -> None:
    """Refuse a reply over a customer message or another's public reply newer than `seen`. Runs under the
    ticket's row lock, which every writer of those entries takes: none can slip in after the check."""
    newer = list(
        TimelineEntry.objects.filter(ticket_id=ticket.pk, pk__gt=seen)
        .filter(
            Q(kind=EntryKind.CUSTOMER_MESSAGE)
            | (Q(kind=EntryKind.AGENT_REPLY) & ~Q(author_id=author.pk if author else None))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:COLLISION_LIMIT]
    )
    if newer:
        raise ReplyCollision(newer)


def ticket_reply_recorded(
    *,
    ticket: Ticket,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    entry_data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """A reply the customer already received from outside the helpdesk (written in the shared support
    mailbox's own mail client): it goes on the timeline and counts as a response, and is not sent."""
    return _public_reply(
        ticket,
        author=None,
        body=_clean_body(body),
        body_format=body_format,
        files=check_attachments(list(attachments)),
        data=entry_data,
        deliver=False,
    )


def _public_reply(
    ticket: Ticket,
    *,
    author: User | None,
    body: str,
    body_format: str,
    files: Sequence[CheckedFile],
    status: str | None = None,
    seq: int | None = None,
    client_id: str = "",
    data: dict[str, Any] | None = None,
    deliver: bool = True,
    responds: bool = True,
    held: bool = False,
    also: AlsoWrite | None = None,
    seen: int | None = None,
    at: dt.datetime | None = None,
) -> TimelineEntry:
    with write_transaction():
        ticket = _locked(ticket, held=held)
        _refuse_closed(ticket)
        if seen is not None:
            _check_collision(ticket, author, seen)
        target = status or (Status.OPEN if ticket.status == Status.NEW else None)
        if target and target != ticket.status:
            _check_transition(ticket.status, target)
        if held and not files:
            entry = _write_held_message(
                ticket,
                kind=EntryKind.AGENT_REPLY,
                body=body,
                body_format=body_format,
                author=author,
                data=data,
                seq=seq,
                client_id=client_id,
                responds=responds,
                audit=audit_event(
                    action="ticket.replied",
                    obj=ticket,
                    actor=author,
                    actor_label=None if author else "system:mail",
                    after=None if deliver else {"delivered_elsewhere": True},
                ),
                also=also,
                at=at,
            )
            _after_reply(ticket, author, entry, target, deliver=deliver)
            return entry
        entry = _add_entry(
            ticket,
            kind=EntryKind.AGENT_REPLY,
            channel=ticket.channel,
            body=body,
            body_format=body_format,
            author=author,
            files=files,
            seq=seq,
            client_id=client_id,
            data=data,
            at=at,
        )
        fields = ["updated_at"]
        if responds and ticket.first_response_at is None:
            ticket.first_response_at = entry.created_at
            fields.append("first_response_at")
        ticket.updated_at = entry.created_at
        ticket.save(update_fields=fields)
        audit_record(
            action="ticket.replied",
            obj=ticket,
            actor=author,
            actor_label=None if author else "system:mail",
            after={"entry": entry.pk} if deliver else {"entry": entry.pk, "delivered_elsewhere": True},
        )
        _also_write(also)
        _after_reply(ticket, author, entry, target, deliver=deliver)
    return entry


def _after_reply(
    ticket: Ticket, author: User | None, entry: TimelineEntry, target: str | None, *, deliver: bool
) -> None:
    if deliver:
        # The channel delivers it (email queues it in its outbox) in this same transaction.
        public_reply_posted.send(sender=Ticket, ticket=ticket, entry=entry)
    if target and target != ticket.status:
        _set_status(ticket, author, target)


def ticket_note(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    seq: int | None = None,
    client_id: str = "",
    held: bool = False,
    also: AlsoWrite | None = None,
) -> TimelineEntry:
    """An internal note: agents see it, the customer never does. `held=True`: the caller holds the
    ticket's row lock (see `_locked`) and may add to the note's statement (`also`)."""
    body = _clean_body(body)
    _check_choice(body_format, BodyFormat, "body_format")
    files = check_attachments(list(attachments))
    with write_transaction():
        ticket = _locked(ticket, held=held)
        if held and not files:
            held_entry = _write_held_message(
                ticket,
                kind=EntryKind.INTERNAL_NOTE,
                body=body,
                body_format=body_format,
                author=author,
                seq=seq,
                client_id=client_id,
                audit=audit_event(action="ticket.noted", obj=ticket, actor=author),
                also=also,
            )
            _note_posted(ticket, held_entry, author, body)
            return held_entry
        entry = _add_entry(
            ticket,
            kind=EntryKind.INTERNAL_NOTE,
            channel=ticket.channel,
            body=body,
            body_format=body_format,
            author=author,
            files=files,
            seq=seq,
            client_id=client_id,
        )
        ticket.updated_at = entry.created_at
        ticket.save(update_fields=["updated_at"])
        audit_record(action="ticket.noted", obj=ticket, actor=author, after={"entry": entry.pk})
        _also_write(also)
        _note_posted(ticket, entry, author, body)
    return entry


def _note_posted(ticket: Ticket, entry: TimelineEntry, author: User, body: str) -> None:
    if "@" in body:
        send_on_commit(note_posted, ticket_id=ticket.pk, entry_id=entry.pk, author_id=author.pk, body=body)


def ticket_customer_message(
    *,
    ticket: Ticket,
    body: str,
    channel: str | None = None,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    actor: User | None = None,
    seq: int | None = None,
    client_id: str = "",
    entry_data: dict[str, Any] | None = None,
    held: bool = False,
    also: AlsoWrite | None = None,
    at: dt.datetime | None = None,
) -> TimelineEntry:
    """The customer writes again. A waiting or solved ticket comes back to the agents' queues.

    A message may be a file alone, with no text (a screenshot sent from the chat widget). Only the
    write: callers go through `intake.pipeline.customer_message_add`, which moves the SLA clock.
    `held=True`: the caller holds the ticket's row lock (see `_locked`) and may add to the message's
    statement (`also`). `at`: the message's time, when the caller chose it before the write.
    """
    body = _clean_body(body, required=not attachments)
    files = check_attachments(list(attachments))
    if channel is not None:
        _check_choice(channel, Channel, "channel")
    with write_transaction():
        ticket = _locked(ticket, held=held)
        # The case the agents work the message on: `ticket`, or the one it was merged into.
        work = ticket
        if ticket.merged_into_id is not None:
            work = _locked(merge_target(ticket))
            if seq is None:
                # A duplicate merged into another case: the customer's message lands there, noting
                # where it arrived.
                entry_data = {**(entry_data or {}), "arrived_on": ticket.pk}
                ticket, held = work, False
            # A live chat's message (`seq`) is numbered by its conversation, which numbers, replays
            # and de-duplicates its messages on its own ticket: it stays there, the target's timeline
            # reads it beside its own (`timeline_with_merged`), and the target comes back to the
            # agents. On the target its number could be one the target's own chat gave out.
        _refuse_closed(work)
        reopens = work.status in (Status.PENDING, Status.ON_HOLD, Status.SOLVED)
        if reopens:
            _check_transition(work.status, Status.OPEN)
        if held and not files:
            entry = _write_held_message(
                ticket,
                kind=EntryKind.CUSTOMER_MESSAGE,
                channel=channel,
                body=body,
                body_format=body_format,
                customer=ticket.customer,
                data=entry_data,
                seq=seq,
                client_id=client_id,
                audit=audit_event(
                    action="ticket.customer_messaged",
                    obj=ticket,
                    actor=actor,
                    actor_label=_actor_label(actor, ticket.customer),
                ),
                also=also,
                at=at,
            )
            _work_follows(work, entry, actor, reopens)
            return entry
        entry = _add_entry(
            ticket,
            kind=EntryKind.CUSTOMER_MESSAGE,
            channel=channel or ticket.channel,
            body=body,
            body_format=body_format,
            customer=ticket.customer,
            files=files,
            seq=seq,
            client_id=client_id,
            data=entry_data,
            at=at,
        )
        ticket.updated_at = entry.created_at
        ticket.save(update_fields=["updated_at"])
        audit_record(
            action="ticket.customer_messaged",
            obj=ticket,
            actor=actor,
            actor_label=_actor_label(actor, ticket.customer),
            after={"entry": entry.pk},
        )
        _also_write(also)
        _work_follows(work, entry, actor, reopens)
    return entry


def _work_follows(work: Ticket, entry: TimelineEntry, actor: User | None, reopens: bool) -> None:
    """After a customer's message: the case worked on it comes back to the queues if it waited, and
    one it was merged into (the entry stayed on its chat's ticket) shows the activity."""
    if reopens:
        _set_status(work, actor, Status.OPEN, customer=work.customer)
    elif work.pk != entry.ticket_id:
        work.updated_at = entry.created_at
        work.save(update_fields=["updated_at"])


def ticket_message_held(
    *,
    ticket: Ticket,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    entry_data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """A message on the ticket's conversation from someone who is not on the ticket (a reply to its
    email thread from an unknown address). Agents see it; it is not the customer's message, so it
    neither reopens the ticket nor moves its SLA clock, and it is sent on to nobody."""
    body = _clean_body(body, required=False) or "(empty message)"
    files = check_attachments(list(attachments))
    with transaction.atomic():
        ticket = _locked(ticket)
        entry = _add_entry(
            ticket,
            kind=EntryKind.HELD_MESSAGE,
            channel=ticket.channel,
            body=body,
            body_format=body_format,
            files=files,
            data=entry_data,
        )
        audit_record(
            action="ticket.message_held", obj=ticket, actor_label="system:mail", after={"entry": entry.pk}
        )
    return entry


def _set_status(ticket: Ticket, actor: User | None, status: str, *, customer: Customer | None = None) -> None:
    """The one place a status changes; callers hold the row lock."""
    before = ticket.status
    _check_transition(before, status)
    now = timezone.now()
    ticket.status = status
    ticket.updated_at = now
    fields = ["status", "updated_at"]
    if before == Status.SOLVED and status == Status.OPEN:
        ticket.reopen_count += 1
        ticket.solved_at = None
        fields += ["reopen_count", "solved_at"]
    if status == Status.SOLVED:
        ticket.solved_at = now
        fields.append("solved_at")
    if status == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    ticket.save(update_fields=fields)
    event = "reopened" if before == Status.SOLVED and status == Status.OPEN else "status_changed"
    timeline_event_add(ticket, event, actor=actor, **{"from": before, "to": status})
    audit_record(
        action="ticket.status_changed",
        obj=ticket,
        actor=actor,
        actor_label=_actor_label(actor, customer),
        before={"status": before},
        after={"status": status},
    )


def ticket_set_status(*, ticket: Ticket, actor: User | None, status: str) -> Ticket:
    _check_choice(status, Status, "status")
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_closed(ticket)
        if ticket.status != status:
            _set_status(ticket, actor, status)
    return ticket


class _Keep:
    """Marks an argument the caller leaves as it is."""


KEEP = _Keep()


def ticket_assign(
    *, ticket: Ticket, actor: User | None, assignee: User | None, team: TeamRow | _Keep | None = KEEP
) -> Ticket:
    """Assign to an agent (None unassigns); pass `team` to move the ticket to another team too."""
    if assignee is not None and not assignee.is_active:
        raise DomainError(_("that agent's account is inactive"))
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_closed(ticket)
        before = {"assignee": ticket.assignee_id, "team": ticket.team_id}
        ticket.assignee = assignee
        if not isinstance(team, _Keep):
            if team is None and ticket.team_id is not None:
                # A case without a team is off every team's board and out of "get next".
                raise DomainError(_("a ticket always belongs to a team: choose another team instead"))
            ticket.team = team  # type: ignore[assignment]  # a routing.Team (see TeamRow)
        after = {"assignee": ticket.assignee_id, "team": ticket.team_id}
        if before == after:
            return ticket
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["assignee", "team", "updated_at"])
        if before["assignee"] != after["assignee"]:
            timeline_event_add(
                ticket,
                "assigned" if assignee else "unassigned",
                actor=actor,
                **{"from": before["assignee"], "to": after["assignee"], "to_name": str(assignee or "")},
            )
        if before["team"] != after["team"]:
            timeline_event_add(
                ticket,
                "team_changed",
                actor=actor,
                **{"from": before["team"], "to": after["team"], "to_name": str(ticket.team or "")},
            )
        audit_record(action="ticket.assigned", obj=ticket, actor=actor, before=before, after=after)
        if assignee is not None and before["assignee"] != after["assignee"] and assignee != actor:
            send_on_commit(
                ticket_assigned,
                ticket_id=ticket.pk,
                assignee_id=assignee.pk,
                actor_id=actor.pk if actor else None,
            )
        if assignee and ticket.status == Status.NEW:
            _set_status(ticket, actor, Status.OPEN)
    return ticket


UPDATABLE = {"subject", "priority", "category", "tier", "language"}


def ticket_update(*, ticket: Ticket, actor: User | None, **changes: Any) -> Ticket:
    """Change the ticket's descriptive fields; each change is a timeline event and an audit record."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(_("cannot change %(fields)s here") % {"fields": ", ".join(sorted(unknown))})
    if "priority" in changes:
        _check_choice(changes["priority"], Priority, "priority")
    if "category" in changes:
        _check_choice(changes["category"], Category, "category")
    if "tier" in changes:
        _check_choice(changes["tier"], Tier, "tier")
    if "subject" in changes:
        changes["subject"] = (changes["subject"] or "").strip()
        if not changes["subject"] or len(changes["subject"]) > 250:
            raise DomainError(_("the subject must have 1 to 250 characters"))
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_closed(ticket)
        before = {k: getattr(ticket, k) for k in changes}
        changed = {k: v for k, v in changes.items() if before[k] != v}
        if not changed:
            return ticket
        for field, value in changed.items():
            setattr(ticket, field, value)
            timeline_event_add(
                ticket, f"{field}_changed", actor=actor, **{"from": before[field], "to": value}
            )
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action="ticket.updated",
            obj=ticket,
            actor=actor,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return ticket


def ticket_set_tags(*, ticket: Ticket, actor: User | None, tags: Iterable[str]) -> Ticket:
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_closed(ticket)
        before = sorted(ticket.tags.values_list("name", flat=True))
        tag_objs = _tags(tags)
        after = [t.name for t in tag_objs]
        if before == after:
            return ticket
        ticket.tags.set(tag_objs)
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["updated_at"])
        timeline_event_add(ticket, "tags_changed", actor=actor, **{"from": before, "to": after})
        audit_record(
            action="ticket.tags_changed",
            obj=ticket,
            actor=actor,
            before={"tags": before},
            after={"tags": after},
        )
    return ticket


def solved_ticket_ids(*, cutoff: dt.datetime, limit: int = 500) -> list[int]:
    """Tickets solved before `cutoff`, oldest first: the candidates for closing."""
    return list(
        Ticket.objects.filter(status=Status.SOLVED, solved_at__lt=cutoff)
        .order_by("solved_at")
        .values_list("pk", flat=True)[:limit]
    )


def ticket_close_solved(*, pk: int, cutoff: dt.datetime) -> Ticket | None:
    """Close one ticket solved before `cutoff`; None when another worker holds it or the customer
    wrote back since it was listed. Safe to run twice or in parallel."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if ticket is None or ticket.status != Status.SOLVED or ticket.solved_at is None:
            return None
        if ticket.solved_at >= cutoff:
            return None
        _set_status(ticket, None, Status.CLOSED)
        return ticket
