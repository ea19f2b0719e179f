"""The ticket page's channel panel and the receipt beside each reply that went out through a channel."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from customers.contacts import MASKED, ContactMask
from messaging.access import contact_linkable
from messaging.models import MessageStatus
from messaging.panel import channel_state
from tickets.models import Ticket, TimelineEntry

register = template.Library()


@register.inclusion_tag("messaging/channel_panel.html", takes_context=True)
def channel_panel(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context.get("user")
    mask = context.get("contact_mask")
    state = channel_state(ticket)
    phone = ""
    if state is not None and state.contact.phone:
        phone = (mask if isinstance(mask, ContactMask) else MASKED).phone(state.contact.phone)
    return {
        "phone": phone,
        "state": state,
        "ticket": ticket,
        "user": user,
        "may_link": contact_linkable(user),
        "csrf_token": context.get("csrf_token"),
        "contact_mask": mask,
    }


@register.simple_tag
def channel_receipt(entry: TimelineEntry, ticket: Any) -> str:
    """What became of this reply on the customer's channel; empty for anything else."""
    if not isinstance(ticket, Ticket) or entry.kind != "agent_reply":
        return ""
    state = channel_state(ticket)
    message = state.receipts.get(entry.pk) if state else None
    if message is None:
        return ""
    label = MessageStatus(message.status).label
    title = message.error if message.status == MessageStatus.FAILED else ""
    return format_html(
        '<span class="receipt receipt-{}" data-receipt="{}" title="{}">{}</span>',
        message.status,
        message.status,
        title,
        _("%(channel)s: %(status)s")
        % {"channel": state.account.get_kind_display() if state else "", "status": label},
    )
