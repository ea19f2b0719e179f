"""The call details on a ticket page: its calls panel and each call's timeline entry, with the
caller's number masked as the page's contact mask says."""

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.contacts import MASKED, ContactMask
from voice.models import Call, Callback, CallbackOutcome, CallbackStatus

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


@register.filter
def callback_summary(data: Any) -> str:
    """The callback line of a call's timeline entry, from what the entry keeps (services.callback_data)."""
    if not isinstance(data, dict):
        return ""
    statuses, outcomes = dict(CallbackStatus.choices), dict(CallbackOutcome.choices)
    status = str(data.get("status", ""))
    parts = [_("Callback: %(status)s") % {"status": statuses.get(status, status)}]
    attempts, outcome = data.get("attempts"), data.get("outcome")
    if isinstance(attempts, int) and attempts and outcome in outcomes:
        parts.append(_("attempt %(n)s: %(outcome)s") % {"n": attempts, "outcome": outcomes[outcome]})
    if outcome == CallbackOutcome.COMPLETED and isinstance(data.get("duration"), int):
        parts.append(call_duration(data["duration"]))
    failed = data.get("failed_attempts")
    if data.get("flagged") and isinstance(failed, int):
        parts.append(
            ngettext(
                "flagged: %(n)s attempt did not reach the customer",
                "flagged: %(n)s attempts did not reach the customer",
                failed,
            )
            % {"n": failed}
        )
    return " · ".join(str(p) for p in parts)


def _callback(call: Call) -> Callback | None:
    try:
        return call.callback
    except Callback.DoesNotExist:
        return None


@register.inclusion_tag("voice/ticket_calls.html", takes_context=True)
def ticket_calls(context: template.Context, ticket: Any) -> dict[str, Any]:
    """The ticket's last calls with their callbacks, in one statement (the page has checked the viewer
    may see the ticket)."""
    calls = list(
        Call.objects.filter(ticket=ticket)
        .select_related("answered_by", "callback__called_by", "callback__message")
        .order_by("-id")[:10]
    )
    return {
        "calls": [(call, _callback(call)) for call in calls],
        "contact_mask": context.get("contact_mask"),
        "ticket": ticket,
    }
