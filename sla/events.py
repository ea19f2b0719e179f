"""Realtime SLA notices, sent to the narrow group of each agent concerned."""

import logging
from collections.abc import Iterable
from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


class SlaNotice(TypedDict):
    type: Literal["sla.warned", "sla.breached", "sla.escalated"]
    ticket: int
    reference: str
    subject: str
    target: str
    due_at: str | None


def agent_group(user_id: int) -> str:
    """The group of one agent's open workspace tabs."""
    return f"agent.{user_id}"


def publish_sla_notice(user_ids: Iterable[int], notice: SlaNotice) -> None:
    """Called after commit. A notice lost with the channel layer is still on the timeline and in mail."""
    layer = get_channel_layer()
    if layer is None:
        return
    for user_id in user_ids:
        try:
            async_to_sync(layer.group_send)(agent_group(user_id), {"type": "sla.notice", "notice": notice})
        except Exception:
            logger.warning("could not publish %s to agent %s", notice["type"], user_id, exc_info=True)
