from typing import Any

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sla.display import ClockView, clock_view, short_duration
from tickets.models import Ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def sla_clock(context: template.Context, ticket: Ticket) -> ClockView | None:
    """The ticket's SLA targets as an agent reads them, at one `now` per page so rows agree."""
    now = context.get("sla_now")
    if now is None:
        now = timezone.now()
        context.dicts[0]["sla_now"] = now
    return clock_view(ticket, now)


@register.filter
def sla_duration(seconds: float | None) -> str:
    return short_duration(seconds)


@register.simple_tag(takes_context=True)
def sla_assets(context: template.Context) -> SafeString:
    """The countdown's stylesheet and ticker, once per response however many rows include it."""
    request: Any = context.get("request")
    if request is None or getattr(request, "_sla_assets", False):
        return mark_safe("")
    request._sla_assets = True
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>',
        static("sla/sla.css"),
        static("sla/countdown.js"),
    )
