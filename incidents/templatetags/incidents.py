"""`{% incident_card ticket %}` on the ticket page; `{% incident_banner language %}` on the help center."""

from typing import Any

from django import template

from incidents.linking import active_incidents, banner_messages
from incidents.models import IncidentLink

register = template.Library()


@register.inclusion_tag("incidents/ticket_card.html", takes_context=True)
def incident_card(context: template.Context, ticket: Any) -> dict[str, Any]:
    """The ticket's incidents (linked now, and the history), and the active ones an agent may link it to.
    Two queries at most: the links, and the active incidents when the short cache has expired."""
    links = list(
        IncidentLink.objects.filter(ticket_id=ticket.pk)
        .select_related("incident", "linked_by", "unlinked_by")
        .order_by("-linked_at")
    )
    linked_now = {link.incident_id for link in links if link.unlinked_at is None}
    return {
        "ticket": ticket,
        "links": links,
        "linkable": [i for i in active_incidents() if i.id not in linked_now],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("incidents/banner.html")
def incident_banner(language: str) -> dict[str, Any]:
    """Every active incident's public message in `language` (falling back to English), escaped by the
    template. Cached: a page pays one query at most, when the cache has just expired."""
    return {"incidents": banner_messages(str(language or "en")), "language": language}
