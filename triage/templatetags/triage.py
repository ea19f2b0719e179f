"""`{% load triage %}{% triage_panel ticket %}`: the triage panel on a ticket page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tickets.models import Ticket
from triage.display import triage_view

register = template.Library()


@register.simple_tag(takes_context=True)
def triage_panel(context: template.Context, ticket: Ticket) -> SafeString:
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    return render_to_string(
        "triage/panel.html", {"triage": triage_view(ticket, user), "ticket": ticket}, request=request
    )
