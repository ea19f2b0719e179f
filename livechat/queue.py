"""Where a waiting chat stands: its place in its team's queue, how long it may still wait, and
whether anyone can take it at all.

Chats are offered in the order "get next" takes cases (most urgent, then highest VIP rank, then
oldest), so the position counts the chats of the same team ahead in that order.

What the visitor is told uses the same rule as the offers (routing's presence rule, the team's
agents and a VIP's account managers): the widget says nobody is online only when no agent the chat
could be offered to is. A chat whose team has nobody online is moved to an overflow team before it
is told anything (services.chat_start), so its queue and estimate are the team that will answer.
"""

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import Q, QuerySet

from livechat.events import QueueData
from livechat.models import QUEUED, Conversation, ConversationStatus
from routing.models import Team
from routing.services import agents_available_among, overflow_team, team_chat_slots
from tickets.models import Ticket

# Handling times are learnt from the team's chats accepted in this window, the latest first.
HANDLE_WINDOW = dt.timedelta(hours=24)
HANDLE_SAMPLE = 50
# Fewer ended chats than this and the configured default stands in for the median.
HANDLE_MIN_SAMPLES = 5
# The least a visitor is told: an offer still has to be seen and accepted.
MIN_WAIT_SECONDS = 30
# A chat that ran longer than every measured one is still expected to run this share of a turn.
MIN_LEFT_SHARE = 0.25
# A handling time counts for at most this many medians in the mean (a chat forgotten open for hours).
OUTLIER_MEDIANS = 4

Availability = Literal["available", "busy", "no_agents"]


def queued_in_team(team_id: int | None) -> "QuerySet[Conversation]":
    """The team's queued chats in offer order, with their tickets; chats tier 0 holds wait outside it."""
    team = Q(ticket__team_id=team_id) if team_id is not None else Q(ticket__team__isnull=True)
    return (
        Conversation.objects.filter(team, status__in=QUEUED, with_assistant=False)
        .select_related("ticket__customer")
        .order_by("-ticket__priority", "-ticket__vip_rank", "id")
    )


def _ahead(conversation: Conversation) -> Q:
    ticket: Ticket = conversation.ticket
    team = Q(ticket__team_id=ticket.team_id) if ticket.team_id is not None else Q(ticket__team__isnull=True)
    # A chat tier 0 still holds is in nobody's way.
    return (
        team
        & Q(with_assistant=False)
        & (
            Q(ticket__priority__gt=ticket.priority)
            | Q(ticket__priority=ticket.priority, ticket__vip_rank__gt=ticket.vip_rank)
            | Q(ticket__priority=ticket.priority, ticket__vip_rank=ticket.vip_rank, id__lt=conversation.pk)
        )
    )


def queue_position(conversation: Conversation) -> int:
    return Conversation.objects.filter(_ahead(conversation), status__in=QUEUED).count() + 1


def waiting_ahead(conversation: Conversation) -> bool:
    """Whether a chat of the same team ahead in line waits unoffered: then nobody has room for this
    one either, and offering it first would jump the queue."""
    return Conversation.objects.filter(_ahead(conversation), status=ConversationStatus.WAITING).exists()


# --- The estimate -------------------------------------------------------------------------------


def turn_seconds(samples: Sequence[float]) -> float:
    """How long a slot takes per chat: the mean of the measured handling times, each capped at
    OUTLIER_MEDIANS times their median so one chat left open for hours does not swamp the rest.

    The mean, not the median: a wait adds handling times up, and their sum grows with the mean
    (handling times are skewed: most chats are short, a few run long)."""
    cap = statistics.median(samples) * OUTLIER_MEDIANS
    return max(1.0, statistics.fmean(min(t, cap) for t in samples))


def left_seconds(samples: Sequence[float], ran: float, turn: float) -> float:
    """How much longer a chat that has run `ran` seconds should take: the mean of what the measured
    chats that ran longer than that had left. A chat past all of them still gets MIN_LEFT_SHARE of
    a turn: it is expected to end, not to have ended."""
    longer = [t - ran for t in samples if t > ran]
    floor = turn * MIN_LEFT_SHARE
    return max(floor, statistics.fmean(longer)) if longer else floor


def wait_estimate(
    *, position: int, slots: int, handle_samples: Sequence[float], running_seconds: Sequence[float]
) -> int | None:
    """Seconds until the chat at `position` (1 = next) gets an agent; None when nobody is online.

    `slots` is how many chats the agents online may hold at once (their capacities added up);
    `handle_samples` the measured handling times (accepted to ended) of recent chats;
    `running_seconds` how long each chat the agents hold now has run. A free slot frees at once, a
    busy one when its chat is expected to end (`left_seconds`), and each slot then serves one chat
    per turn (`turn_seconds`). With `a` the times the slots free, earliest first, the chat at
    position p waits a[(p-1) mod slots] + floor((p-1) / slots) x turn: about ceil(p / slots) turns,
    less what the current chats have already run. Never less than MIN_WAIT_SECONDS.
    """
    if slots <= 0 or not handle_samples:
        return None
    turn = turn_seconds(handle_samples)
    busy = sorted(left_seconds(handle_samples, ran, turn) for ran in running_seconds)[:slots]
    frees_at = [0.0] * (slots - len(busy)) + busy
    rounds, slot = divmod(max(1, position) - 1, slots)
    return max(MIN_WAIT_SECONDS, math.ceil(frees_at[slot] + rounds * turn))


@dataclass(frozen=True)
class TeamLoad:
    """What the estimate reads about a team, read once for a whole queue."""

    agents: int
    slots: int
    handle_samples: list[float]
    running_seconds: list[float]


def handle_samples(team_id: int | None, now: dt.datetime) -> list[float]:
    """The handling times (accepted to ended) of the team's recent chats, latest first; the default
    alone while there are too few to go by."""
    team = Q(ticket__team_id=team_id) if team_id is not None else Q(ticket__team__isnull=True)
    rows = (
        Conversation.objects.filter(team, accepted_at__gte=now - HANDLE_WINDOW, ended_at__isnull=False)
        .order_by("-accepted_at")
        .values_list("accepted_at", "ended_at")[:HANDLE_SAMPLE]
    )
    times = [max(0.0, (ended - accepted).total_seconds()) for accepted, ended in rows if accepted and ended]
    if len(times) < HANDLE_MIN_SAMPLES:
        return [float(settings.LIVECHAT_DEFAULT_HANDLE_SECONDS)]
    return times


def team_load(team_id: int | None, now: dt.datetime, *, is_vip: bool = False) -> TeamLoad:
    """The team as a chat of this kind sees it (a regular chat cannot use VIP-reserved slots)."""
    slots = team_chat_slots(team_id=team_id, now=now, is_vip=is_vip) if team_id is not None else {}
    accepted = Conversation.objects.filter(
        status=ConversationStatus.ACTIVE, ticket__assignee_id__in=list(slots)
    ).values_list("accepted_at", flat=True)
    return TeamLoad(
        agents=len(slots),
        slots=sum(slots.values()),
        handle_samples=handle_samples(team_id, now) if slots else [],
        running_seconds=[(now - at).total_seconds() for at in accepted if at] if slots else [],
    )


def queue_data(position: int, load: TeamLoad) -> QueueData:
    wait = wait_estimate(
        position=position,
        slots=load.slots,
        handle_samples=load.handle_samples,
        running_seconds=load.running_seconds,
    )
    cap = settings.LIVECHAT_WAIT_CAP_SECONDS
    return {
        "position": position,
        "expected_wait_seconds": None if wait is None else min(wait, cap),
        "expected_wait_capped": wait is not None and wait > cap,
    }


def queue_info(conversation: Conversation, now: dt.datetime) -> QueueData:
    if not conversation.is_queued or conversation.with_assistant:
        return {"position": None, "expected_wait_seconds": None, "expected_wait_capped": False}
    ticket = conversation.ticket
    return queue_data(
        queue_position(conversation), team_load(ticket.team_id, now, is_vip=ticket.vip_rank > 0)
    )


def queue_snapshot(
    team_id: int | None, now: dt.datetime, *, limit: int
) -> list[tuple[Conversation, QueueData]]:
    """The first `limit` queued chats of a team with their queue data, in a fixed number of queries."""
    chats = list(queued_in_team(team_id)[:limit])
    if not chats:
        return []
    loads: dict[bool, TeamLoad] = {}

    def load(is_vip: bool) -> TeamLoad:
        if is_vip not in loads:
            loads[is_vip] = team_load(team_id, now, is_vip=is_vip)
        return loads[is_vip]

    return [(chat, queue_data(i, load(chat.ticket.vip_rank > 0))) for i, chat in enumerate(chats, start=1)]


# --- Who can take it ----------------------------------------------------------------------------


def chat_agents_online(ticket: Ticket, now: dt.datetime) -> int:
    """How many agents a chat could be offered to are online: its team's with a slot for it, and a
    VIP's account managers (offers try them first). The rule `assignment_choose` applies, less the
    chats they hold now."""
    is_vip = ticket.vip_rank > 0
    team = ticket.team_id
    online = set(team_chat_slots(team_id=team, now=now, is_vip=is_vip)) if team is not None else set()
    if is_vip:
        customer = ticket.customer
        managers = [customer.account_manager_id, customer.backup_account_manager_id]
        online.update(agents_available_among(user_ids=[m for m in managers if m], now=now))
    return len(online)


def overflow_destination(ticket: Ticket, now: dt.datetime) -> Team | None:
    """Where a chat nobody online could be offered to goes: routing's overflow choice (on shift,
    skill, language, tier), first a team with an agent free for it, else the first with anyone
    online, whose queue it joins. None when nobody anywhere could take it."""
    own = {ticket.team_id} if ticket.team_id is not None else set()
    team = overflow_team(ticket, now=now, exclude=own, needs_free_agent=True)
    if team is not None:
        return team
    tried = set(own)
    while (team := overflow_team(ticket, now=now, exclude=tried)) is not None:
        if team_chat_slots(team_id=team.pk, now=now, is_vip=ticket.vip_rank > 0):
            return team
        tried.add(team.pk)
    return None


def chat_availability(conversation: Conversation, queue: QueueData, now: dt.datetime) -> Availability:
    """What the widget is told: `available` (an agent has it or will be offered it), `busy` (agents
    are online but the expected wait passes LIVECHAT_MAX_WAIT_SECONDS) or `no_agents` (nobody the chat
    could be offered to is online, in its team or an overflow team)."""
    if conversation.status == ConversationStatus.ENDED:
        return "no_agents"
    if conversation.status != ConversationStatus.WAITING or conversation.with_assistant:
        return "available"
    if chat_agents_online(conversation.ticket, now) == 0:
        return "no_agents"
    wait = queue["expected_wait_seconds"]
    if queue["expected_wait_capped"] or (wait is not None and wait > settings.LIVECHAT_MAX_WAIT_SECONDS):
        return "busy"
    return "available"
