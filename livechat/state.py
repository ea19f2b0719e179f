"""What a chat looks like to its clients: the payloads of `welcome`, `status` and `offer` frames, and
the stored messages a connection catches up on. Reads only; the writes are in services/."""

import datetime as dt
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from livechat import events
from livechat.events import MessageData, Offered, QueueData, StatusChanged
from livechat.models import Conversation, ConversationStatus
from livechat.queue import queue_info
from tickets.models import Ticket, TimelineEntry


def waited_seconds(ticket: Ticket, now: dt.datetime) -> int:
    """The first-response clock: from the chat's start to the first agent reply, or to now."""
    end = ticket.first_response_at or now
    return max(0, int((end - ticket.created_at).total_seconds()))


def agent_name(user: User | None) -> str | None:
    return (user.first_name or user.get_username()) if user is not None else None


def customer_name(conversation: Conversation) -> str:
    return conversation.ticket.customer.name or _("Visitor")


def status_event(
    conversation: Conversation, now: dt.datetime, *, queue: QueueData | None = None
) -> StatusChanged:
    ticket = conversation.ticket
    active = conversation.status in (ConversationStatus.ACTIVE, ConversationStatus.ENDED)
    return {
        "type": "chat.status_changed",
        "conversation": conversation.pk,
        "status": cast(events.Status, conversation.status),
        "agent": agent_name(ticket.assignee) if active else None,
        "waited_seconds": waited_seconds(ticket, now),
        "queue": queue if queue is not None else queue_info(conversation, now),
        "assistant": conversation.with_assistant,
    }


def offer_event(conversation: Conversation, now: dt.datetime) -> Offered:
    ticket = conversation.ticket
    assert conversation.offer_expires_at is not None
    return {
        "type": "chat.offered",
        "conversation": conversation.pk,
        "ticket": ticket.reference,
        "customer": customer_name(conversation),
        "verified": conversation.is_verified,
        "vip_level": ticket.customer.vip_level,
        "topic": conversation.topic,
        "language": conversation.language,
        "waited_seconds": waited_seconds(ticket, now),
        "expires_at": conversation.offer_expires_at.isoformat(),
    }


def offers_pending(*, agent: User) -> list[Offered]:
    """The offers standing for `agent`, for a console that (re)connects."""
    now = timezone.now()
    chats = Conversation.objects.filter(
        status=ConversationStatus.OFFERED, offered_to=agent, offer_expires_at__gt=now
    ).select_related("ticket__customer")
    return [offer_event(chat, now) for chat in chats]


def conversation_welcome(conversation: Conversation, *, for_customer: bool) -> dict[str, Any]:
    """The `welcome` frame: where the chat stands, and for agents who the visitor is."""
    now = timezone.now()
    state = status_event(conversation, now)
    welcome: dict[str, Any] = {
        "type": "welcome",
        "conversation": conversation.pk,
        "status": state["status"],
        "last_seq": conversation.last_seq,
        "queue": state["queue"],
        "agent": state["agent"],
        "waited_seconds": state["waited_seconds"],
        "read": {"customer": conversation.customer_read_seq, "agent": conversation.agent_read_seq},
        "assistant": state["assistant"],
    }
    if not for_customer:
        ticket = conversation.ticket
        welcome.update(
            ticket=ticket.reference,
            customer=customer_name(conversation),
            verified=conversation.is_verified,
            vip_level=ticket.customer.vip_level,
            topic=conversation.topic,
            language=conversation.language,
        )
    return welcome


def messages_after(
    conversation_id: int, after: int, *, for_customer: bool, up_to: int | None = None, limit: int = 200
) -> list[MessageData]:
    """Stored messages numbered after `after` (and up to `up_to`), in order; visitors never get notes."""
    conversation = Conversation.objects.only("ticket_id").get(pk=conversation_id)
    entries = TimelineEntry.objects.filter(ticket_id=conversation.ticket_id, seq__gt=after)
    if up_to is not None:
        entries = entries.filter(seq__lte=up_to)
    if for_customer:
        entries = entries.filter(kind__in=events.PUBLIC_KINDS)
    rows = (
        entries.select_related("author", "customer").prefetch_related("attachments").order_by("seq")[:limit]
    )
    return [events.message_data(entry, conversation_id) for entry in rows]
