"""What the ticket core tells the channels. Receivers run inside the writing transaction."""

from django.dispatch import Signal

# Sent with `ticket` and `entry` when an agent's public reply is written; a channel that carries
# replies to the customer (email) queues its delivery here so it commits or rolls back with the reply.
public_reply_posted = Signal()
