"""The warning to a customer whose message held a secret, delivered on the case's own channel after the
message is committed (`approvals.redaction_steps` calls it by name): the chat's next numbered message,
an email reply through mail's outbox, or a public reply on a web form's or an API's case."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from approvals.redaction_phrases import secret_warning
from approvals.redaction_steps import redaction_found
from casework.services import ticket_reply
from livechat import events
from livechat.models import Conversation, ConversationStatus
from tickets.models import Channel, Status, Ticket, TimelineEntry

BOT_USERNAME = "security-notice"


def security_bot() -> User:
    """The system author of the warning: inactive, so it never signs in nor is offered work."""
    user, _created = User.objects.get_or_create(
        username=BOT_USERNAME,
        defaults={
            "first_name": "Security",
            "role": Role.AGENT,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


def secret_warning_deliver(*, entry_id: int) -> TimelineEntry | None:
    """The warning, on the case's channel, once per redacted message (its client_id says which)."""
    with transaction.atomic():
        entry = TimelineEntry.objects.select_related("ticket").filter(pk=entry_id).first()
        found = redaction_found(entry)
        if entry is None or found is None:
            return None
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=entry.ticket_id)
        client_id = f"secret-warning-{entry_id}"
        if ticket.status == Status.CLOSED or ticket.entries.filter(client_id=client_id).exists():
            return None
        body = secret_warning(ticket.language, found["kinds"])
        conversation = None
        if ticket.channel == Channel.CHAT:
            conversation = (
                Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket.pk).first()
            )
        if conversation is None or conversation.status == ConversationStatus.ENDED:
            # Email: mail's receiver puts the reply in the outbox. Web form and API: a public reply.
            return ticket_reply(
                ticket=ticket, author=security_bot(), body=body, client_id=client_id, responds=False
            )
        # The chat's next number, right after the customer's message; the widget hears it at once.
        seq = conversation.last_seq + 1
        reply = ticket_reply(
            ticket=ticket, author=security_bot(), body=body, seq=seq, client_id=client_id, responds=False
        )
        conversation.last_seq = seq
        conversation.save(update_fields=["last_seq"])
        message = events.message_data(reply, conversation.pk, attachments=[])
        events.publish_on_commit(
            events.chat_group(conversation.pk), {"type": "chat.message_posted", "message": message}
        )
        return reply
