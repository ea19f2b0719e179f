"""The answer to POST /api/tickets/ built from the rows the create wrote, without reading them back.

`intake.pipeline.ticket_open_as_written` hands back the first message only when the new-ticket steps
ran no statement (tier 0 on, as in production, defers routing; a redaction, a language change, routing
or an incident's link each write): the ticket, its customer, team, assignee and tags are then exactly
the rows in the database. TicketCreatedSerializer's JSON is built from them by the list's own
`ticket_list_data`, as `workspace.ticket_list.ticket_created_data` builds it from the read; anything
the instances do not hold for certain goes to that read (tests/api/test_ticket_created_answer.py
compares both, byte for byte, over varied cases).
"""

from typing import Any

from approvals.redaction_steps import redaction_notice
from routing.access import routing_explanation_for
from tickets.models import Ticket, TimelineEntry
from workspace.serializers import TICKET_ROW_FIELDS, ticket_list_data

_OWN = tuple(name for name in TICKET_ROW_FIELDS if "__" not in name)
_RELATED = tuple((name, *name.split("__", 1)) for name in TICKET_ROW_FIELDS if "__" in name)


def ticket_created_written(ticket: Ticket, first: TimelineEntry, viewer: Any) -> dict[str, Any] | None:
    """TicketCreatedSerializer's JSON for a case as its create wrote it and its first message; None
    when its tags or its routing decision are not known here as the database holds them."""
    known = getattr(ticket, "_prefetched_objects_cache", {}).get("tags")
    # A routing decision comes back in jsonb's key order; a new case's is empty until routing writes it.
    if known is None or ticket.routing:
        return None
    row = {name: getattr(ticket, name) for name in _OWN}
    cache = ticket._state.fields_cache
    for name, relation, field in _RELATED:
        related = cache.get(relation)
        if related is None:
            if getattr(ticket, f"{relation}_id") is not None:
                return None
            row[name] = None
        else:
            row[name] = getattr(related, field)
    row["tag_names"] = [tag.name for tag in known]
    body = ticket_list_data([row])[0]
    body["routing"] = routing_explanation_for(viewer, ticket.routing)
    if notice := redaction_notice(first, ticket.language):
        body["redacted"] = notice
    return body
