"""How an incident's public message reaches a ticket's customer: through the ticket's own channel.

Every channel goes through the ticket core's public reply (`tickets.services.ticket_reply`), so the
reply is on the timeline, audited, stamps the first response, and the email channel queues it in its
outbox in the same transaction (mail.receivers). A live chat also needs its messages numbered and
pushed to the visitor's widget, which the chat service does for agents who hold the chat; an incident
notice is no agent's reply, so it is numbered here under the conversation's row lock the same way.

The author is a system identity, "Status updates", not the declaring supervisor: the message is the
organisation's notice, the supervisor may be off shift when the update goes out, a customer who
answers it must not think a named person now holds their case, and the audit log then tells an
automatic notice from a person's reply at a glance (who posted the update is on the update).
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from casework.services import ticket_reply
from helpdesk.errors import DomainError
from livechat import events
from livechat.models import Conversation, ConversationStatus
from tickets.models import Channel, Status, Ticket, TimelineEntry

BOT_USERNAME = "status-updates"


class NotDeliverable(DomainError):
    """The ticket has no way to the customer now (a chat that has ended, a closed ticket)."""


def status_bot() -> User:
    """The system author of incident notices: inactive, so it never signs in, is never offered work
    and is in no team's roster."""
    user, _created = User.objects.get_or_create(
        username=BOT_USERNAME,
        defaults={
            "first_name": "Status updates",
            "role": Role.AGENT,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


def public_message_post(*, ticket: Ticket, body: str, author: User, client_id: str) -> TimelineEntry:
    """Post `body` to the customer of `ticket`; raises NotDeliverable when no channel can carry it."""
    if ticket.status == Status.CLOSED:
        raise NotDeliverable("the ticket is closed", code="closed")
    if ticket.channel == Channel.CHAT:
        conversation = (
            Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket.pk).first()
        )
        if conversation is not None:
            return _chat_post(conversation, ticket=ticket, body=body, author=author, client_id=client_id)
    return ticket_reply(ticket=ticket, author=author, body=body)


def _chat_post(
    conversation: Conversation, *, ticket: Ticket, body: str, author: User, client_id: str
) -> TimelineEntry:
    if conversation.status == ConversationStatus.ENDED:
        raise NotDeliverable("the chat has ended", code="closed")
    stored = TimelineEntry.objects.filter(ticket_id=ticket.pk, client_id=client_id).first()
    if stored is not None:
        return stored
    with transaction.atomic():
        seq = conversation.last_seq + 1
        entry = ticket_reply(ticket=ticket, author=author, body=body, seq=seq, client_id=client_id)
        conversation.last_seq = seq
        conversation.save(update_fields=["last_seq"])
        message = events.message_data(entry, conversation.pk, attachments=[])
        events.publish_on_commit(
            events.chat_group(conversation.pk), {"type": "chat.message_posted", "message": message}
        )
    return entry
