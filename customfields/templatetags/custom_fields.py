from typing import Any

from django import template

from customfields.forms import TicketFieldsForm
from tickets.models import Ticket

register = template.Library()


@register.inclusion_tag("customfields/ticket_fields_card.html", takes_context=True)
def ticket_fields_card(context: Any, ticket: Ticket) -> dict[str, Any]:
    """The ticket's custom fields as a card with their form: two statements (the definitions, the values).
    Nothing when the properties panel shows them in its own form (`custom_fields_form` in the context)."""
    if context.get("custom_fields_form") is not None:
        return {"form": None}
    form = TicketFieldsForm(ticket=ticket, user=context["request"].user)
    return {
        "ticket": ticket,
        "form": form,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
