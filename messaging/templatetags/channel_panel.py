"""The ticket page's channel panel and the receipt beside each reply that went out through a channel."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from customers.contacts import MASKED, ContactMask
from messaging.access import contact_linkable
from messaging.models import PHONE_KINDS, MessageStatus, phone_like
from messaging.panel import channel_state
from tickets.models import Ticket, TimelineEntry

register = template.Library()


@register.inclusion_tag("messaging/channel_panel.html", takes_context=True)
def channel_panel(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context.get("user")
    mask = context.get("contact_mask")
    state = channel_state(ticket)
    shown = mask if isinstance(mask, ContactMask) else MASKED
    phone = contact_id = contact_name = ""
    if state is not None:
        contact = state.contact
        if contact.phone:
            phone = shown.phone(contact.phone)
        # A phone channel's sender id is the number; a name may be the number too.
        contact_id = (
            shown.phone(contact.external_id) if state.account.kind in PHONE_KINDS else contact.external_id
        )
        contact_name = shown.phone(contact.name) if phone_like(contact.name) else contact.name
        if contact_id in (contact_name, phone):
            contact_id = ""
        contact_name = contact_name or contact_id or phone
    return {
        "phone": phone,
        "contact_id": contact_id,
        "contact_name": contact_name,
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
