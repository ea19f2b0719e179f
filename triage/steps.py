"""The intake step of triage (intake/pipeline.py runs it before `route`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction

from tickets.models import Ticket
from triage.services import (
    mentions_storable,
    triage_failed_note,
    triage_read,
    triage_relook_due,
    triage_request,
)

if TYPE_CHECKING:
    from intake.types import Intake

logger = logging.getLogger(__name__)


def triage_step(ticket: Ticket, intake: Intake) -> None:
    """The customer's message's hashes, addresses, memos, amounts and networks become mentions; when there
    is something to look up, the look-up is queued after the commit (never HTTP inside intake).

    Optional: if it fails, the message is still taken in, and the triage panel says the triage failed."""
    if intake.entry is None:
        return
    try:
        found = triage_read(intake.entry)
        # Most messages of a conversation name nothing ("ok", "thanks") and ask for no new look-up:
        # they cost one read and no savepoint. What writes does so in a savepoint, so that a failure
        # there leaves the message taken in.
        if not mentions_storable(found) and not triage_relook_due(ticket_id=ticket.pk, now=intake.now):
            return
        with transaction.atomic():
            triage_request(ticket=ticket, entry=intake.entry, now=intake.now, found=found)
    except Exception as exc:
        logger.exception("triage of ticket %s failed at intake", ticket.pk)
        triage_failed_note(
            ticket=ticket, now=intake.now, message=f"Mentions could not be read ({type(exc).__name__})."
        )
