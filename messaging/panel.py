"""What the ticket page shows of a messaging channel: who wrote and through which account, and what
became of each reply that went out (sent, delivered, read, failed). Two statements for a ticket of a
messaging channel, none for any other."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from messaging.models import ChannelAccount, ChannelMessage, Contact, Direction
from messaging.services import REPLYING_CHANNELS
from tickets.models import Ticket


@dataclass
class ChannelState:
    account: ChannelAccount
    contact: Contact
    # The adapter's own part of the panel (messaging/panels/<kind>.html), when it has one.
    panel_template: str | None
    # entry id -> the message that carried that reply.
    receipts: dict[int, ChannelMessage] = field(default_factory=dict)


def _panel_template(kind: str) -> str | None:
    name = f"messaging/panels/{kind}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def channel_state(ticket: Ticket) -> ChannelState | None:
    """The ticket's channel, read once per page (kept on the ticket object for the timeline's receipts)."""
    if hasattr(ticket, "_channel_state"):
        return ticket._channel_state
    state: ChannelState | None = None
    if ticket.channel in REPLYING_CHANNELS:
        last = (
            ChannelMessage.objects.filter(ticket=ticket, direction=Direction.IN)
            .select_related("account", "contact__customer", "contact__linked_by")
            .order_by("-id")
            .first()
        )
        if last is not None:
            state = ChannelState(
                account=last.account, contact=last.contact, panel_template=_panel_template(last.account.kind)
            )
            outbound = ChannelMessage.objects.filter(
                ticket=ticket, direction=Direction.OUT, entry__isnull=False
            ).only(
                "entry_id", "status", "error", "sent_at", "delivered_at", "read_at", "failed_at", "account_id"
            )
            state.receipts = {m.entry_id: m for m in outbound if m.entry_id is not None}
    ticket._channel_state = state  # type: ignore[attr-defined]
    return state
