"""The messaging channels listen to the ticket core: replies on a ticket whose customer wrote through
a messaging channel go out through it."""

from typing import Any

from django.dispatch import receiver

from tickets.models import Ticket, TimelineEntry
from tickets.signals import public_reply_posted


@receiver(public_reply_posted, dispatch_uid="messaging.reply_route")
def _route_reply(sender: Any, *, ticket: Ticket, entry: TimelineEntry, **kwargs: Any) -> None:
    from messaging.services import REPLYING_CHANNELS, reply_route

    if ticket.channel in REPLYING_CHANNELS:
        reply_route(ticket=ticket, entry=entry)
