"""`{% load approval_panels %}`: the "High-risk actions" panel of the ticket page, the supervisor board's
"Approvals waiting" card, and how long is left on a request's clocks."""

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from approvals.queue import waiting_summary
from tickets.models import Ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def approvals_panel(context: template.Context, ticket: Ticket) -> SafeString:
    # Imported here: the views import this app's forms and services, which import the ticket core.
    from approvals.views import panel_context

    request: Any = context.get("request")
    user = getattr(request, "user", None)
    return render_to_string("approvals/panel.html", panel_context(ticket, user), request=request)


@register.inclusion_tag("approvals/waiting_card.html")
def approvals_waiting_card() -> dict[str, Any]:
    """One statement: the pending requests grouped by action."""
    return {"summary": waiting_summary()}


@register.filter
def time_left(value: dt.timedelta | None) -> str:
    """A duration as people say it: "2 h 5 min", "40 min", "3 days 4 h"; "—" for none."""
    if value is None:
        return "—"
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        return f"{text} {hours} h" if hours else text
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": mins} if mins else _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": mins}
