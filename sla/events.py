"""Realtime SLA notices, sent to the narrow group of each agent concerned."""

import logging
from collections.abc import Iterable, Sequence
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
    publish_sla_notices([(list(user_ids), notice)])


def publish_sla_notices(notices: Sequence[tuple[Sequence[int], SlaNotice]]) -> None:
    """Several notices (a sweep's batch), each to its agents, in one pass through the event loop."""
    layer = get_channel_layer()
    if layer is None or not notices:
        return

    async def send_all() -> None:
        for user_ids, notice in notices:
            for user_id in user_ids:
                try:
                    await layer.group_send(agent_group(user_id), {"type": "sla.notice", "notice": notice})
                except Exception:
                    logger.warning("could not publish %s to agent %s", notice["type"], user_id, exc_info=True)

    async_to_sync(send_all)()
