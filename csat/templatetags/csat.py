from typing import Any

from django import template

from csat.models import Survey
from tickets.models import Status

register = template.Library()


@register.inclusion_tag("csat/ticket_card.html")
def csat_card(ticket: Any) -> dict[str, Any]:
    """The ticket's survey and its answer. A case never solved has none, so it costs no statement."""
    survey = None
    if ticket.status in (Status.SOLVED, Status.CLOSED) or ticket.reopen_count:
        survey = Survey.objects.filter(ticket_id=ticket.pk).first()
    return {"survey": survey}
