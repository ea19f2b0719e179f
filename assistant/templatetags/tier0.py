"""`{% load tier0 %}{% tier0_panel ticket %}`: what tier 0 read and did, on the agent's ticket page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from assistant.display import assessments_view, intent_choices
from tickets.models import Ticket

register = template.Library()


def panel_context(ticket: Ticket, user: Any) -> dict[str, Any]:
    assessments = assessments_view(ticket, user)
    return {
        "ticket": ticket,
        "assessments": assessments,
        "pending": any(a["state"] == "pending" for a in assessments),
        "intent_choices": intent_choices(),
    }


@register.simple_tag(takes_context=True)
def tier0_panel(context: template.Context, ticket: Ticket) -> SafeString:
    """One query (the assessments), and a second (is the viewer a partner agent?) only when tier 0
    found addresses or exchange facts that may need masking."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    return render_to_string("assistant/tier0_panel.html", panel_context(ticket, user), request=request)
