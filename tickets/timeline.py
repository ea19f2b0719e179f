"""The one way a system event is written to a ticket's timeline, for every app that records one."""

from typing import Any

from django.utils import timezone

from tickets.models import EntryKind, Ticket, TimelineEntry


def timeline_event_add(ticket: Ticket, event: str, *, actor: Any = None, **data: Any) -> TimelineEntry:
    """A system event ("routed", "status_changed", "sla_breached", ...) with its facts as data."""
    return TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.SYSTEM_EVENT,
        channel=ticket.channel,
        author=actor,
        data={"event": event, **data},
        created_at=timezone.now(),
    )
