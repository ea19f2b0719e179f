"""Assignment: capacity, push to the best available agent, "get next", offers, and presence.

Assignment always locks the agent's AgentStatus row first, so two assignments to one agent queue
up and capacity holds.
"""

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from audit.context import current as current_audit_context
from audit.services import audit_record
from helpdesk import rows
from helpdesk.errors import DomainError
from routing.config import RoutingConfig, routing_config
from routing.models import (
    AgentStatus,
    Presence,
    Team,
    TeamMembership,
)
from routing.services.claim import execute_claim, sql_text_literal
from routing.services.common import (
    WAITING,
    presence_ttl,
)
from routing.signals import agent_left_on_commit, agents_gained_room_on_commit
from tickets.models import (
    UNRESOLVED,
    Channel,
    Status,
    Ticket,
)
from tickets.signals import send_on_commit, ticket_assigned
from tickets.timeline import timeline_event_add

# --- Capacity and assignment ----------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    chats: int
    tickets: int
    vip_reserved: int


def agent_capacity(
    user: User, status: AgentStatus | None = None, teams: list[Team] | None = None
) -> Capacity:
    teams = teams if teams is not None else list(Team.objects.filter(memberships__user=user))
    chats = max((t.chat_capacity for t in teams), default=0)
    tickets = max((t.ticket_capacity for t in teams), default=0)
    reserved = max((t.vip_reserved_capacity for t in teams), default=0)
    if status is not None:
        chats = status.chat_capacity if status.chat_capacity is not None else chats
        tickets = status.ticket_capacity if status.ticket_capacity is not None else tickets
    return Capacity(chats=chats, tickets=tickets, vip_reserved=reserved)


def agent_load(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Open chats and open tickets per agent, in one query."""
    rows = (
        Ticket.objects.filter(assignee_id__in=user_ids, status__in=UNRESOLVED)
        .values("assignee_id")
        .annotate(
            chats=Count("id", filter=Q(channel=Channel.CHAT)),
            tickets=Count("id", filter=~Q(channel=Channel.CHAT)),
        )
    )
    load = {uid: (0, 0) for uid in user_ids}
    for row in rows:
        load[row["assignee_id"]] = (row["chats"], row["tickets"])
    return load


def _has_room(capacity: Capacity, load: tuple[int, int], *, is_chat: bool, is_vip: bool) -> bool:
    used, limit = (load[0], capacity.chats) if is_chat else (load[1], capacity.tickets)
    if not is_vip:
        limit -= capacity.vip_reserved
    return used < limit


def _available(status: AgentStatus, now: dt.datetime) -> bool:
    return (
        status.presence == Presence.ONLINE
        and status.last_seen_at is not None
        and now - status.last_seen_at <= presence_ttl()
        and status.user.is_active
    )


def _assign(ticket: Ticket, agent: User, status: AgentStatus, *, how: str, now: dt.datetime) -> None:
    ticket.assignee = agent
    fields = ["assignee", "updated_at"]
    ticket.updated_at = now
    if ticket.status == Status.NEW:
        ticket.status = Status.OPEN
        fields.append("status")
    ticket.save(update_fields=fields)
    assignment_record(ticket=ticket, claim=PushClaim(agent=agent, status=status, how=how), now=now)


@dataclass(frozen=True)
class PushClaim:
    """The agent a case goes to, their status row locked, and how they were chosen."""

    agent: User
    status: AgentStatus
    how: str


def _lock_with_room(
    ticket: Ticket, agent_id: int, *, how: str, now: dt.datetime, config: RoutingConfig
) -> PushClaim | None:
    """Lock the agent, then re-check availability and capacity under the lock.

    The load is counted in a statement of its own, after the lock is held: a snapshot taken before
    the lock was granted would miss the case another assignment just gave the agent.
    """
    status = (
        AgentStatus.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(user_id=agent_id)
        .first()
    )
    if status is None or not _available(status, now):
        return None
    capacity = agent_capacity(status.user, status, list(config.teams_of.get(agent_id, ())))
    load = agent_load([agent_id])[agent_id]
    is_chat, is_vip = ticket.channel == Channel.CHAT, ticket.vip_rank > 0
    if not _has_room(capacity, load, is_chat=is_chat, is_vip=is_vip):
        return None
    return PushClaim(agent=status.user, status=status, how=how)


def assignment_push_claim(
    *,
    ticket: Ticket,
    prefer_account_manager: bool = False,
    now: dt.datetime,
    config: RoutingConfig | None = None,
) -> PushClaim | None:
    """The agent `assignment_push` gives the case to, their row locked until the transaction ends;
    nothing is written. Routing a new case writes the assignment with the rest of the ticket's row
    (`assignment_record`). Call inside a transaction."""
    config = config or routing_config()
    customer = ticket.customer
    if prefer_account_manager or ticket.vip_rank > 0:
        for manager_id in (customer.account_manager_id, customer.backup_account_manager_id):
            if manager_id and (
                claim := _lock_with_room(ticket, manager_id, how="account_manager", now=now, config=config)
            ):
                return claim
    if ticket.team_id is None:
        return None
    member_ids = config.members.get(ticket.team_id, ())
    if not member_ids:
        return None
    is_chat = ticket.channel == Channel.CHAT
    held = Q(
        user__assigned_tickets__status__in=UNRESOLVED,
        user__assigned_tickets__channel=Channel.CHAT,
    )
    if not is_chat:
        held = Q(user__assigned_tickets__status__in=UNRESOLVED) & ~Q(
            user__assigned_tickets__channel=Channel.CHAT
        )
    # The online members with the open cases of this kind each holds, in one statement.
    statuses = list(
        AgentStatus.objects.select_related("user")
        .filter(user_id__in=member_ids, presence=Presence.ONLINE, last_seen_at__gte=now - presence_ttl())
        .annotate(held=Count("user__assigned_tickets", filter=held))
    )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    ranked = sorted(statuses, key=lambda s: (s.held, s.last_assigned_at or epoch, s.user_id))
    for status in ranked:
        if claim := _lock_with_room(ticket, status.user_id, how="push", now=now, config=config):
            return claim
    return None


def assignment_record(*, ticket: Ticket, claim: PushClaim, now: dt.datetime) -> None:
    """What an assignment writes besides the ticket's row: the agent's turn in the round robin, the
    timeline event and the audit record. The caller has set and saved `ticket.assignee`."""
    claim.status.last_assigned_at = now
    claim.status.save(update_fields=["last_assigned_at"])
    timeline_event_add(
        ticket, "assigned", actor=None, to=claim.agent.pk, to_name=str(claim.agent), how=claim.how
    )
    audit_record(
        action="ticket.assigned",
        obj=ticket,
        actor_label=f"system:{claim.how}",
        before={"assignee": None},
        after={"assignee": claim.agent.pk},
    )
    send_on_commit(ticket_assigned, ticket_id=ticket.pk, assignee_id=claim.agent.pk, actor_id=None)


def assignment_push(
    *, ticket: Ticket, prefer_account_manager: bool = False, now: dt.datetime | None = None
) -> User | None:
    """Offer a case to the best available agent: the VIP's account manager first, then the team's
    least-loaded online agent with room, round robin on ties. None leaves it waiting in the queue.

    The agent's row lock needs a transaction; callers that already hold one (a transfer) share it, and
    a caller without one (a beat task) gets one here.
    """
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        claim = assignment_push_claim(ticket=ticket, prefer_account_manager=prefer_account_manager, now=now)
        if claim is None:
            return None
        _assign(ticket, claim.agent, claim.status, how=claim.how, now=now)
        return claim.agent


# --- Get next -------------------------------------------------------------------------------------

# One statement claims the next case on PostgreSQL: it locks the agent's status row (their own
# parallel clicks queue on it), checks their open load against their capacity, takes the most urgent
# waiting case of their teams with SKIP LOCKED (agents racing for one backlog each get a different
# case), and writes the assignment with its timeline event and audit record. A single statement is
# its own transaction, so nothing is half written. The two rows carry what timeline_event_add and
# audit_record write for an assignment (tests/routing/test_hot_path_statements.py compares them).
#
# One catch of a single statement: its snapshot is taken before it waits for the agent's row. If the
# agent's other click held the row and committed a claim meanwhile, the load counted here would miss
# that claim. Every claim rewrites the row (last_assigned_at), so the row locked is then newer than
# the row the snapshot sees: `settled` is false, nothing is claimed, and the caller asks again with
# a new snapshot. `settled` is false too when the agent's teams changed since this process read them
# (their ids are written into the statement, so the claim walks the waiting index in order).
_GET_NEXT_SQL = """
WITH agent AS (
    SELECT id, xmin::text AS version, chat_capacity, ticket_capacity
    FROM routing_agentstatus WHERE user_id = %(agent)s
    FOR UPDATE
),
seen AS (
    SELECT xmin::text AS version FROM routing_agentstatus WHERE user_id = %(agent)s
),
teams AS (
    SELECT coalesce(array_agg(t.id ORDER BY t.id), ARRAY[]::bigint[]) AS ids,
           max(t.chat_capacity) AS chats,
           max(t.ticket_capacity) AS tickets,
           coalesce(max(t.vip_reserved_capacity), 0) AS reserved
    FROM routing_teammembership m JOIN routing_team t ON t.id = m.team_id
    WHERE m.user_id = %(agent)s
),
held AS (
    SELECT count(*) FILTER (WHERE channel = 'chat') AS chats,
           count(*) FILTER (WHERE channel <> 'chat') AS tickets
    FROM tickets_ticket WHERE assignee_id = %(agent)s AND status IN ({unresolved})
),
room AS (
    SELECT agent.id AS status_id,
           agent.version = seen.version AND teams.ids = ARRAY[{team_ids}]::bigint[] AS settled,
           held.chats < coalesce(agent.chat_capacity, teams.chats, 0) - teams.reserved AS chat,
           held.chats < coalesce(agent.chat_capacity, teams.chats, 0) AS vip_chat,
           held.tickets < coalesce(agent.ticket_capacity, teams.tickets, 0) - teams.reserved AS ticket,
           held.tickets < coalesce(agent.ticket_capacity, teams.tickets, 0) AS vip_ticket
    FROM agent, seen, teams, held
),
claimed AS (
    UPDATE tickets_ticket SET assignee_id = %(agent)s, status = 'open', updated_at = %(now)s
    WHERE id = (
        SELECT t.id FROM tickets_ticket t, room
        WHERE room.settled
          AND t.team_id IN ({team_ids}) AND t.assignee_id IS NULL AND t.status IN ('new', 'open')
          AND CASE WHEN t.channel = 'chat' THEN room.chat OR (room.vip_chat AND t.vip_rank > 0)
                   ELSE room.ticket OR (room.vip_ticket AND t.vip_rank > 0) END
        ORDER BY t.priority DESC, t.vip_rank DESC, t.id
        LIMIT 1
        FOR UPDATE OF t SKIP LOCKED
    )
    RETURNING {returning}
),
touched AS (
    UPDATE routing_agentstatus SET last_assigned_at = %(now)s
    WHERE id = (SELECT status_id FROM room) AND EXISTS (SELECT FROM claimed)
),
event AS (
    INSERT INTO tickets_timelineentry (ticket_id, kind, author_id, customer_id, channel, body,
                                       body_format, data, created_at, seq, client_id)
    SELECT id, 'system_event', NULL, NULL, channel, '', 'text',
           jsonb_build_object('event', 'assigned', 'to', %(agent)s, 'to_name', %(name)s::text,
                              'how', 'get_next'),
           %(at)s, NULL, ''
    FROM claimed
),
audited AS (
    INSERT INTO audit_auditevent
        (created_at, actor_id, actor_label, action, object_type, object_id, object_repr,
         before, after, ip, reason)
    SELECT %(at)s, NULL, 'system:get_next', 'ticket.assigned', 'tickets.ticket', id::text,
           left({prefix} || lpad(id::text, greatest(6, length(id::text)), '0') || ' ' || subject, 200),
           '{{"assignee": null}}'::jsonb, jsonb_build_object('assignee', %(agent)s), %(ip)s::inet,
           %(reason)s::text
    FROM claimed
)
SELECT room.settled, {columns} FROM room LEFT JOIN claimed ON true
"""


# The teams each agent is in, as this process last read them; the claim itself checks they still are.
_teams_of_agent: dict[int, tuple[int, ...]] = {}


def _agent_team_ids(agent_id: int) -> tuple[int, ...]:
    ids = tuple(sorted(TeamMembership.objects.filter(user_id=agent_id).values_list("team_id", flat=True)))
    _teams_of_agent[agent_id] = ids
    return ids


def assignment_get_next(*, agent: User, now: dt.datetime | None = None) -> Ticket | None:
    """Give `agent` the most urgent waiting case they may take, claimed atomically.

    The agent's status row is locked so their own parallel clicks queue up; the case row is taken
    with SKIP LOCKED so agents racing for the same backlog each get a different case.
    """
    at = timezone.now()
    now = now or at
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor == "postgresql":
        for _attempt in range(3):
            outcome = _claim_next(db, agent, now, at)
            if outcome is not _RETRY:
                return outcome
    # Other databases, or an agent whose row kept changing under three claims in a row.
    return _get_next_in_steps(agent=agent, now=now)


class _Retry:
    pass


_RETRY: Any = _Retry()


def _claim_next(db: BaseDatabaseWrapper, agent: User, now: dt.datetime, at: dt.datetime) -> Ticket | None:
    team_ids = _teams_of_agent.get(agent.pk)
    if team_ids is None:
        team_ids = _agent_team_ids(agent.pk)
    if not team_ids:
        # Nobody's queue to take from; the agent's teams are read again on the next click.
        del _teams_of_agent[agent.pk]
        return None
    context = current_audit_context()
    # Six parameters: what stays the same for a process (the teams, the ticket prefix, the
    # event's and audit record's fixed parts) is written into the statement, and the JSON of both
    # rows is built by PostgreSQL from the agent's id and name.
    row = execute_claim(
        db,
        _get_next_sql(team_ids, settings.HELPDESK_TICKET_PREFIX),
        {
            "agent": agent.pk,
            "name": str(agent),
            "now": now,
            "at": at,
            "ip": context.ip,
            "reason": context.reason[:500],
        },
    )
    if row is None:
        # No status row yet: an agent's first click.
        AgentStatus.objects.get_or_create(user=agent)
        return _RETRY
    if not row[0]:
        _agent_team_ids(agent.pk)
        return _RETRY
    if row[_claimed_pk_index()] is None:
        return None
    return rows.instance(Ticket, row[1:])


@functools.lru_cache(maxsize=256)
def _get_next_sql(team_ids: tuple[int, ...], prefix: str) -> str:
    # The agent's team ids as literals: `team_id IN (7)` with one team is an equality, which walks
    # the waiting index in claim order (an array parameter would sort the team's whole backlog
    # instead). One statement per set of teams, few in a helpdesk; each is prepared once per
    # connection. The claimed row comes back as the model's columns, in its fields' order (not
    # `RETURNING *`, whose columns other apps' additions, such as the search vector, would lengthen).
    columns = [connection.ops.quote_name(f.column or f.attname) for f in Ticket._meta.concrete_fields]
    return _GET_NEXT_SQL.format(
        unresolved=", ".join(f"'{s}'" for s in UNRESOLVED),
        team_ids=", ".join(str(int(pk)) for pk in team_ids),
        prefix=sql_text_literal(f"{prefix}-"),
        returning=", ".join(columns),
        columns=", ".join(f"claimed.{c}" for c in columns),
    )


@functools.cache
def _claimed_pk_index() -> int:
    """Where the claimed case's primary key is in the statement's row (after `settled`); None there
    means nothing was claimed. Worked out on the first claim, once every app has added its fields."""
    return 1 + Ticket._meta.concrete_fields.index(Ticket._meta.pk)


def _get_next_in_steps(*, agent: User, now: dt.datetime) -> Ticket | None:
    """The claim of `assignment_get_next` as separate statements in one transaction."""
    with transaction.atomic():
        status = AgentStatus.objects.select_for_update().filter(user=agent).first()
        if status is None:
            AgentStatus.objects.get_or_create(user=agent)
            status = AgentStatus.objects.select_for_update().get(user=agent)
        teams = list(Team.objects.filter(memberships__user=agent))
        if not teams:
            return None
        team_ids = [t.pk for t in teams]
        capacity = agent_capacity(agent, status, teams)
        load = agent_load([agent.pk])[agent.pk]
        # The kinds of case the agent still has room for: chats and tickets, VIP-only past the
        # reserved share. No room at all means nothing to claim.
        takeable: list[Q] = []
        for is_chat in (True, False):
            kind = Q(channel=Channel.CHAT) if is_chat else ~Q(channel=Channel.CHAT)
            if _has_room(capacity, load, is_chat=is_chat, is_vip=False):
                takeable.append(kind)
            elif _has_room(capacity, load, is_chat=is_chat, is_vip=True):
                takeable.append(kind & Q(vip_rank__gt=0))
        if not takeable:
            return None
        ticket = (
            Ticket.objects.filter(team_id__in=team_ids, assignee__isnull=True, status__in=WAITING)
            .filter(reduce(operator.or_, takeable))
            .order_by("-priority", "-vip_rank", "id")
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if ticket is None:
            return None
        _assign(ticket, agent, status, how="get_next", now=now)
        return ticket


def assignment_choose(
    *,
    ticket: Ticket,
    exclude: Collection[int] = (),
    pending: Mapping[int, int] | None = None,
    now: dt.datetime | None = None,
) -> User | None:
    """The agent `assignment_push` would pick, without assigning: live chats are offered to them.

    `exclude` skips agents the case was already offered to; `pending` counts each agent's offers not
    yet answered as chats they hold, so one agent is not offered more than they have room for.
    Nothing is locked: the agent's accept (`assignment_accept`) is what assigns.
    """
    now = now or timezone.now()
    pending = pending or {}
    is_chat = ticket.channel == Channel.CHAT
    is_vip = ticket.vip_rank > 0

    def has_room(status: AgentStatus, load: tuple[int, int]) -> bool:
        extra = pending.get(status.user_id, 0)
        held = (load[0] + extra, load[1]) if is_chat else (load[0], load[1] + extra)
        return _has_room(agent_capacity(status.user, status), held, is_chat=is_chat, is_vip=is_vip)

    customer = ticket.customer
    if is_vip:
        managers = [
            m
            for m in (customer.account_manager_id, customer.backup_account_manager_id)
            if m and m not in exclude
        ]
        by_user = {
            s.user_id: s for s in AgentStatus.objects.select_related("user").filter(user_id__in=managers)
        }
        load = agent_load(managers)
        for manager_id in managers:
            status = by_user.get(manager_id)
            if status is not None and _available(status, now) and has_room(status, load[manager_id]):
                return status.user
    if ticket.team_id is None:
        return None
    member_ids = list(TeamMembership.objects.filter(team_id=ticket.team_id).values_list("user_id", flat=True))
    statuses = [
        s
        for s in AgentStatus.objects.select_related("user").filter(
            user_id__in=[m for m in member_ids if m not in exclude],
            presence=Presence.ONLINE,
            last_seen_at__gte=now - presence_ttl(),
        )
        if s.user.is_active
    ]
    if not statuses:
        return None
    load = agent_load([s.user_id for s in statuses])
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)

    def held(status: AgentStatus) -> int:
        return load[status.user_id][0 if is_chat else 1] + pending.get(status.user_id, 0)

    for status in sorted(statuses, key=lambda s: (held(s), s.last_assigned_at or epoch, s.user_id)):
        if has_room(status, load[status.user_id]):
            return status.user
    return None


def team_chat_slots(*, team_id: int, now: dt.datetime, is_vip: bool) -> dict[int, int]:
    """The team's agents available now who may take a chat of this kind, each with the number of
    such chats they may hold at once.

    The rules offers follow (`assignment_choose`, `_has_room`): online, heard from within the TTL,
    active account; a regular chat may not use the slots reserved for VIPs, and an agent with no
    slot for it is left out. Three queries, whatever the team's size.
    """
    members = TeamMembership.objects.filter(team_id=team_id).values("user_id")
    statuses = [
        s
        for s in AgentStatus.objects.select_related("user").filter(
            user_id__in=members, presence=Presence.ONLINE, last_seen_at__gte=now - presence_ttl()
        )
        if _available(s, now)
    ]
    teams_of: dict[int, list[Team]] = defaultdict(list)
    for membership in TeamMembership.objects.filter(user_id__in=[s.user_id for s in statuses]).select_related(
        "team"
    ):
        teams_of[membership.user_id].append(membership.team)
    slots = {}
    for status in statuses:
        capacity = agent_capacity(status.user, status, teams_of[status.user_id])
        usable = capacity.chats if is_vip else capacity.chats - capacity.vip_reserved
        if usable > 0:
            slots[status.user_id] = usable
    return slots


def agents_available_among(*, user_ids: Collection[int], now: dt.datetime) -> list[int]:
    """Which of these agents are available now (the presence rule of offers)."""
    return [
        s.user_id
        for s in AgentStatus.objects.select_related("user").filter(
            user_id__in=[u for u in user_ids if u],
            presence=Presence.ONLINE,
            last_seen_at__gte=now - presence_ttl(),
        )
        if _available(s, now)
    ]


def agent_hold_room(
    *, agent_id: int, ticket: Ticket, promised: Callable[[int], int], now: dt.datetime
) -> User | None:
    """Lock the agent's status row and check, under the lock, that they are available and have room
    for `ticket` beyond the cases `promised(agent_id)` counts (offers not yet answered).

    `promised` runs after the lock is taken, so two offers racing for one agent's last slot queue on
    the row and the second counts the first. Returns the agent, or None when they have no room.
    """
    status = AgentStatus.objects.select_for_update().select_related("user").filter(user_id=agent_id).first()
    if status is None or not _available(status, now):
        return None
    is_chat = ticket.channel == Channel.CHAT
    chats, tickets = agent_load([agent_id])[agent_id]
    extra = promised(agent_id)
    load = (chats + extra, tickets) if is_chat else (chats, tickets + extra)
    if not _has_room(agent_capacity(status.user, status), load, is_chat=is_chat, is_vip=ticket.vip_rank > 0):
        return None
    return status.user


def assignment_accept(*, ticket: Ticket, agent: User, now: dt.datetime | None = None) -> Ticket:
    """`agent` takes a case offered to them or waiting in their queue.

    The ticket row is locked before the agent's status row (the order every assignment path takes),
    so of two agents accepting at once exactly one gets the case and the other is refused.
    """
    now = now or timezone.now()
    if not agent.is_active:
        raise DomainError(gettext("that agent's account is inactive"))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise DomainError(gettext("this ticket is closed"), code="closed")
        if ticket.assignee_id == agent.pk:
            return ticket
        if ticket.assignee_id is not None:
            raise DomainError(gettext("another agent has already taken this case"), code="taken")
        AgentStatus.objects.get_or_create(user=agent)
        status = AgentStatus.objects.select_for_update().select_related("user").get(user=agent)
        _assign(ticket, agent, status, how="accepted", now=now)
    return ticket


# --- Presence -------------------------------------------------------------------------------------


def agent_presence_set(*, user: User, presence: str) -> AgentStatus:
    if presence not in Presence.values:
        raise DomainError(
            gettext("presence must be one of %(values)s") % {"values": ", ".join(Presence.values)}
        )
    with transaction.atomic():
        status, _ = AgentStatus.objects.select_for_update().get_or_create(user=user)
        before = status.presence
        now = timezone.now()
        was_available = _available(status, now)
        status.presence = presence
        status.last_seen_at = now
        status.lapsed_from = ""
        status.save(update_fields=["presence", "last_seen_at", "lapsed_from"])
        if not was_available and _available(status, now):
            agents_gained_room_on_commit()
        elif was_available and not _available(status, now):
            agent_left_on_commit(user.pk)
        if before != presence:
            audit_record(
                action="agent.presence_changed",
                obj=status,
                actor=user,
                before={"presence": before},
                after={"presence": presence},
            )
    return status


def agent_heartbeat(*, user: User) -> AgentStatus:
    """The workspace calls this while open; without it presence lapses after the TTL."""
    now = timezone.now()
    status, _ = AgentStatus.objects.get_or_create(user=user)
    status.user = user  # the caller's own row: no query for it in _available
    was_available = _available(status, now)
    if status.presence == Presence.OFFLINE and status.lapsed_from:
        _presence_restore(status, user, now)
    else:
        AgentStatus.objects.filter(pk=status.pk).update(last_seen_at=now)
    status.refresh_from_db(fields=["presence", "last_seen_at", "lapsed_from"])
    if not was_available and _available(status, now):
        # Presence had lapsed (a closed laptop, a lost network, a server too slow to answer the
        # heartbeat in time) and the agent is back.
        agents_gained_room_on_commit()
    return status


def _presence_restore(status: AgentStatus, user: User, now: dt.datetime) -> None:
    """The sweep marked the agent offline because their heartbeat was late, not because they chose it:
    the presence they had comes back with the next heartbeat (unless they chose another since)."""
    with transaction.atomic():
        restored = AgentStatus.objects.filter(
            pk=status.pk, presence=Presence.OFFLINE, lapsed_from=status.lapsed_from
        ).update(presence=F("lapsed_from"), lapsed_from="", last_seen_at=now)
        if restored:
            audit_record(
                action="agent.presence_restored",
                obj=status,
                actor=user,
                before={"presence": Presence.OFFLINE},
                after={"presence": status.lapsed_from},
            )
        else:
            AgentStatus.objects.filter(pk=status.pk).update(last_seen_at=now)


def presence_expire(*, now: dt.datetime | None = None) -> int:
    """Mark offline the agents whose browser stopped calling in."""
    now = now or timezone.now()
    stale = AgentStatus.objects.filter(
        ~Q(presence=Presence.OFFLINE), Q(last_seen_at__lt=now - presence_ttl()) | Q(last_seen_at__isnull=True)
    )
    user_ids = list(stale.values_list("user_id", flat=True))
    # What they had is kept, so a heartbeat that was only late brings it back (agent_heartbeat).
    expired = stale.filter(user_id__in=user_ids).update(presence=Presence.OFFLINE, lapsed_from=F("presence"))
    for user_id in user_ids:
        agent_left_on_commit(user_id)
    return expired


def team_has_room(
    *, team_id: int, ticket: Ticket, now: dt.datetime, config: RoutingConfig | None = None
) -> bool:
    """Whether an agent of the team is available now with room for this case."""
    config = config or routing_config()
    member_ids = list(config.members.get(team_id, ()))
    statuses = list(
        AgentStatus.objects.select_related("user").filter(
            user_id__in=member_ids, presence=Presence.ONLINE, last_seen_at__gte=now - presence_ttl()
        )
    )
    load = agent_load([s.user_id for s in statuses])
    is_chat, is_vip = ticket.channel == Channel.CHAT, ticket.vip_rank > 0
    return any(
        _available(s, now)
        and _has_room(
            agent_capacity(s.user, s, list(config.teams_of.get(s.user_id, ()))),
            load[s.user_id],
            is_chat=is_chat,
            is_vip=is_vip,
        )
        for s in statuses
    )
