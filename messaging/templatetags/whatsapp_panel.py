"""The WhatsApp part of a ticket's channel panel: is the 24-hour window open, until when, and, when it
is closed, the account's approved templates with a form to send one."""

from typing import Any

from django import template

from messaging.models import ChannelAccount, ChannelKind, Contact, Direction
from messaging.whatsapp_templates import whatsapp_panel

register = template.Library()


@register.inclusion_tag("messaging/whatsapp_panel.html", takes_context=True)
def whatsapp_window(context: template.Context, ticket: Any) -> dict[str, Any]:
    """One panel per WhatsApp contact who wrote on the ticket (usually one): one statement, the
    templates come from the cache."""
    contact, account = context.get("contact"), context.get("account")
    if (
        isinstance(contact, Contact)
        and isinstance(account, ChannelAccount)
        and contact.account_id == account.pk
    ):
        # The channel panel's own contact and account: nothing to read.
        contact.account = account
        contacts = [contact] if account.kind == ChannelKind.WHATSAPP else []
    else:
        contacts = list(
            Contact.objects.filter(
                account__kind=ChannelKind.WHATSAPP,
                messages__ticket=ticket,
                messages__direction=Direction.IN,
            )
            .select_related("account")
            .distinct()
            .order_by("-last_inbound_at")[:3]
        )
    return {
        "panels": [whatsapp_panel(c) for c in contacts],
        "ticket": ticket,
        "csrf_token": context.get("csrf_token"),
    }
