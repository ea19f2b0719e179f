"""What threading remembers of every message, received or sent, in one place."""

from email.utils import parseaddr

from django.conf import settings

from mail.models import MailThread, MessageRef
from mail.parsing import message_key
from tickets.models import Ticket

# How many Message-IDs a reply carries in References: enough for any client to thread it.
REFERENCES_KEPT = 20


def default_sender_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL, which may be written `Name <address>`."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL.strip()


def message_ref_add(*, ticket: Ticket, message_id: str, direction: str) -> None:
    """Remember a Message-ID for threading. The first ticket it was seen on keeps it: a copy of the
    message arriving again must not move the conversation."""
    ref = MessageRef(
        message_key=message_key(message_id), message_id=message_id[:998], ticket=ticket, direction=direction
    )
    MessageRef.objects.bulk_create([ref], ignore_conflicts=True)


def thread_advance(thread: MailThread, message_id: str) -> None:
    """The conversation's newest message, which the next reply answers (the caller saves)."""
    thread.last_message_id = message_id
    thread.references = [*thread.references, message_id][-REFERENCES_KEPT:]
