"""Routing and assignment: which tier, team and agent gets each case, and "get next".

Every function here runs inside the caller's transaction or opens its own; assignment always locks
the agent's AgentStatus row first, so two assignments to one agent queue up and capacity holds.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from customers.models import Customer, VipLevel
from helpdesk.errors import DomainError
from routing.models import AgentStatus, Presence, RoutingRule, Team, TeamMembership, Tier, VipPolicy
from routing.rules import Decision, Rule, RuleError, ShiftSpec, evaluate, hours_since, on_shift, parse_rule
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
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
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


def ticket_route(*, ticket: Ticket, now: dt.datetime | None = None) -> RoutingOutcome:
    """Route a new case by the rules, store the decision and why, then offer it to an agent.

    Runs inside the transaction that created the ticket, so a case is never visible unrouted.
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
    if ticket.assignee_id is None:
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
    *, ticket: Ticket, actor: User | None, team: Team, note: str = "", event: str = "transferred"
) -> Ticket:
    """Move a case to another team (and that team's tier); it waits there for a new agent."""
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
