"""Where a waiting chat stands: its place in its team's queue and how long it may still wait.

Chats are offered in the order "get next" takes cases (most urgent, then highest VIP rank, then
oldest), so the position counts the chats of the same team ahead in that order.
"""

import datetime as dt
import math

from django.conf import settings
from django.db.models import Q, QuerySet

from livechat.events import QueueData
from livechat.models import QUEUED, Conversation, ConversationStatus
from routing.models import AgentStatus, Presence, TeamMembership
from routing.services import presence_ttl, team_on_shift
from tickets.models import Ticket

RECENT_WINDOW = dt.timedelta(hours=2)
RECENT_CHATS = 20


def queued_in_team(team_id: int | None) -> "QuerySet[Conversation]":
    """The team's queued chats in offer order, with their tickets."""
    team = Q(ticket__team_id=team_id) if team_id is not None else Q(ticket__team__isnull=True)
    return (
        Conversation.objects.filter(team, status__in=QUEUED)
        .select_related("ticket__customer")
        .order_by("-ticket__priority", "-ticket__vip_rank", "id")
    )


def queue_position(conversation: Conversation) -> int:
    ticket: Ticket = conversation.ticket
    team = Q(ticket__team_id=ticket.team_id) if ticket.team_id is not None else Q(ticket__team__isnull=True)
    ahead = (
        Q(ticket__priority__gt=ticket.priority)
        | Q(ticket__priority=ticket.priority, ticket__vip_rank__gt=ticket.vip_rank)
        | Q(ticket__priority=ticket.priority, ticket__vip_rank=ticket.vip_rank, id__lt=conversation.pk)
    )
    return Conversation.objects.filter(team, ahead, status__in=QUEUED).count() + 1


def agents_online(team_id: int | None, now: dt.datetime) -> int:
    if team_id is None:
        return 0
    members = TeamMembership.objects.filter(team_id=team_id).values("user_id")
    return AgentStatus.objects.filter(
        user_id__in=members,
        user__is_active=True,
        presence=Presence.ONLINE,
        last_seen_at__gte=now - presence_ttl(),
    ).count()


def recent_wait_seconds(team_id: int | None, now: dt.datetime) -> float:
    """The mean wait of the team's last chats accepted lately, or the configured default."""
    team = Q(ticket__team_id=team_id) if team_id is not None else Q(ticket__team__isnull=True)
    rows = list(
        Conversation.objects.filter(team, accepted_at__gte=now - RECENT_WINDOW)
        .order_by("-accepted_at")
        .values_list("created_at", "accepted_at")[:RECENT_CHATS]
    )
    waits = [(accepted - created).total_seconds() for created, accepted in rows if accepted]
    if not waits:
        return float(settings.LIVECHAT_DEFAULT_WAIT_SECONDS)
    return max(0.0, sum(waits) / len(waits))


def expected_wait(position: int, *, mean_wait: float, agents: int) -> int:
    """Each agent online takes the next chat in turn: the n-th in line waits about ceil(n / agents)
    recent waits."""
    return round(mean_wait * math.ceil(position / max(1, agents)))


def queue_info(conversation: Conversation, now: dt.datetime) -> QueueData:
    if not conversation.is_queued:
        return {"position": None, "expected_wait_seconds": None}
    team_id = conversation.ticket.team_id
    position = queue_position(conversation)
    return {
        "position": position,
        "expected_wait_seconds": expected_wait(
            position, mean_wait=recent_wait_seconds(team_id, now), agents=agents_online(team_id, now)
        ),
    }


def queue_snapshot(
    team_id: int | None, now: dt.datetime, *, limit: int
) -> list[tuple[Conversation, QueueData]]:
    """The first `limit` queued chats of a team with their queue data, in a fixed number of queries."""
    chats = list(queued_in_team(team_id)[:limit])
    if not chats:
        return []
    mean = recent_wait_seconds(team_id, now)
    agents = agents_online(team_id, now)
    return [
        (chat, {"position": i, "expected_wait_seconds": expected_wait(i, mean_wait=mean, agents=agents)})
        for i, chat in enumerate(chats, start=1)
    ]


def agents_available(conversation: Conversation, queue: QueueData, now: dt.datetime) -> bool:
    """Whether waiting makes sense: the chat is already offered, or its team is on shift with someone
    online and the expected wait is within LIVECHAT_MAX_WAIT_SECONDS. The widget offers to leave a
    message otherwise."""
    if not conversation.is_queued or conversation.status == ConversationStatus.OFFERED:
        return conversation.status != ConversationStatus.ENDED
    team = conversation.ticket.team
    if team is None or not team_on_shift(team, now) or agents_online(team.pk, now) == 0:
        return False
    wait = queue["expected_wait_seconds"]
    return wait is None or wait <= settings.LIVECHAT_MAX_WAIT_SECONDS
