"""The one way a system event is written to a ticket's timeline, for every app that records one."""

from typing import Any

from django.utils import timezone

from helpdesk.bulk import insert_rows
from tickets.models import EntryKind, Ticket, TimelineEntry


def timeline_event_add(ticket: Ticket, event: str, *, actor: Any = None, **data: Any) -> TimelineEntry:
    """A system event ("routed", "status_changed", "sla_breached", ...) with its facts as data."""
    entry = timeline_event(ticket, event, actor=actor, **data)
    entry.save(force_insert=True)
    return entry


def timeline_event(ticket: Ticket, event: str, *, actor: Any = None, **data: Any) -> TimelineEntry:
    """The entry `timeline_event_add` writes, not yet written: for `timeline_events_add`."""
    return TimelineEntry(
        ticket=ticket,
        kind=EntryKind.SYSTEM_EVENT,
        channel=ticket.channel,
        author=actor,
        data={"event": event, **data},
        created_at=timezone.now(),
    )


def timeline_events_add(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Events built with `timeline_event`, written in one INSERT, in order (a sweep's batch)."""
    insert_rows(entries)
    return entries
