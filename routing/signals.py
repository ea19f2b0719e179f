"""What routing tells the channels. Sent after commit, so receivers see the change."""

from django.db import transaction
from django.dispatch import Signal

# Agents may have room for more work: one came online, a team's capacity or members changed. Live
# chat offers its waiting chats at once instead of leaving them to the next sweep.
agents_gained_room = Signal()


def agents_gained_room_on_commit() -> None:
    # robust: the change itself is stored; a receiver that fails only delays offers to the sweep.
    transaction.on_commit(lambda: agents_gained_room.send(sender=None), robust=True)


# An agent stopped being available (set away or offline, or their heartbeats stopped): work promised
# to them but not yet theirs (live chat offers) goes to someone else. Sent with `user_id`.
agent_left = Signal()


def agent_left_on_commit(user_id: int) -> None:
    transaction.on_commit(lambda: agent_left.send(sender=None, user_id=user_id), robust=True)
