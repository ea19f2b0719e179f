"""What approvals tell the apps above them. Sent after commit."""

from django.dispatch import Signal

# Sent with `request_id` when a maker's request is opened and waits for checkers.
request_created = Signal()

# Sent with `request_id`, `actor_id` and `status` when a checker approves or rejects a request.
request_decided = Signal()
