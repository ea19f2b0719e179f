"""The warning to a customer whose message held a secret, delivered on the case's own channel after the
message is committed (`approvals.redaction_steps` calls it by name): the chat's next numbered message,
an email reply through mail's outbox, or a public reply on a web form's or an API's case."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.services import system_user
from approvals.redaction_phrases import secret_warning
from approvals.redaction_steps import redaction_found
from livechat.services import system_reply_post
from tickets.models import Status, Ticket, TimelineEntry

BOT_USERNAME = "security-notice"


def security_bot() -> User:
    """The system author of the warning."""
    return system_user(username=BOT_USERNAME, name="Security")


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
        return system_reply_post(
            ticket=ticket, author=security_bot(), body=body, client_id=client_id, responds=False
        )
