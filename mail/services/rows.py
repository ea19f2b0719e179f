"""The message row at both ends of processing: locked with its mailbox and team when the work starts,
written once when it ends. Both run for every message, and the ORM compiled them anew each time (a
select_related over three tables with a subquery, an UPDATE of nine or eleven columns), which cost
more Python than the rest of the channel's statements together. Here the text is written once per
process (`helpdesk.rows`) and prepared on the connection (`helpdesk.prepared`), as live chat's hot
statements are. What processing writes besides the row (the conversation's thread, the Message-IDs
threading remembers) goes in the row's UPDATE, as parts of one `WITH` (`Writes`). Elsewhere than on
PostgreSQL the ORM does the same work.
"""

import dataclasses
import functools
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Subquery

from customers.models import Customer
from helpdesk import rows
from helpdesk.inserts import cte_insert
from helpdesk.models import ConfigVersion
from helpdesk.prepared import prepared_row
from mail.models import InboundMessage, Mailbox, MailThread, MessageRef
from mail.services.threads import message_refs_add
from tickets.models import EntryKind, Ticket, TimelineEntry

_Team: Any = Mailbox._meta.get_field("team").related_model


def message_locked(pk: int, *, config: str) -> InboundMessage:
    """The message, locked (not its mailbox or team), with its mailbox and team, and the `config`
    configuration token as `mail_config` (None when there is none yet). DoesNotExist if it is gone."""
    if connection.vendor != "postgresql":
        token = ConfigVersion.objects.filter(name=config).values("token")[:1]
        found = (
            InboundMessage.objects.select_for_update(of=("self",))
            .select_related("mailbox__team")
            .annotate(mail_config=Subquery(token))
        )
        return found.get(pk=pk)
    row = prepared_row(_lock_sql(), {"pk": pk, "config": config})
    if row is None:
        raise InboundMessage.DoesNotExist(f"inbound message {pk} does not exist")
    message_end = rows.width(InboundMessage)
    mailbox_end = message_end + rows.width(Mailbox)
    message = rows.instance(InboundMessage, row[:message_end])
    mailbox = None
    if message.mailbox_id is not None:
        mailbox = rows.instance(Mailbox, row[message_end:mailbox_end])
        team = rows.instance(_Team, row[mailbox_end:-1]) if mailbox.team_id is not None else None
        Mailbox.team.field.set_cached_value(mailbox, team)
    InboundMessage.mailbox.field.set_cached_value(message, mailbox)
    message.mail_config = row[-1]  # type: ignore[attr-defined]
    return message


def ticket_by_refs_locked(keys: list[str]) -> Ticket | None:
    """The ticket of the first of `keys` (Message-ID keys) that is known, locked (not its customer or
    thread), with its customer and its mail thread (None cached when it has none), as
    `MessageRef.objects.select_related("ticket__customer", "ticket__mail_thread")` ordered by the keys'
    positions reads it; PostgreSQL only. A reply reads it on every message."""
    row = prepared_row(_refs_lock_sql(), {"keys": keys})
    if row is None:
        return None
    ticket_end = rows.width(Ticket)
    customer_end = ticket_end + rows.width(Customer)
    ticket = rows.instance(Ticket, row[:ticket_end])
    Ticket.customer.field.set_cached_value(ticket, rows.instance(Customer, row[ticket_end:customer_end]))
    thread = None
    if row[customer_end] is not None:
        thread = rows.instance(MailThread, row[customer_end:])
        MailThread.ticket.field.set_cached_value(thread, ticket)
    Ticket.mail_thread.related.set_cached_value(ticket, thread)
    return ticket


@functools.cache
def _refs_lock_sql() -> str:
    qn = connection.ops.quote_name
    ref, thread = MessageRef._meta, MailThread._meta
    ticket_column = qn(str(ref.get_field("ticket").column))
    customer_column = qn(str(Ticket._meta.get_field("customer").column))
    thread_ticket = qn(str(thread.get_field("ticket").column))
    key = qn("message_key")
    # Every row's key is one of `keys` (unique, so one row each): the first in their order wins.
    return (
        f"SELECT {rows.columns(Ticket, 't')}, {rows.columns(Customer, 'c')}, {rows.columns(MailThread, 'h')}"  # noqa: S608
        f" FROM {qn(ref.db_table)} r"
        f" INNER JOIN {qn(Ticket._meta.db_table)} t ON t.{qn('id')} = r.{ticket_column}"
        f" INNER JOIN {qn(Customer._meta.db_table)} c ON c.{qn('id')} = t.{customer_column}"
        f" LEFT JOIN {qn(thread.db_table)} h ON h.{thread_ticket} = t.{qn('id')}"
        f" WHERE r.{key} = ANY(%(keys)s::text[])"
        f" ORDER BY array_position(%(keys)s::text[], r.{key}::text) LIMIT 1 FOR UPDATE OF t"
    )


def thread_locked(ticket: Ticket) -> MailThread | None:
    """The ticket's mail thread under its row lock, as `MailThread.objects.select_for_update()
    .filter(ticket=ticket).first()` reads it: a reply's thread, read again under its lock."""
    if connection.vendor != "postgresql":
        return MailThread.objects.select_for_update().filter(ticket=ticket).first()
    row = prepared_row(_thread_lock_sql(), {"ticket": ticket.pk})
    return None if row is None else rows.instance(MailThread, row)


@functools.cache
def _thread_lock_sql() -> str:
    qn = connection.ops.quote_name
    meta = MailThread._meta
    return (
        f"SELECT {rows.columns(MailThread, 'h')} FROM {qn(meta.db_table)} h"  # noqa: S608
        f" WHERE h.{qn(str(meta.get_field('ticket').column))} = %(ticket)s FOR UPDATE OF h"
    )


@dataclasses.dataclass
class Writes:
    """What processing a message writes besides its row, written with the row's UPDATE: the ticket's
    mail thread (new, `_state.adding`, for an INSERT; else an UPDATE of `thread_fields`, under the
    lock the caller took) and the Message-IDs threading remembers (`message_refs_add`'s rows)."""

    thread: MailThread | None = None
    thread_fields: list[str] = dataclasses.field(default_factory=list)
    refs: list[MessageRef] = dataclasses.field(default_factory=list)


class _FirstEntry:
    """The new ticket's first customer message as the UPDATE reads it from the ticket (PostgreSQL):
    an expression in the ORM's sense (`resolve_expression`), never compiled by it."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("written by mail.services.rows only")


_FIRST_ENTRY = _FirstEntry()


def first_entry(ticket: Ticket) -> Any:
    """The new ticket's first customer message, as a value the message row's UPDATE reads (the create
    path keeps the entry to itself; it is not read back)."""
    if connection.vendor == "postgresql":
        return _FIRST_ENTRY
    first = TimelineEntry.objects.filter(ticket_id=ticket.pk, kind=EntryKind.CUSTOMER_MESSAGE)
    return Subquery(first.order_by("pk").values("pk")[:1])


def message_processed_save(message: InboundMessage, fields: list[str], writes: Writes | None = None) -> None:
    """UPDATE `fields` of the message, as `save(update_fields=fields)` does, and `writes` in the same
    statement. The entry may be the new ticket's first customer message, not read yet (`first_entry`),
    which the statement reads from the ticket."""
    writes = writes or Writes()
    first_entry = hasattr(message.entry_id, "resolve_expression")
    if connection.vendor != "postgresql":
        thread = writes.thread
        if thread is not None:
            thread.save(force_insert=True) if thread._state.adding else thread.save(
                update_fields=writes.thread_fields
            )
        message_refs_add(writes.refs)
        message.save(update_fields=fields)
        return
    written = [InboundMessage._meta.get_field(name) for name in fields]
    params: dict[str, Any] = {"pk": message.pk, "first_kind": EntryKind.CUSTOMER_MESSAGE.value}
    for field in written:
        if not (first_entry and field.name == "entry"):
            params[field.attname] = field.get_db_prep_save(field.pre_save(message, False), connection)  # type: ignore[union-attr]
    params.setdefault("ticket_id", message.ticket_id)
    parts: list[str] = []
    if writes.thread is not None:
        parts.append(_thread_part(writes.thread, writes.thread_fields, params))
    if writes.refs:
        parts.append(_refs_sql())
        params.update(
            refs_keys=[r.message_key for r in writes.refs],
            refs_ids=[r.message_id for r in writes.refs],
            refs_tickets=[r.ticket_id for r in writes.refs],
            refs_directions=[r.direction for r in writes.refs],
        )
    sql = _update_sql(tuple(fields), first_entry=first_entry)
    row = prepared_row(_with_sql(tuple(parts), sql), params)
    if row is None:
        raise DatabaseError("Save with update_fields did not affect any rows.")
    if writes.thread is not None:
        writes.thread._state.adding = False


def _thread_part(thread: MailThread, fields: list[str], params: dict[str, Any]) -> str:
    if thread._state.adding:
        part = cte_insert(thread, "thread", written=lambda _key: None)
        params.update(part.params)
        return f"thread AS ({part.sql})"
    attnames = tuple(MailThread._meta.get_field(name).attname for name in fields)  # type: ignore[union-attr]
    params.update(rows.update_params(thread, attnames, prefix="thread_"))
    return f"thread AS ({rows.update_sql(MailThread, attnames, prefix='thread_')})"


@functools.cache
def _refs_sql() -> str:
    """The Message-IDs, as `message_refs_add` writes them: the first ticket a Message-ID was seen on
    keeps it."""
    qn = connection.ops.quote_name
    meta = MessageRef._meta
    fields: list[Any] = [
        meta.get_field(name) for name in ("message_key", "message_id", "ticket", "direction")
    ]
    columns = ", ".join(qn(str(field.column)) for field in fields)
    return (
        f"refs AS (INSERT INTO {qn(meta.db_table)} ({columns})"  # noqa: S608
        " SELECT * FROM unnest(%(refs_keys)s::text[], %(refs_ids)s::text[], %(refs_tickets)s::bigint[],"
        f" %(refs_directions)s::text[]) ON CONFLICT DO NOTHING RETURNING {qn('id')})"
    )


@functools.cache
def _with_sql(parts: tuple[str, ...], statement: str) -> str:
    return f"WITH {', '.join(parts)}\n{statement}" if parts else statement


@functools.cache
def _lock_sql() -> str:
    qn = connection.ops.quote_name
    mailbox_field: Any = InboundMessage._meta.get_field("mailbox")
    team_field: Any = Mailbox._meta.get_field("team")
    config = ConfigVersion._meta
    token = (
        f"(SELECT v.{qn('token')} FROM {qn(config.db_table)} v"  # noqa: S608
        f" WHERE v.{qn(str(config.pk.column))} = %(config)s LIMIT 1)"
    )
    return (
        f"SELECT {rows.columns(InboundMessage, 'm')}, {rows.columns(Mailbox, 'b')},"  # noqa: S608
        f" {rows.columns(_Team, 't')}, {token}"
        f" FROM {qn(InboundMessage._meta.db_table)} m"
        f" LEFT JOIN {qn(Mailbox._meta.db_table)} b ON b.{qn('id')} = m.{qn(mailbox_field.column)}"
        f" LEFT JOIN {qn(_Team._meta.db_table)} t ON t.{qn('id')} = b.{qn(team_field.column)}"
        f" WHERE m.{qn('id')} = %(pk)s FOR UPDATE OF m"
    )


@functools.cache
def _update_sql(fields: tuple[str, ...], *, first_entry: bool) -> str:
    qn = connection.ops.quote_name
    entries = TimelineEntry._meta
    sets = []
    for name in fields:
        field: Any = InboundMessage._meta.get_field(name)
        if first_entry and name == "entry":
            value = (
                f"(SELECT e.{qn('id')} FROM {qn(entries.db_table)} e"  # noqa: S608
                f" WHERE e.{qn('ticket_id')} = %(ticket_id)s AND e.{qn('kind')} = %(first_kind)s"
                f" ORDER BY e.{qn('id')} LIMIT 1)"
            )
        else:
            value = f"%({field.attname})s"
        sets.append(f"{qn(field.column)} = {value}")
    return (
        f"UPDATE {qn(InboundMessage._meta.db_table)} SET {', '.join(sets)}"  # noqa: S608
        f" WHERE {qn('id')} = %(pk)s RETURNING 1"
    )
