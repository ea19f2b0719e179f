"""Routing and assignment: which tier, team and agent gets each case, and "get next".

Every function here runs inside the caller's transaction or opens its own; assignment always locks
the agent's AgentStatus row first, so two assignments to one agent queue up and capacity holds.
"""

import datetime as dt
import zoneinfo
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from audit.services import audit_record
from customers.models import Customer, VipLevel
from helpdesk.errors import DomainError
from routing.models import (
    AgentStatus,
    Holiday,
    Presence,
    RoutingRule,
    Shift,
    Team,
    TeamMembership,
    Tier,
    VipPolicy,
)
from routing.rules import Decision, Rule, RuleError, ShiftSpec, evaluate, hours_since, on_shift, parse_rule
from sla.services import sla_recompute
from tickets.models import (
    UNRESOLVED,
    Category,
    Channel,
    EntryKind,
    Priority,
    Status,
    Tag,
    Ticket,
    TimelineEntry,
)

CATEGORY_SKILL: dict[str, str] = {
    Category.WITHDRAWAL: "wallets",
    Category.DEPOSIT: "wallets",
    Category.KYC: "kyc",
    Category.SECURITY: "security",
    Category.ACCOUNT_ACCESS: "security",
    Category.PAYMENTS: "payments",
    Category.TRADING: "trading",
    Category.API: "api",
}
PRIORITY_NAMES = {p.value: p.name.lower() for p in Priority}
PRIORITY_BY_NAME = {v: k for k, v in PRIORITY_NAMES.items()}
DEFAULT_VIP_RANK: dict[str, int] = {
    VipLevel.STANDARD: 0,
    VipLevel.VIP1: 1,
    VipLevel.VIP2: 2,
    VipLevel.VIP3: 3,
    VipLevel.INSTITUTIONAL: 4,
}
WAITING = (Status.NEW, Status.OPEN)


def presence_ttl() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "HELPDESK_PRESENCE_TTL_SECONDS", 90))


# --- Facts and rules ------------------------------------------------------------------------------


def routing_facts(*, ticket: Ticket, customer: Customer, vip_rank: int, now: dt.datetime) -> dict[str, Any]:
    """The plain facts a decision reads; stored with the decision so it can be replayed."""
    age = (now - customer.account_opened_at).days if customer.account_opened_at else None
    return {
        "vip_level": customer.vip_level,
        "vip_rank": vip_rank,
        "kyc_status": customer.kyc_status,
        "account_flags": list(customer.account_flags or []),
        "account_age_days": age,
        "pending_withdrawal_usd": str(
            Decimal(customer.pending_withdrawal_usd or 0).quantize(Decimal("0.01"))
        ),
        "hours_since_2fa_change": hours_since(customer.last_2fa_change_at, now),
        "hours_since_new_device_login": hours_since(customer.last_new_device_login_at, now),
        "region": customer.region or None,
        "category": ticket.category,
        "priority": PRIORITY_NAMES[ticket.priority],
        "channel": ticket.channel,
        "language": ticket.language,
        "subject": ticket.subject,
    }


_rules_cache: dict[str, Any] = {"key": None, "rules": []}


def active_rules() -> list[Rule]:
    """The active rules in order, re-read only when one changed (one cheap query to know)."""
    stamp = RoutingRule.objects.filter(is_active=True).aggregate(n=Count("id"), at=Max("updated_at"))
    key = (stamp["n"], stamp["at"])
    if _rules_cache["key"] != key:
        _rules_cache["rules"] = [
            parse_rule(id=r.pk, name=r.name, conditions=r.conditions, actions=r.actions, stop=r.stop)
            for r in RoutingRule.objects.filter(is_active=True).order_by("position", "id")
        ]
        _rules_cache["key"] = key
    return list(_rules_cache["rules"])


def vip_policy(level: str) -> tuple[int, int]:
    """(rank, priority boost) of a VIP level; admins may tune both."""
    policy = VipPolicy.objects.filter(level=level).first()
    if policy:
        return policy.rank, policy.priority_boost
    rank = DEFAULT_VIP_RANK.get(level, 0)
    return rank, (1 if rank else 0)


# --- Teams and shifts -----------------------------------------------------------------------------


def team_on_shift(team: Team, now: dt.datetime) -> bool:
    try:
        local = now.astimezone(zoneinfo.ZoneInfo(team.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # A time zone that no longer exists must not stop routing; the team is read in UTC.
        local = now
    shifts = [ShiftSpec(s.weekday, s.start, s.end) for s in team.shifts.all()]
    holidays = {h.date for h in team.holidays.all()}
    return on_shift(shifts, holidays, local)


def _teams() -> list[Team]:
    return list(Team.objects.prefetch_related("shifts", "holidays").order_by("tier", "name"))


def _fits(team: Team, *, skill: str, language: str, tier: int | None) -> bool:
    if tier is not None and team.tier != tier:
        return False
    # Specialists are chosen by skill; generalists and executives take every kind of case.
    if skill and team.tier == Tier.SPECIALIST and skill not in (team.skills or []):
        return False
    return not team.languages or language in team.languages


def choose_team(
    *, tier: int, skill: str, language: str, now: dt.datetime, teams: list[Team] | None = None
) -> Team | None:
    """A team of `tier` that has the skill and speaks the language, on shift if any is."""
    teams = teams if teams is not None else _teams()
    fitting = [t for t in teams if _fits(t, skill=skill, language=language, tier=tier)]
    if not fitting:
        # No one speaks the language at this tier: the skill matters more than the language.
        fitting = [t for t in teams if _fits(t, skill=skill, language="", tier=tier)]
    on = [t for t in fitting if team_on_shift(t, now)]
    pool = on or fitting
    return pool[0] if pool else None


def overflow_team(ticket: Ticket, *, now: dt.datetime, exclude: set[int]) -> Team | None:
    """An on-shift team with the same skill and language that takes overflow (follow-the-sun)."""
    for team in _teams():
        if team.pk in exclude or not team.accepts_overflow:
            continue
        # Overflow stays at the case's tier or goes one up; it never drops a case down a tier.
        if team.tier < ticket.tier or team.tier > ticket.tier + 1:
            continue
        if _fits(team, skill=ticket.skill, language=ticket.language, tier=None) and team_on_shift(team, now):
            return team
    return None


# --- Routing --------------------------------------------------------------------------------------


@dataclass
class RoutingOutcome:
    decision: Decision
    team: Team | None
    assignee: User | None


def _event(ticket: Ticket, actor: User | None, event: str, **data: Any) -> None:
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.SYSTEM_EVENT,
        channel=ticket.channel,
        author=actor,
        data={"event": event, **data},
        created_at=timezone.now(),
    )


def ticket_route(*, ticket: Ticket, now: dt.datetime | None = None, push: bool = True) -> RoutingOutcome:
    """Route a new case by the rules, store the decision and why, then offer it to an agent.

    Runs inside the transaction that created the ticket, so a case is never visible unrouted. With
    `push=False` the case only gets its tier, team and priority: live chats are offered to an agent,
    who accepts, instead of being assigned outright.
    """
    now = now or timezone.now()
    customer = ticket.customer
    rank, boost = vip_policy(customer.vip_level)
    facts = routing_facts(ticket=ticket, customer=customer, vip_rank=rank, now=now)
    decision = evaluate(active_rules(), facts)
    skill = CATEGORY_SKILL.get(ticket.category, "")
    teams = _teams()
    tier = decision.tier if decision.tier is not None else (ticket.tier or Tier.GENERAL)
    reasons = list(decision.reasons)

    team = next((t for t in teams if t.slug == decision.team), None) if decision.team else None
    if decision.team and team is None:
        reasons.append(f"team {decision.team} no longer exists; chose by tier and skill")
    if team is None:
        team = choose_team(tier=tier, skill=skill, language=ticket.language, now=now, teams=teams)
    else:
        tier = team.tier
    if team is not None and not team_on_shift(team, now):
        ticket.tier, ticket.skill = tier, skill
        other = overflow_team(ticket, now=now, exclude={team.pk})
        if other is not None:
            reasons.append(f"{team.name} is off shift: follow-the-sun to {other.name}")
            team = other

    priority = PRIORITY_BY_NAME[decision.priority] if decision.priority else ticket.priority
    if boost:
        boosted = min(priority + boost, Priority.URGENT)
        if boosted != priority:
            reasons.append(f"{customer.get_vip_level_display()}: priority raised by {boosted - priority}")
            priority = boosted
    if not reasons:
        reasons.append("no rule matched: default tier and team")

    ticket.tier = team.tier if team else tier
    ticket.team = team
    ticket.priority = priority
    ticket.skill = skill
    ticket.vip_rank = rank
    ticket.routed_at = now
    ticket.routing = {
        **decision.as_dict(),
        "reasons": reasons,
        "team_name": team.name if team else None,
        "facts": facts,
    }
    ticket.save(update_fields=["tier", "team", "priority", "skill", "vip_rank", "routed_at", "routing"])
    if decision.tags:
        existing = {t.name for t in ticket.tags.all()}
        new = [n for n in decision.tags if n not in existing]
        if new:
            Tag.objects.bulk_create([Tag(name=n) for n in new], ignore_conflicts=True)
            ticket.tags.add(*Tag.objects.filter(name__in=new))
    _event(
        ticket,
        None,
        "routed",
        team=team.pk if team else None,
        team_name=ticket.routing["team_name"],
        tier=ticket.tier,
        priority=PRIORITY_NAMES[priority],
        reasons=reasons,
    )
    audit_record(
        action="ticket.routed",
        obj=ticket,
        actor_label="system:routing",
        after={"team": ticket.team_id, "tier": ticket.tier, "priority": priority, "rules": decision.matched},
    )
    assignee = None
    if push and ticket.assignee_id is None:
        assignee = assignment_push(ticket=ticket, prefer_account_manager=decision.to_account_manager, now=now)
    return RoutingOutcome(decision=decision, team=team, assignee=assignee)


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
    status.last_assigned_at = now
    status.save(update_fields=["last_assigned_at"])
    _event(ticket, None, "assigned", to=agent.pk, to_name=str(agent), how=how)
    audit_record(
        action="ticket.assigned",
        obj=ticket,
        actor_label=f"system:{how}",
        before={"assignee": None},
        after={"assignee": agent.pk},
    )


def _try_claim_for(ticket: Ticket, agent_id: int, *, how: str, now: dt.datetime) -> User | None:
    """Lock the agent, re-check availability and capacity under the lock, and assign."""
    status = AgentStatus.objects.select_for_update().select_related("user").filter(user_id=agent_id).first()
    if status is None or not _available(status, now):
        return None
    capacity = agent_capacity(status.user, status)
    load = agent_load([agent_id])[agent_id]
    if not _has_room(capacity, load, is_chat=ticket.channel == Channel.CHAT, is_vip=ticket.vip_rank > 0):
        return None
    _assign(ticket, status.user, status, how=how, now=now)
    return status.user


def assignment_push(
    *, ticket: Ticket, prefer_account_manager: bool = False, now: dt.datetime | None = None
) -> User | None:
    """Offer a case to the best available agent: the VIP's account manager first, then the team's
    least-loaded online agent with room, round robin on ties. None leaves it waiting in the queue."""
    now = now or timezone.now()
    customer = ticket.customer
    if prefer_account_manager or ticket.vip_rank > 0:
        for manager_id in (customer.account_manager_id, customer.backup_account_manager_id):
            if manager_id and (agent := _try_claim_for(ticket, manager_id, how="account_manager", now=now)):
                return agent
    if ticket.team_id is None:
        return None
    member_ids = list(TeamMembership.objects.filter(team_id=ticket.team_id).values_list("user_id", flat=True))
    statuses = list(
        AgentStatus.objects.select_related("user").filter(
            user_id__in=member_ids, presence=Presence.ONLINE, last_seen_at__gte=now - presence_ttl()
        )
    )
    if not statuses:
        return None
    load = agent_load([s.user_id for s in statuses])
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    is_chat = ticket.channel == Channel.CHAT
    ranked = sorted(
        statuses,
        key=lambda s: (
            load[s.user_id][0] if is_chat else load[s.user_id][1],
            s.last_assigned_at or epoch,
            s.user_id,
        ),
    )
    for status in ranked:
        if agent := _try_claim_for(ticket, status.user_id, how="push", now=now):
            return agent
    return None


def assignment_get_next(*, agent: User, now: dt.datetime | None = None) -> Ticket | None:
    """Give `agent` the most urgent waiting case they may take, claimed atomically.

    The agent's status row is locked so their own parallel clicks queue up; the case row is taken
    with SKIP LOCKED so agents racing for the same backlog each get a different case.
    """
    now = now or timezone.now()
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
        channel_room = Q()
        open_kinds = Q(pk__in=[])
        for is_chat in (True, False):
            kind = Q(channel=Channel.CHAT) if is_chat else ~Q(channel=Channel.CHAT)
            if _has_room(capacity, load, is_chat=is_chat, is_vip=False):
                open_kinds |= kind
            elif _has_room(capacity, load, is_chat=is_chat, is_vip=True):
                open_kinds |= kind & Q(vip_rank__gt=0)
        channel_room &= open_kinds
        ticket = (
            Ticket.objects.filter(team_id__in=team_ids, assignee__isnull=True, status__in=WAITING)
            .filter(channel_room)
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


def assignment_accept(*, ticket: Ticket, agent: User, now: dt.datetime | None = None) -> Ticket:
    """`agent` takes a case offered to them or waiting in their queue.

    The ticket row is locked before the agent's status row (the order every assignment path takes),
    so of two agents accepting at once exactly one gets the case and the other is refused.
    """
    now = now or timezone.now()
    if not agent.is_active:
        raise DomainError("that agent's account is inactive")
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise DomainError("this ticket is closed", code="closed")
        if ticket.assignee_id == agent.pk:
            return ticket
        if ticket.assignee_id is not None:
            raise DomainError("another agent has already taken this case", code="taken")
        AgentStatus.objects.get_or_create(user=agent)
        status = AgentStatus.objects.select_for_update().select_related("user").get(user=agent)
        _assign(ticket, agent, status, how="accepted", now=now)
    return ticket


# --- Presence -------------------------------------------------------------------------------------


def agent_presence_set(*, user: User, presence: str) -> AgentStatus:
    if presence not in Presence.values:
        raise DomainError(f"presence must be one of {', '.join(Presence.values)}")
    with transaction.atomic():
        status, _ = AgentStatus.objects.select_for_update().get_or_create(user=user)
        before = status.presence
        status.presence = presence
        status.last_seen_at = timezone.now()
        status.save(update_fields=["presence", "last_seen_at"])
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
    status, _ = AgentStatus.objects.get_or_create(user=user)
    AgentStatus.objects.filter(pk=status.pk).update(last_seen_at=timezone.now())
    status.refresh_from_db()
    return status


def presence_expire(*, now: dt.datetime | None = None) -> int:
    """Mark offline the agents whose browser stopped calling in."""
    now = now or timezone.now()
    return AgentStatus.objects.filter(
        ~Q(presence=Presence.OFFLINE), Q(last_seen_at__lt=now - presence_ttl()) | Q(last_seen_at__isnull=True)
    ).update(presence=Presence.OFFLINE)


# --- Transfers, escalations, overflow -------------------------------------------------------------


def ticket_transfer(
    *,
    ticket: Ticket,
    actor: User | None,
    team: Team,
    note: str = "",
    event: str = "transferred",
    push: bool = True,
) -> Ticket:
    """Move a case to another team (and that team's tier); it waits there for a new agent.

    `push=False` leaves it waiting unassigned: a live chat is offered to the new team instead.
    """
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise DomainError("a closed ticket cannot be transferred", code="closed")
        before = {"team": ticket.team_id, "tier": ticket.tier, "assignee": ticket.assignee_id}
        if before["team"] == team.pk and event == "transferred":
            raise DomainError("the ticket is already with that team")
        ticket.team = team
        ticket.tier = team.tier
        ticket.assignee = None
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["team", "tier", "assignee", "updated_at"])
        _event(
            ticket,
            actor,
            event,
            **{"from": before["team"], "to": team.pk, "to_name": team.name, "tier": team.tier, "note": note},
        )
        if note.strip():
            TimelineEntry.objects.create(
                ticket=ticket,
                kind=EntryKind.INTERNAL_NOTE,
                channel=ticket.channel,
                author=actor,
                body=note.strip(),
                created_at=timezone.now(),
            )
        audit_record(
            action=f"ticket.{event}",
            obj=ticket,
            actor=actor,
            actor_label=None if actor else "system:routing",
            before=before,
            after={"team": team.pk, "tier": team.tier, "assignee": None},
        )
        sla_recompute(ticket=ticket)
        if push:
            assignment_push(ticket=ticket)
    return ticket


def ticket_escalate(*, ticket: Ticket, actor: User | None, note: str = "") -> Ticket:
    """Send a case one tier up, to a team there with the case's skill."""
    if ticket.tier >= Tier.EXECUTIVE:
        raise DomainError("the ticket is already at the executive tier")
    target = choose_team(
        tier=ticket.tier + 1, skill=ticket.skill, language=ticket.language, now=timezone.now()
    )
    if target is None:
        raise DomainError(f"no team is set up for tier {ticket.tier + 1}")
    return ticket_transfer(ticket=ticket, actor=actor, team=target, note=note, event="escalated")


def routing_overflow_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Move cases that waited past their team's target, with nobody there free, to an on-shift team."""
    now = now or timezone.now()
    moved = 0
    teams = {t.pk: t for t in _teams()}
    shortest = min((t.wait_target_seconds for t in teams.values()), default=0)
    waiting = (
        Ticket.objects.filter(
            assignee__isnull=True,
            status__in=WAITING,
            team__isnull=False,
            created_at__lt=now - dt.timedelta(seconds=shortest),
        )
        .order_by("-priority", "-vip_rank", "id")
        .values_list("pk", "team_id", "created_at")[:limit]
    )
    for pk, team_id, created_at in waiting:
        team = teams[team_id]
        if now - created_at < dt.timedelta(seconds=team.wait_target_seconds):
            continue
        ticket = Ticket.objects.select_related("customer").get(pk=pk)
        if assignment_push(ticket=ticket, now=now):
            continue
        other = overflow_team(ticket, now=now, exclude={team_id})
        if other is None:
            continue
        ticket_transfer(ticket=ticket, actor=None, team=other, event="overflowed", note="")
        moved += 1
    return moved


# --- Dry run --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DryRun:
    decision: Decision
    facts: dict[str, Any]
    team_name: str | None


def routing_dry_run(
    *,
    ticket: Ticket,
    candidate: dict[str, Any] | None = None,
    replaces: int | None = None,
    now: dt.datetime | None = None,
) -> DryRun:
    """What routing would decide for `ticket` if `candidate` were saved; writes nothing.

    `candidate` is a rule as admins type it ({"name", "position", "conditions", "actions", "stop"});
    `replaces` is the id of the saved rule it would replace when editing one. Raises RuleError with a
    readable message when the candidate is malformed.
    """
    now = now or timezone.now()
    rows = [
        r for r in RoutingRule.objects.filter(is_active=True).order_by("position", "id") if r.pk != replaces
    ]
    ordered: list[tuple[int, int, Rule]] = [
        (
            r.position,
            r.pk,
            parse_rule(id=r.pk, name=r.name, conditions=r.conditions, actions=r.actions, stop=r.stop),
        )
        for r in rows
    ]
    if candidate is not None:
        rule = parse_rule(
            id=replaces or 0,
            name=str(candidate.get("name") or "candidate"),
            conditions=candidate.get("conditions", []),
            actions=candidate.get("actions", {}),
            stop=bool(candidate.get("stop", False)),
        )
        position = candidate.get("position", 0)
        if not isinstance(position, int) or isinstance(position, bool):
            raise RuleError("position must be a whole number")
        # Among rules at the same position the candidate is tried first.
        ordered.append((position, -1, rule))
    ordered.sort(key=lambda item: (item[0], item[1]))
    rank, _boost = vip_policy(ticket.customer.vip_level)
    facts = routing_facts(ticket=ticket, customer=ticket.customer, vip_rank=rank, now=now)
    decision = evaluate([rule for _, _, rule in ordered], facts)
    team_name = None
    if decision.team:
        team_name = Team.objects.filter(slug=decision.team).values_list("name", flat=True).first()
    return DryRun(decision=decision, facts=facts, team_name=team_name)


# --- Administration: teams, VIP policies, rules ---------------------------------------------------
# Admins change routing through these (the admin pages and the API alike). Each runs in one
# transaction with its audit event, so the log holds exactly the changes that took effect.

TEAM_FIELDS = (
    "name",
    "slug",
    "tier",
    "skills",
    "languages",
    "region",
    "time_zone",
    "wait_target_seconds",
    "chat_capacity",
    "ticket_capacity",
    "vip_reserved_capacity",
    "accepts_overflow",
    "is_outsourced",
)
RULE_FIELDS = ("position", "name", "is_active", "conditions", "actions", "stop")


@dataclass(frozen=True)
class HolidaySpec:
    date: dt.date
    name: str = ""


@dataclass(frozen=True)
class MemberSpec:
    user_id: int
    is_lead: bool = False


def team_snapshot(team: Team) -> dict[str, Any]:
    """A team's whole configuration, as the audit log keeps it before and after a change."""
    return {
        **{name: getattr(team, name) for name in TEAM_FIELDS},
        "shifts": [
            [s.weekday, s.start.isoformat("minutes"), s.end.isoformat("minutes")]
            for s in Shift.objects.filter(team=team).order_by("weekday", "start")
        ],
        "holidays": [
            [h.date.isoformat(), h.name] for h in Holiday.objects.filter(team=team).order_by("date")
        ],
        "members": [
            [m.user_id, m.is_lead] for m in TeamMembership.objects.filter(team=team).order_by("user_id")
        ],
    }


def _replace_team_children(
    team: Team,
    *,
    shifts: list[ShiftSpec] | None,
    holidays: list[HolidaySpec] | None,
    members: list[MemberSpec] | None,
) -> None:
    if shifts is not None:
        Shift.objects.filter(team=team).delete()
        Shift.objects.bulk_create(
            [Shift(team=team, weekday=s.weekday, start=s.start, end=s.end) for s in shifts]
        )
    if holidays is not None:
        if len({h.date for h in holidays}) != len(holidays):
            raise DomainError(gettext("A team can have only one holiday per date."))
        Holiday.objects.filter(team=team).delete()
        Holiday.objects.bulk_create([Holiday(team=team, date=h.date, name=h.name) for h in holidays])
    if members is not None:
        if len({m.user_id for m in members}) != len(members):
            raise DomainError(gettext("Each agent can be listed only once among a team's members."))
        TeamMembership.objects.filter(team=team).delete()
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, user_id=m.user_id, is_lead=m.is_lead) for m in members]
        )


def team_save(
    *,
    actor: User,
    team: Team | None = None,
    fields: dict[str, Any],
    shifts: list[ShiftSpec] | None = None,
    holidays: list[HolidaySpec] | None = None,
    members: list[MemberSpec] | None = None,
) -> Team:
    """Create a team (`team` None) or change one. Each of shifts, holidays and members that is given
    replaces the team's whole list; None leaves it as it is.

    Rules name their team by slug, so renaming a slug rewrites the rules that use it in the same
    transaction: routing never points at a team that is gone.
    """
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise DomainError(
            gettext("Unknown team settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        if team is None:
            team = Team(**fields)
            team.save()
            before = None
        else:
            team = Team.objects.select_for_update().get(pk=team.pk)
            before = team_snapshot(team)
            for name, value in fields.items():
                setattr(team, name, value)
            team.save()
        _replace_team_children(team, shifts=shifts, holidays=holidays, members=members)
        after = team_snapshot(team)
        if before is not None and before["slug"] != team.slug:
            rules = RoutingRule.objects.select_for_update().filter(actions__team=before["slug"])
            for rule in rules:
                rule.actions = {**rule.actions, "team": team.slug}
                rule.save(update_fields=["actions", "updated_at"])
                after.setdefault("rules_updated", []).append(rule.pk)
        audit_record(
            action="team.created" if before is None else "team.updated",
            obj=team,
            actor=actor,
            before=before,
            after=after,
        )
    return team


def team_delete(*, actor: User, team: Team) -> None:
    """Delete a team that no case and no rule points at; otherwise say what still does."""
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        tickets = team.tickets.count()
        if tickets:
            raise DomainError(
                ngettext(
                    "%(team)s still has %(count)d ticket; transfer it to another team first.",
                    "%(team)s still has %(count)d tickets; transfer them to another team first.",
                    tickets,
                )
                % {"team": team.name, "count": tickets},
                code="in_use",
            )
        rules = list(RoutingRule.objects.filter(actions__team=team.slug).values_list("name", flat=True))
        if rules:
            raise DomainError(
                gettext("Routing rules send cases to %(team)s: %(rules)s. Change them first.")
                % {"team": team.name, "rules": ", ".join(rules)},
                code="in_use",
            )
        audit_record(action="team.deleted", obj=team, actor=actor, before=team_snapshot(team))
        team.delete()


def vip_policy_save(
    *, actor: User, policy: VipPolicy | None = None, level: str, rank: int, priority_boost: int
) -> VipPolicy:
    if level not in VipLevel.values:
        raise DomainError(gettext("Unknown VIP level %(level)s.") % {"level": level})
    if not 0 <= priority_boost <= 3:
        raise DomainError(gettext("The priority boost is 0 to 3 steps."))
    with transaction.atomic():
        before = None
        if policy is None:
            policy = VipPolicy(level=level)
        else:
            policy = VipPolicy.objects.select_for_update().get(pk=policy.pk)
            before = {"level": policy.level, "rank": policy.rank, "priority_boost": policy.priority_boost}
        policy.level, policy.rank, policy.priority_boost = level, rank, priority_boost
        policy.save()
        audit_record(
            action="vip_policy.created" if before is None else "vip_policy.updated",
            obj=policy,
            actor=actor,
            before=before,
            after={"level": level, "rank": rank, "priority_boost": priority_boost},
        )
    return policy


def _rule_snapshot(rule: RoutingRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


def routing_rule_save(*, actor: User, rule: RoutingRule | None = None, fields: dict[str, Any]) -> RoutingRule:
    """Create a rule (last in order unless a position is given) or change one, after checking that the
    engine can evaluate it and that its team exists."""
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(
            gettext("Unknown rule settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        before = None
        if rule is None:
            rule = RoutingRule()
            if "position" not in fields:
                last = RoutingRule.objects.aggregate(last=Max("position"))["last"]
                rule.position = 1 if last is None else last + 1
        else:
            rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
            before = _rule_snapshot(rule)
        for name, value in fields.items():
            setattr(rule, name, value)
        try:
            rule.clean()
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages)) from None
        rule.save()
        audit_record(
            action="routing_rule.created" if before is None else "routing_rule.updated",
            obj=rule,
            actor=actor,
            before=before,
            after=_rule_snapshot(rule),
        )
    return rule


def routing_rule_delete(*, actor: User, rule: RoutingRule) -> None:
    with transaction.atomic():
        audit_record(action="routing_rule.deleted", obj=rule, actor=actor, before=_rule_snapshot(rule))
        rule.delete()


def routing_rules_reorder(*, actor: User, order: list[int]) -> list[RoutingRule]:
    """Number the rules 1, 2, 3... in the order given, which must name every rule exactly once."""
    with transaction.atomic():
        rules = {r.pk: r for r in RoutingRule.objects.select_for_update().order_by("position", "id")}
        missing = [pk for pk in rules if pk not in order]
        unknown = [pk for pk in order if pk not in rules]
        if missing or unknown or len(set(order)) != len(order):
            raise DomainError(
                gettext("List every rule exactly once. Missing: %(missing)s; unknown: %(unknown)s.")
                % {
                    "missing": ", ".join(map(str, missing)) or "-",
                    "unknown": ", ".join(map(str, unknown)) or "-",
                }
            )
        now = timezone.now()
        changed = []
        for position, pk in enumerate(order, start=1):
            rule = rules[pk]
            if rule.position != position:
                before = rule.position
                rule.position, rule.updated_at = position, now
                changed.append(rule)
                audit_record(
                    action="routing_rule.reordered",
                    obj=rule,
                    actor=actor,
                    before={"position": before},
                    after={"position": position},
                )
        # bulk_update skips auto_now, hence updated_at set above: the rule cache keys on it.
        RoutingRule.objects.bulk_update(changed, ["position", "updated_at"])
    return sorted(rules.values(), key=lambda r: (r.position, r.pk))
