"""The email channel listens to the ticket core: replies on email tickets go out as email."""

from typing import Any

from django.dispatch import receiver

from tickets.models import Channel, Ticket, TimelineEntry
from tickets.signals import public_reply_posted


@receiver(public_reply_posted, dispatch_uid="mail.reply_queue")
def _queue_reply(sender: Any, *, ticket: Ticket, entry: TimelineEntry, **kwargs: Any) -> None:
    if ticket.channel != Channel.EMAIL:
        return
    from mail.services.outbound import reply_queue

    reply_queue(ticket=ticket, entry=entry)
