"""What threading remembers of every message, received or sent, in one place, and the one way
a person is added to a conversation's copy list after it started: an agent's action."""

import re
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from approvals.risk_gate import risk_blocked_message, ticket_risk_high
from audit.services import audit_record
from helpdesk.errors import DomainError
from mail.models import MailThread, MessageRef
from mail.parsing import message_key
from tickets.models import Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

# How many Message-IDs a reply carries in References: enough for any client to thread it.
REFERENCES_KEPT = 20
# How many people a conversation copies at most.
MAX_COPIED = 20


def default_sender_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL, which may be written `Name <address>`."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL.strip()


def message_ref(*, ticket: Ticket, message_id: str, direction: str) -> MessageRef:
    """The row that remembers a Message-ID for threading (`message_refs_add` writes it)."""
    return MessageRef(
        message_key=message_key(message_id), message_id=message_id[:998], ticket=ticket, direction=direction
    )


def message_refs_add(refs: list[MessageRef]) -> None:
    """Remember Message-IDs for threading, in one statement. The first ticket a Message-ID was seen
    on keeps it: a copy of the message arriving again must not move the conversation."""
    if refs:
        MessageRef.objects.bulk_create(refs, ignore_conflicts=True)


def message_ref_add(*, ticket: Ticket, message_id: str, direction: str) -> None:
    message_refs_add([message_ref(ticket=ticket, message_id=message_id, direction=direction)])


def thread_advance(thread: MailThread, message_id: str) -> None:
    """The conversation's newest message, which the next reply answers (the caller saves)."""
    thread.last_message_id = message_id
    thread.references = [*thread.references, message_id][-REFERENCES_KEPT:]


def entry_people(entry: TimelineEntry) -> list[str]:
    """The bare addresses of an email entry, in the order its data lists them: from, to, cc."""
    mail = (entry.data or {}).get("email") or {}
    listed = [mail.get("from") or "", *(mail.get("to") or []), *(mail.get("cc") or [])]
    return [_bare(str(value)) for value in listed]


def _bare(value: str) -> str:
    # Entries store `Name <address>` as written by mail.parsing.Address; the name may hold commas.
    match = re.search(r"<([^<>\s]+)>\s*$", value)
    return match.group(1) if match else value.strip()


def thread_copy_add(*, entry: TimelineEntry, index: int, actor: Any) -> str:
    """An agent puts a person an email entry names (its sender, someone in its To or Cc) in copy of
    the ticket's conversation: the next replies go to them too. Only people the entry offers (not
    on the thread when it arrived) can be added, once each; the audit log records who did it."""
    with transaction.atomic():
        entry = TimelineEntry.objects.select_for_update().select_related("ticket__customer").get(pk=entry.pk)
        mail = dict((entry.data or {}).get("email") or {})
        offered = [i for i in mail.get("offer") or [] if isinstance(i, int)]
        people = entry_people(entry)
        if index not in offered or not 0 <= index < len(people):
            raise DomainError(gettext("this address is not offered for the conversation"), code="not_offered")
        address = people[index]
        ticket = entry.ticket
        if ticket_risk_high(ticket):
            # A new recipient on a case under takeover risk is how an attacker gets the replies.
            raise DomainError(risk_blocked_message(), code="risk_high")
        thread, _created = MailThread.objects.select_for_update().get_or_create(
            ticket=ticket, defaults={"reply_to": ticket.customer.email}
        )
        known = {a.lower() for a in [thread.reply_to, *thread.cc] if a}
        if address.lower() not in known:
            if len(thread.cc) >= MAX_COPIED:
                raise DomainError(
                    gettext("a conversation copies at most %(n)d people") % {"n": MAX_COPIED}, code="too_many"
                )
            thread.cc = [*thread.cc, address]
            thread.save(update_fields=["cc"])
        mail["offer"] = [i for i in offered if i != index]
        mail["added"] = [*(mail.get("added") or []), index]
        entry.data = {**entry.data, "email": mail}
        entry.save(update_fields=["data"])
        timeline_event_add(ticket, "email_copy_added", actor=actor, to=[address], entry=entry.pk)
        audit_record(
            action="mail.copy_added",
            obj=ticket,
            actor=actor,
            after={"address": address, "entry": entry.pk, "held": mail.get("held", "")},
        )
    return address
