"""What the ticket core tells the channels and the apps above it. `public_reply_posted`'s receivers run
inside the writing transaction; the others' after it commits."""

from django.db import transaction
from django.dispatch import Signal

# Sent with `ticket` and `entry` when an agent's public reply is written; a channel that carries
# replies to the customer (email) queues its delivery here so it commits or rolls back with the reply.
public_reply_posted = Signal()

# Sent after commit with `ticket_id`, `assignee_id` and `actor_id` (None for the system) when a case
# is given to an agent; whoever tells people (notifications) listens. Never sent for a self-assignment.
ticket_assigned = Signal()

# Sent after commit with `ticket_id`, `entry_id`, `author_id` and `body` for an internal note that may
# mention someone (it holds an "@").
note_posted = Signal()


def send_on_commit(signal: Signal, **kwargs: object) -> None:
    """`signal` after the writing transaction commits, only when someone listens; a failing receiver
    is logged and loses only its own side effect (robust), never the write."""
    if signal.has_listeners():
        transaction.on_commit(lambda: signal.send(sender=None, **kwargs), robust=True)
