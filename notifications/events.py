"""Realtime notification events, sent to the one group of each person's open pages."""

import logging
from collections.abc import Mapping
from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


class UnreadChanged(TypedDict):
    """What a bell needs: the new unread count, and whether something new arrived (it refreshes its
    list). No text travels: the list is read through the pages, which check access."""

    type: Literal["notifications.changed"]
    unread: int
    added: bool


def user_group(user_id: int) -> str:
    return f"notifications.{user_id}"


def publish_unread(counts: Mapping[int, int], *, added: bool) -> None:
    """Called after commit: each person's new unread count to their own group only. A lost event
    leaves a bell behind until the next page load; nothing else depends on it."""
    layer = get_channel_layer()
    if layer is None or not counts:
        return

    async def send_all() -> None:
        for user_id, unread in counts.items():
            event: UnreadChanged = {"type": "notifications.changed", "unread": unread, "added": added}
            try:
                await layer.group_send(user_group(user_id), event)
            except Exception:
                logger.warning("could not publish notifications to user %s", user_id, exc_info=True)

    async_to_sync(send_all)()
