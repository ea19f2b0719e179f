"""The call details on a ticket page: its calls panel and each call's timeline entry, with the
caller's number masked as the page's contact mask says."""

from typing import Any

from django import template

from customers.contacts import MASKED, ContactMask
from voice.models import Call, Callback

register = template.Library()


@register.filter
def masked_phone(value: Any, mask: ContactMask | None) -> str:
    return (mask if isinstance(mask, ContactMask) else MASKED).phone(value)


@register.filter
def call_duration(seconds: Any) -> str:
    if not isinstance(seconds, int) or seconds < 0:
        return ""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


@register.inclusion_tag("voice/ticket_calls.html", takes_context=True)
def ticket_calls(context: template.Context, ticket: Any) -> dict[str, Any]:
    """The ticket's last calls and their callbacks (the page has checked the viewer may see it)."""
    calls = list(Call.objects.filter(ticket=ticket).select_related("answered_by").order_by("-id")[:10])
    callbacks = {
        cb.call_id: cb
        for cb in Callback.objects.filter(call__in=[c.pk for c in calls]).select_related(
            "called_by", "message"
        )
    }
    return {
        "calls": [(call, callbacks.get(call.pk)) for call in calls],
        "contact_mask": context.get("contact_mask"),
        "ticket": ticket,
    }
