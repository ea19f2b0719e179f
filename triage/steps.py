"""The intake step of triage (intake/pipeline.py runs it before `route`)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING

from django.db import transaction

from tickets.models import Ticket
from triage.services import (
    RELOOK_AFTER,
    mentions_storable,
    triage_failed_note,
    triage_read,
    triage_relook_due,
    triage_request,
)

if TYPE_CHECKING:
    from intake.types import Intake

logger = logging.getLogger(__name__)

# Per process: a ticket whose look-up was not due at a time is not due for RELOOK_AFTER after it (a
# look-up on its way or a recent one ends RELOOK_AFTER before the next is due; a ticket without one
# gets one only with a message naming a hash, whose own look-up comes first), so the next messages of
# a chat ask nothing for that long. A look-up falls due on the next message at most RELOOK_AFTER late.
# Bounded: cleared past _NOT_DUE_LIMIT tickets.
_not_due_until: dict[int, dt.datetime] = {}
_not_due_lock = threading.Lock()
_NOT_DUE_LIMIT = 10_000


def _relook_due(ticket_id: int, now: dt.datetime) -> bool:
    until = _not_due_until.get(ticket_id)
    if until is not None and now < until:
        return False
    if triage_relook_due(ticket_id=ticket_id, now=now):
        return True
    with _not_due_lock:
        if len(_not_due_until) >= _NOT_DUE_LIMIT:
            _not_due_until.clear()
        _not_due_until[ticket_id] = now + RELOOK_AFTER
    return False


def triage_step(ticket: Ticket, intake: Intake) -> None:
    """The customer's message's hashes, addresses, memos, amounts and networks become mentions; when there
    is something to look up, the look-up is queued after the commit (never HTTP inside intake).

    Optional: if it fails, the message is still taken in, and the triage panel says the triage failed."""
    if intake.entry is None:
        return
    try:
        found = triage_read(intake.entry)
        # Most messages of a conversation name nothing new ("ok", "thanks", "any news?"): they look
        # the facts up again only when a look-up is due, and cost no savepoint when none is. What
        # writes does so in a savepoint, so that a failure there leaves the message taken in. A case
        # opened in this pass has no earlier look-up to repeat.
        if not mentions_storable(found) and (intake.new_ticket or not _relook_due(ticket.pk, intake.now)):
            return
        with transaction.atomic():
            triage_request(ticket=ticket, entry=intake.entry, now=intake.now, found=found)
    except Exception as exc:
        logger.exception("triage of ticket %s failed at intake", ticket.pk)
        triage_failed_note(
            ticket=ticket, now=intake.now, message=f"Mentions could not be read ({type(exc).__name__})."
        )
