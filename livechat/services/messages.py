"""The messages of a chat, numbered in order, and the read receipts that follow them."""

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from casework.services import ticket_reply
from customers.models import Customer
from helpdesk import rows
from helpdesk.errors import DomainError
from helpdesk.prepared import prepared_row
from intake.pipeline import (
    CUSTOMER_MESSAGE_HELD_WIDTH,
    customer_message_add,
    customer_message_held_columns,
    customer_message_held_params,
    customer_message_hold,
)
from livechat import events
from livechat.access import (
    AGENT_MAY_SEE_TICKET_SQL,
    agent_access_precheck,
    check_agent_access,
    check_chat_holder,
)
from livechat.events import MessageData
from livechat.models import Conversation, ConversationStatus
from sla.models import TicketClock
from sla.services.clock import clock_hold, held_clock_columns, held_clock_params, held_clock_width
from tickets.attachments import IncomingFile
from tickets.models import Channel, EntryKind, Ticket, TimelineEntry
from tickets.services import AlsoWrite, ticket_note, write_transaction

CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Translated only in the refusal that names it, not on every reply.
_REPLY = gettext_lazy("reply")


@dataclass(frozen=True)
class Posted:
    message: MessageData
    created: bool


def _check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise DomainError(
            _("Each message needs a client_id of 1 to 64 letters, digits or ._:-"), code="bad_frame"
        )
    return client_id


def _entry_with_relations(ticket_id: int, **lookup: object) -> TimelineEntry | None:
    return (
        TimelineEntry.objects.filter(ticket_id=ticket_id, **lookup)
        .select_related("author", "customer")
        .prefetch_related("attachments")
        .first()
    )


def _same_sender(entry: TimelineEntry, agent: User | None, internal: bool) -> bool:
    if agent is None:
        return entry.kind == EntryKind.CUSTOMER_MESSAGE
    kind = EntryKind.INTERNAL_NOTE if internal else EntryKind.AGENT_REPLY
    return entry.kind == kind and entry.author_id == agent.pk


def chat_message_post(
    *,
    conversation_id: int,
    body: str,
    client_id: str,
    agent: User | None = None,
    internal: bool = False,
    attachments: Sequence[IncomingFile] = (),
    seen: int | None = None,
    check_access: bool = False,
) -> Posted:
    """Store the next message of a chat and publish it after commit.

    `agent=None` is the visitor; `internal=True` an agent's note, which only agents hear. A
    `client_id` already stored is answered with the stored message: a resend never makes a second one.
    `seen`: the last timeline entry an agent's reply was written over (the ticket page sends it); a newer
    customer message or another's reply refuses it (tickets.services.ReplyCollision).
    `check_access=True`: the agent's access to the chat is asked in the statement that locks it (as
    livechat.access.check_agent_access decides it, Http404 when refused), as each frame of their
    socket needs.
    """
    client_id = _check_client_id(client_id)
    if agent is None and internal:
        raise DomainError(_("Only agents write internal notes."), code="forbidden")
    with write_transaction():
        reach = agent if check_access else None
        conversation = _locked_with_client_id(conversation_id, client_id, reach=reach, customer=agent is None)
        if conversation is None:
            raise DomainError(_("No such chat."), code="not_found")
        ticket = conversation.ticket
        stored_id = conversation.stored_id  # type: ignore[attr-defined]
        if conversation.seen_seq != conversation.last_seq:  # type: ignore[attr-defined]
            stored_id = (
                TimelineEntry.objects.filter(ticket_id=ticket.pk, client_id=client_id)
                .values_list("pk", flat=True)
                .first()
            )
        existing = _entry_with_relations(ticket.pk, pk=stored_id) if stored_id else None
        if existing is not None:
            if not _same_sender(existing, agent, internal) or existing.seq is None:
                raise DomainError(_("This client_id belongs to another message."), code="bad_frame")
            return Posted(message=events.message_data(existing, conversation.pk), created=False)
        if conversation.status == ConversationStatus.ENDED:
            raise DomainError(_("This chat has ended."), code="closed")
        if agent is not None and not internal and conversation.status != ConversationStatus.ACTIVE:
            raise DomainError(_("Accept the chat before you reply."), code="forbidden")
        if agent is not None and not internal:
            check_chat_holder(agent, conversation, action=_REPLY)
        seq = conversation.last_seq + 1
        # The conversation's number moves in the message's own statement (tickets.services).
        numbered = _numbered(conversation.pk, seq)
        if agent is None:
            entry = customer_message_add(
                ticket=ticket,
                body=body,
                attachments=attachments,
                seq=seq,
                client_id=client_id,
                held=True,
                also=numbered,
            )
        elif internal:
            entry = ticket_note(
                ticket=ticket,
                author=agent,
                body=body,
                attachments=attachments,
                seq=seq,
                client_id=client_id,
                held=True,
                also=numbered,
            )
        else:
            entry = ticket_reply(
                ticket=ticket,
                author=agent,
                body=body,
                attachments=attachments,
                seq=seq,
                client_id=client_id,
                held=True,
                also=numbered,
                seen=seen,
            )
        conversation.last_seq = seq
        # The entry in hand has its author or customer; only files need reading back.
        message = events.message_data(entry, conversation.pk, attachments=None if attachments else [])
        group = events.chat_agents_group if internal else events.chat_group
        events.publish_on_commit(group(conversation.pk), {"type": "chat.message_posted", "message": message})
    return Posted(message=message, created=True)


def _locked_with_client_id(
    conversation_id: int, client_id: str, *, reach: User | None = None, customer: bool = False
) -> Conversation | None:
    """One statement: the conversation (its number), its ticket (the core's row lock, so the ticket
    services do not read it again) and the ticket's SLA clock (held for the clock's recompute, with the
    configuration's version: sla.services.clock.clock_hold) locked together, with the ticket's customer,
    and the message this client_id already stored, if any (`stored_id`). A statement that waited for the
    lock sees the locked rows as they are now but reads its subqueries as they were when it began: a
    resend whose first copy committed meanwhile would look new. The conversation's number read by such
    a subquery beside the locked one (`seen_seq`) shows it (every numbered message moves it), and only
    then is the client_id looked up again.

    `reach`: an agent whose access to the chat (livechat.access.check_agent_access) is asked in the same
    statement; Http404 when it is refused, the rows it locked released with the transaction's rollback.

    `customer`: the visitor writes, so the same statement also reads what the customer-message steps
    would read after the message (intake.pipeline.customer_message_hold: the version of the active
    incidents, the risk step's look, tier 0's last reading), held on the ticket for them."""
    if connection.vendor != "postgresql":
        if reach is not None:
            check_agent_access(reach, conversation_id)
        return (
            Conversation.objects.select_for_update(of=("self", "ticket"))
            .select_related("ticket__customer")
            .annotate(
                stored_id=Subquery(
                    TimelineEntry.objects.filter(ticket_id=OuterRef("ticket_id"), client_id=client_id)
                    .order_by()
                    .values("pk")[:1]
                ),
                seen_seq=Subquery(Conversation.objects.filter(pk=OuterRef("pk")).values("last_seq")[:1]),
            )
            .filter(pk=conversation_id)
        ).first()
    within = reach is not None and agent_access_precheck(reach)
    params: dict[str, object] = {"conversation": conversation_id, "client_id": client_id}
    params.update(held_clock_params())
    if customer:
        params.update(customer_message_held_params())
    if within:
        assert reach is not None
        params["user"] = reach.pk
    # The hottest statement of a chat message: written once per process, prepared on its connection.
    row = prepared_row(_locked_sql(clock=True, reach=within, customer=customer), params)
    clock = row is not None
    if row is None:
        # A ticket older than SLA clocks has none to lock: the clock's recompute starts one.
        row = prepared_row(_locked_sql(clock=False, reach=within, customer=customer), params)
        if row is None:
            return None
    if within and not row[-1]:
        raise Http404(_("No such chat"))
    a = rows.width(Conversation)
    b = a + rows.width(Ticket)
    c = b + rows.width(Customer)
    conversation = rows.instance(Conversation, row[:a])
    ticket = rows.instance(Ticket, row[a:b])
    ticket.customer = rows.instance(Customer, row[b:c])
    if clock:
        clock_hold(ticket, row[c : c + held_clock_width()])
        c += held_clock_width()
    held = row[c : c + CUSTOMER_MESSAGE_HELD_WIDTH] if customer else ()
    stored_id, seen_seq = row[c + len(held)], row[c + len(held) + 1]
    if customer:
        # A number that moved while the lock waited: a writer committed that the subqueries missed.
        customer_message_hold(ticket, held, waited=seen_seq != conversation.last_seq)
    conversation.ticket = ticket
    conversation.stored_id, conversation.seen_seq = stored_id, seen_seq  # type: ignore[attr-defined]
    return conversation


@functools.cache
def _locked_sql(*, clock: bool, reach: bool, customer: bool = False) -> str:
    # The clock after the ticket, in the order the SLA sweeps lock them.
    return f"""
SELECT {rows.columns(Conversation, "c")}, {rows.columns(Ticket, "t")}, {rows.columns(Customer, "cu")},
       {held_clock_columns("k") + "," if clock else ""}
       {customer_message_held_columns("t.id") + "," if customer else ""}
       (SELECT e.id FROM {TimelineEntry._meta.db_table} e
        WHERE e.ticket_id = c.ticket_id AND e.client_id = %(client_id)s LIMIT 1),
       (SELECT c2.last_seq FROM {Conversation._meta.db_table} c2 WHERE c2.id = c.id)
       {", " + AGENT_MAY_SEE_TICKET_SQL if reach else ""}
FROM "{Conversation._meta.db_table}" c
JOIN "{Ticket._meta.db_table}" t ON t.id = c.ticket_id
JOIN "{Customer._meta.db_table}" cu ON cu.id = t.customer_id
{f'JOIN "{TicketClock._meta.db_table}" k ON k.ticket_id = t.id' if clock else ""}
WHERE c.id = %(conversation)s
FOR UPDATE OF c, t{", k" if clock else ""}
"""  # noqa: S608


def _numbered(conversation_id: int, seq: int) -> AlsoWrite:
    return AlsoWrite(
        "UPDATE livechat_conversation SET last_seq = %(also_seq)s WHERE id = %(also_conversation)s",
        {"also_seq": seq, "also_conversation": conversation_id},
    )


def chat_read_mark(*, conversation_id: int, by: events.Who, seq: int) -> bool:
    """Move a read receipt forward; True if it moved. A `seq` at or below the receipt already stored
    changes nothing; one past the chat's last message is refused (bad_frame)."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise DomainError(_("seq must be a positive whole number."), code="bad_frame")
    field = "customer_read_seq" if by == "customer" else "agent_read_seq"
    with write_transaction():
        moved = Conversation.objects.filter(
            pk=conversation_id, last_seq__gte=seq, **{f"{field}__lt": seq}
        ).update(**{field: seq})
        if moved:
            events.publish_on_commit(
                events.chat_group(conversation_id),
                {"type": "chat.read_marked", "conversation": conversation_id, "seq": seq, "by": by},
            )
            return True
    last_seq = Conversation.objects.filter(pk=conversation_id).values_list("last_seq", flat=True).first()
    if last_seq is None:
        raise DomainError(_("No such chat."), code="not_found")
    if seq > last_seq:
        # A client can only have seen numbers up to the last one: a larger one is its own bug.
        raise DomainError(
            _("seq %(seq)d is past the chat's last message (%(last)d).") % {"seq": seq, "last": last_seq},
            code="bad_frame",
        )
    return False


def system_reply_post(
    *, ticket: Ticket, author: User, body: str, client_id: str = "", responds: bool = True
) -> TimelineEntry:
    """A public reply by a system identity (a security warning, an approved action's notice) on the
    case's own channel: an open chat's next numbered message, heard by the widget at once; otherwise a
    reply (mail's outbox sends an email's). Call it inside the caller's transaction."""
    conversation = None
    if ticket.channel == Channel.CHAT:
        conversation = (
            Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket.pk).first()
        )
    if conversation is None or conversation.status == ConversationStatus.ENDED:
        return ticket_reply(ticket=ticket, author=author, body=body, client_id=client_id, responds=responds)
    seq = conversation.last_seq + 1
    reply = ticket_reply(
        ticket=ticket, author=author, body=body, seq=seq, client_id=client_id, responds=responds
    )
    conversation.last_seq = seq
    conversation.save(update_fields=["last_seq"])
    message = events.message_data(reply, conversation.pk, attachments=[])
    events.publish_on_commit(
        events.chat_group(conversation.pk), {"type": "chat.message_posted", "message": message}
    )
    return reply
