"""The intake step of incident mode: a customer's message about an active incident links its ticket to
the incident and is answered with the incident's current public message, in the customer's language,
through the ticket's channel (after commit, once per ticket and update)."""

import logging
from typing import Any

from django.db import transaction

from intake.types import Intake
from tickets.models import Ticket
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)

_NOT_HELD = object()


def incident_step(ticket: Ticket, intake: Intake) -> None:
    """Match `intake.entry` against the active incidents: those under the version the caller's locking
    statement read (`active_version_hold`; no statement while this process holds them), else the
    cached list (no query when none is active). An optional step: a failure leaves a note on the
    timeline and intake goes on."""
    from incidents import linking

    if intake.entry is None:
        return
    token = ticket.__dict__.pop("_incidents_held_token", _NOT_HELD)
    active = linking.active_incidents() if token is _NOT_HELD else linking.active_incidents_at(token)
    if not active:
        return
    try:
        with transaction.atomic():
            linking.incident_match_entry(ticket, intake.entry, active=active)
    except Exception:
        logger.exception("incident matching failed for ticket %s", ticket.pk)
        timeline_event_add(ticket, "incident_match_failed", reason="incident matching failed; link by hand")


def active_version_column() -> str:
    """What a caller's statement that locks a ticket selects for this step: the version of the active
    incidents (parameter `%(incidents_config)s`, `active_version_params`), as the SLA clock's
    configuration version is read beside the clock."""
    return "(SELECT v.token FROM helpdesk_configversion v WHERE v.name = %(incidents_config)s)"


def active_version_params() -> dict[str, str]:
    from incidents.linking import CONFIG_NAME

    return {"incidents_config": CONFIG_NAME}


def active_version_hold(ticket: Ticket, token: Any) -> None:
    """The version the caller's statement read in this transaction: the step of this ticket's message
    matches against the incidents active under it. Taken once, like the SLA clock the same statement
    holds (sla.services.clock.clock_hold)."""
    ticket._incidents_held_token = token  # type: ignore[attr-defined]
