"""What routing tells the channels. Sent after commit, so receivers see the change."""

from django.db import transaction
from django.dispatch import Signal

# Agents may have room for more work: one came online, a team's capacity or members changed. Live
# chat offers its waiting chats at once instead of leaving them to the next sweep.
agents_gained_room = Signal()


def agents_gained_room_on_commit() -> None:
    # robust: the change itself is stored; a receiver that fails only delays offers to the sweep.
    transaction.on_commit(lambda: agents_gained_room.send(sender=None), robust=True)
