"""The intake step of incident mode: a customer's message about an active incident links its ticket to
the incident and is answered with the incident's current public message, in the customer's language,
through the ticket's channel (after commit, once per ticket and update)."""

import logging

from django.db import transaction

from intake.types import Intake
from tickets.models import Ticket
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)


def incident_step(ticket: Ticket, intake: Intake) -> None:
    """Match `intake.entry` against the active incidents (no query when none is active: the list is
    cached). An optional step: a failure leaves a note on the timeline and intake goes on."""
    from incidents import linking

    if intake.entry is None or not linking.active_incidents():
        return
    try:
        with transaction.atomic():
            linking.incident_match_entry(ticket, intake.entry)
    except Exception:
        logger.exception("incident matching failed for ticket %s", ticket.pk)
        timeline_event_add(ticket, "incident_match_failed", reason="incident matching failed; link by hand")
