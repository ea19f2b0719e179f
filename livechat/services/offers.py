"""Offers: who is offered a waiting chat, what happens when an offer lapses or is declined, and the
fill and sweep that offer queued chats to agents with room."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework.services import ticket_transfer
from helpdesk.errors import DomainError
from livechat import events
from livechat.models import Conversation, ConversationStatus
from livechat.queue import chat_agents_online, overflow_destination, queued_in_team
from livechat.services.common import (
    _clear_offer,
    _lock,
    _locked,
    _publish_queue_moved,
    _publish_status,
)
from livechat.state import offer_event, status_event
from routing.services import agent_hold_room, assignment_choose, overflow_team
from tickets.models import Status


def _pending_offers() -> dict[int, int]:
    rows = (
        Conversation.objects.filter(status=ConversationStatus.OFFERED)
        .values_list("offered_to_id")
        .annotate(n=Count("id"))
    )
    return {user_id: n for user_id, n in rows if user_id}


class _NoRoom(Exception):
    pass


def _choose_holding(
    conversation: Conversation, *, exclude: Iterable[int], pending: dict[int, int], now: dt.datetime
) -> User | None:
    """The agent `assignment_choose` picks, confirmed under a lock on their status row.

    The choice reads offers without locks, so two workers could both see an agent's last free slot;
    the lock makes the second wait and recount (`agent_hold_room`). An agent found full is dropped
    from this choice by rolling back to a savepoint, which also releases their row: a transaction
    never holds two agents' rows, so two offers cannot deadlock on each other.
    """
    ticket = conversation.ticket
    skip = set(exclude)

    def promised(agent_id: int) -> int:
        return (
            Conversation.objects.filter(status=ConversationStatus.OFFERED, offered_to_id=agent_id)
            .exclude(pk=conversation.pk)
            .count()
        )

    while (agent := assignment_choose(ticket=ticket, exclude=skip, pending=pending, now=now)) is not None:
        try:
            with transaction.atomic():
                held = agent_hold_room(agent_id=agent.pk, ticket=ticket, promised=promised, now=now)
                if held is None:
                    raise _NoRoom
                return held
        except _NoRoom:
            skip.add(agent.pk)
    return None


def _offer_next(conversation: Conversation, *, now: dt.datetime, refused: bool = False) -> User | None:
    """Offer a chat (locked by the caller) to the next eligible agent, or leave it waiting.

    Each agent of the team gets one turn per round; when all had theirs, a new round starts with the
    agent whose offer just lapsed last in line. With `refused` (the agent declined or went away) that
    agent is not offered it again now: with nobody else it waits.
    """
    before = conversation.status
    previous = conversation.offered_to_id
    pending = _pending_offers()
    if previous:
        pending[previous] = max(0, pending.get(previous, 0) - 1)
    tried = set(conversation.offered_before)
    agent = _choose_holding(conversation, exclude=tried, pending=pending, now=now)
    if agent is None and tried:
        tried = set()
        agent = _choose_holding(
            conversation, exclude={previous} if previous else (), pending=pending, now=now
        )
        if agent is None and previous and not refused:
            agent = _choose_holding(conversation, exclude=(), pending=pending, now=now)
    if agent is None:
        if before == ConversationStatus.WAITING and not previous:
            return None
        conversation.status = ConversationStatus.WAITING
        conversation.save(update_fields=["status", *_clear_offer(conversation)])
        _publish_status(conversation, now, agents=[previous])
        return None
    conversation.status = ConversationStatus.OFFERED
    conversation.offered_to = agent
    conversation.offered_at = now
    conversation.offer_expires_at = now + dt.timedelta(seconds=settings.LIVECHAT_OFFER_SECONDS)
    conversation.offered_before = sorted(tried | {agent.pk})
    conversation.save(
        update_fields=["status", "offered_to", "offered_at", "offer_expires_at", "offered_before"]
    )
    events.publish_on_commit(events.agent_group(agent.pk), offer_event(conversation, now))
    if before != ConversationStatus.OFFERED:
        _publish_status(conversation, now)
    if previous and previous != agent.pk:
        events.publish_on_commit(events.agent_group(previous), status_event(conversation, now))
    _lapse_on_commit(conversation.pk)
    return agent


def _lapse_on_commit(conversation_id: int) -> None:
    """A worker moves the offer on when it lapses, whether or not beat runs the sweep."""
    from livechat.tasks import chat_offer_lapse_task

    transaction.on_commit(
        lambda: chat_offer_lapse_task.apply_async(
            (conversation_id,), countdown=settings.LIVECHAT_OFFER_SECONDS + 1
        ),
        robust=True,
    )


def _overflow_if_unstaffed(conversation: Conversation, now: dt.datetime) -> int | None:
    """Move a waiting chat (locked by the caller) that nobody online could be offered to, to the
    overflow team that will take it (queue.overflow_destination). Returns the team it left, if any.
    """
    ticket = conversation.ticket
    if chat_agents_online(ticket, now):
        return None
    other = overflow_destination(ticket, now)
    if other is None:
        return None
    left = ticket.team_id
    conversation.ticket = ticket_transfer(
        ticket=ticket, actor=None, team=other, event="overflowed", push=False
    )
    return left


def _overflow_if_overdue(conversation: Conversation, now: dt.datetime) -> int | None:
    """Follow-the-sun for a waiting chat (locked by the caller) that nobody in its team has room for
    past the team's wait target: it moves to an overflow team with an agent free for it, to be
    offered there (routing's overflow sweep leaves chats to this, since it would assign outright).
    Returns the team it left, if any."""
    ticket = conversation.ticket
    team = ticket.team
    if team is None or now - ticket.created_at < dt.timedelta(seconds=team.wait_target_seconds):
        return None
    other = overflow_team(ticket, now=now, exclude={team.pk}, needs_free_agent=True)
    if other is None:
        return None
    conversation.ticket = ticket_transfer(
        ticket=ticket, actor=None, team=other, event="overflowed", push=False
    )
    return team.pk


def _fill_after_commit() -> None:
    """Once this change is stored, offer the chats it may have made room for."""
    transaction.on_commit(lambda: chat_offers_fill(), robust=True)


def _settle_from_ticket(conversation: Conversation, now: dt.datetime) -> bool:
    """A queued chat whose ticket was taken or solved elsewhere (the workspace, "get next") follows
    its ticket. True if it did."""
    ticket = conversation.ticket
    previous = conversation.offered_to_id
    if ticket.assignee_id is not None:
        conversation.status = ConversationStatus.ACTIVE
        conversation.accepted_at = conversation.accepted_at or now
    elif ticket.status in (Status.SOLVED, Status.CLOSED):
        conversation.status = ConversationStatus.ENDED
        conversation.ended_at = now
    else:
        return False
    conversation.with_assistant = False
    conversation.save(
        update_fields=["status", "accepted_at", "ended_at", "with_assistant", *_clear_offer(conversation)]
    )
    _publish_status(conversation, now, agents=[previous, ticket.assignee_id])
    return True


def chat_offer_lapse(*, conversation_id: int, now: dt.datetime | None = None) -> bool:
    """Move a lapsed offer on to the next agent (or back to waiting). True if it was due.

    Under SKIP LOCKED and re-checked under the lock: the sweep and the offer's own timer may both
    get here, and only one acts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _locked(conversation_id, skip_locked=True)
        if (
            conversation is None
            or conversation.status != ConversationStatus.OFFERED
            or conversation.offer_expires_at is None
            or conversation.offer_expires_at > now
        ):
            return False
        if not _settle_from_ticket(conversation, now):
            _offer_next(conversation, now=now)
    return True


def chat_decline(*, conversation_id: int, agent: User, now: dt.datetime | None = None) -> Conversation:
    """`agent` turns down the chat offered to them: it goes at once to the next agent, as a lapsed
    offer does, or waits if there is nobody else (and comes back to them in a later round)."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.status != ConversationStatus.OFFERED or conversation.offered_to_id != agent.pk:
            raise DomainError(_("This chat is no longer offered to you."), code="taken")
        if not _settle_from_ticket(conversation, now):
            _offer_next(conversation, now=now, refused=True)
    return conversation


def chat_offers_withdraw(*, agent_id: int, now: dt.datetime | None = None) -> int:
    """An agent who went away or offline keeps no offers: each moves on at once, as if declined."""
    now = now or timezone.now()
    moved = 0
    pks = Conversation.objects.filter(status=ConversationStatus.OFFERED, offered_to_id=agent_id).values_list(
        "pk", flat=True
    )
    for pk in list(pks):
        with transaction.atomic():
            conversation = _locked(pk, skip_locked=True)
            if (
                conversation is None
                or conversation.status != ConversationStatus.OFFERED
                or conversation.offered_to_id != agent_id
            ):
                continue
            if not _settle_from_ticket(conversation, now):
                _offer_next(conversation, now=now, refused=True)
            moved += 1
    return moved


def _fill_one(pk: int, now: dt.datetime, *, regular_full: bool) -> str:
    """Offer one waiting chat if it can be; "acted", "no_room" or "skipped"."""
    with transaction.atomic():
        conversation = _locked(pk, skip_locked=True)
        if conversation is None or conversation.status != ConversationStatus.WAITING:
            return "skipped"
        if conversation.with_assistant:
            # Tier 0 holds it: offered once tier 0 hands it over (chat_assistant_release).
            return "skipped"
        if _settle_from_ticket(conversation, now):
            return "acted"
        if regular_full and conversation.ticket.vip_rank == 0:
            return "skipped"
        left = _overflow_if_unstaffed(conversation, now)
        offered = _offer_next(conversation, now=now)
        if offered is None and left is None and (left := _overflow_if_overdue(conversation, now)) is not None:
            offered = _offer_next(conversation, now=now)
        if left is not None:
            if offered is None:
                _publish_status(conversation, now)
            _publish_queue_moved(left, now)
            return "acted"
        return "no_room" if offered is None else "acted"


def chat_offers_fill(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Offer every waiting chat that some agent has room for, each team's queue in order.

    Called once a change that may free room is stored (a chat ended or moved, an offer lapsed, an
    agent came online, capacity grew) and by the sweep. Each chat is handled in its own transaction
    under SKIP LOCKED, and each agent's room is checked under a lock on their status row, so fills
    running at once never offer one chat twice nor an agent more than their capacity. Returns how
    many chats changed hands.
    """
    now = now or timezone.now()
    acted = 0
    teams = (
        Conversation.objects.filter(status=ConversationStatus.WAITING, with_assistant=False)
        .values_list("ticket__team_id", flat=True)
        .order_by()  # without it the model's ordering (-id) joins the DISTINCT: one row per chat
        .distinct()
    )
    for team_id in list(teams):
        waiting = queued_in_team(team_id).filter(status=ConversationStatus.WAITING)
        # After a regular chat finds nobody with room, the ones behind it would not either; a VIP
        # chat still may (reserved capacity, account managers).
        regular_full = False
        rows = waiting.values_list("pk", "ticket__vip_rank", "ticket__assignee_id", "ticket__status")
        for pk, vip_rank, assignee_id, status in list(rows[:limit]):
            # Not even locked: a regular chat behind a full queue, unless its ticket moved on
            # elsewhere and the chat must follow it.
            settled = assignee_id is not None or status in (Status.SOLVED, Status.CLOSED)
            if regular_full and vip_rank == 0 and not settled:
                continue
            outcome = _fill_one(pk, now, regular_full=regular_full)
            if outcome == "acted":
                acted += 1
            elif outcome == "no_room":
                regular_full = True
    return acted


def chat_queues_refresh(*, now: dt.datetime | None = None) -> None:
    """Tell every waiting visitor their place and expected wait again: agents came or went, so the
    estimate changed, or became none at all (nobody online: the widget offers to leave a message)."""
    now = now or timezone.now()
    teams = (
        Conversation.objects.filter(status=ConversationStatus.WAITING, with_assistant=False)
        .values_list("ticket__team_id", flat=True)
        .order_by()  # without it the model's ordering (-id) joins the DISTINCT: one row per chat
        .distinct()
    )
    with transaction.atomic():
        for team_id in list(teams):
            _publish_queue_moved(team_id, now)


def chat_offers_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """The safety net beat runs: re-offer chats whose offer lapsed, then offer waiting chats to
    agents who have room (see chat_offers_fill; offers normally happen at once without it).

    Reads only due offers and queued chats (partial indexes). Returns how many chats changed hands.
    """
    now = now or timezone.now()
    due = list(
        Conversation.objects.filter(status=ConversationStatus.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    acted = sum(chat_offer_lapse(conversation_id=pk, now=now) for pk in due)
    return acted + _held_settle(now, limit) + chat_offers_fill(now=now, limit=limit)


def _held_settle(now: dt.datetime, limit: int) -> int:
    """Chats tier 0 holds follow their ticket too: taken from the workspace, or solved there (or by
    the pending sweep after a visitor who never came back), they stop waiting."""
    pks = list(
        Conversation.objects.filter(status=ConversationStatus.WAITING, with_assistant=True)
        .filter(Q(ticket__assignee__isnull=False) | Q(ticket__status__in=(Status.SOLVED, Status.CLOSED)))
        .values_list("pk", flat=True)[:limit]
    )
    settled = 0
    for pk in pks:
        with transaction.atomic():
            conversation = _locked(pk, skip_locked=True)
            if conversation is not None and conversation.status == ConversationStatus.WAITING:
                settled += _settle_from_ticket(conversation, now)
    return settled
