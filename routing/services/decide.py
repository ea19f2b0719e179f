"""Routing: the facts of a case, the rules, the team, and the decision stored with its reasons."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from audit.services import audit_record
from customers.models import Customer
from routing.config import RoutingConfig, routing_config
from routing.models import (
    RoutingRule,
    Team,
    Tier,
)
from routing.rules import (
    Decision,
    LanguageChoice,
    Rule,
    RuleError,
    ShiftSpec,
    TeamFacts,
    evaluate,
    hours_since,
    language_fallback,
    on_shift,
    overflow_candidates,
    parse_rule,
    pick_team,
)
from routing.services.assignment import assignment_push_claim, assignment_record, team_has_room
from routing.services.common import (
    CATEGORY_SKILL,
    DEFAULT_VIP_RANK,
    PRIORITY_BY_NAME,
    PRIORITY_NAMES,
)
from tickets.models import (
    Channel,
    Priority,
    Status,
    Tag,
    Ticket,
)
from tickets.timeline import timeline_event_add

# --- Facts and rules ------------------------------------------------------------------------------


def routing_facts(
    *,
    ticket: Ticket,
    customer: Customer,
    vip_rank: int,
    now: dt.datetime,
    reading: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The plain facts a decision reads; stored with the decision so it can be replayed. `reading` is
    what tier 0 read off the first message (intent, specialty, distress, social-engineering risk)."""
    reading = reading or {}
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
        "intent": reading.get("intent"),
        "specialty": reading.get("specialty"),
        "distress": reading.get("distress"),
        "social_engineering_risk": reading.get("social_engineering_risk"),
    }


def active_rules() -> list[Rule]:
    """The active rules in order, as this process holds them (one statement to know they are current)."""
    return list(routing_config().rules)


def vip_policy(level: str, config: RoutingConfig | None = None) -> tuple[int, int]:
    """(rank, priority boost) of a VIP level; admins may tune both."""
    policy = (config or routing_config()).vip.get(level)
    if policy:
        return policy
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
    return list(routing_config().teams)


def team_facts(team: Team, now: dt.datetime) -> TeamFacts:
    """The plain facts about a team that choosing a team reads; `team` comes from `_teams()`."""
    staffed = getattr(team, "member_count", None)
    return TeamFacts(
        id=team.pk,
        name=team.name,
        tier=team.tier,
        skills=tuple(team.skills or ()),
        languages=tuple(team.languages or ()),
        on_shift=team_on_shift(team, now),
        staffed=bool(team.memberships.exists() if staffed is None else staffed),
        is_default=team.is_default,
        accepts_overflow=team.accepts_overflow,
    )


@dataclass(frozen=True)
class ChosenTeam:
    team: Team | None
    reason: str


def team_choose(
    *,
    tier: int,
    skill: str,
    language: str,
    now: dt.datetime,
    teams: list[Team] | None = None,
    is_chat: bool = False,
    any_tier: bool = False,
) -> ChosenTeam:
    """The team for a case and, when it is not a plain fit (a language nobody speaks), why."""
    teams = teams if teams is not None else _teams()
    choice = pick_team(
        [team_facts(t, now) for t in teams],
        tier=tier,
        skill=skill,
        language=language,
        is_chat=is_chat,
        any_tier=any_tier,
    )
    return ChosenTeam(next((t for t in teams if t.pk == choice.team_id), None), choice.reason)


def choose_team(
    *, tier: int, skill: str, language: str, now: dt.datetime, teams: list[Team] | None = None
) -> Team | None:
    """A team of `tier` for the case, on shift if any is; None only when the tier has no team."""
    return team_choose(tier=tier, skill=skill, language=language, now=now, teams=teams).team


def overflow_team(
    ticket: Ticket,
    *,
    now: dt.datetime,
    exclude: set[int],
    needs_free_agent: bool = False,
    config: RoutingConfig | None = None,
) -> Team | None:
    """An on-shift team with the same skill and language that takes overflow (follow-the-sun).

    With `needs_free_agent`, only a team with someone available and room for the case qualifies:
    moving a case to a team just as busy would only bounce it from team to team.
    """
    config = config or routing_config()
    teams = {t.pk: t for t in config.teams}
    candidates = overflow_candidates(
        [team_facts(t, now) for t in teams.values()],
        tier=ticket.tier,
        skill=ticket.skill,
        language=ticket.language,
        exclude=exclude,
    )
    for facts in candidates:
        if needs_free_agent and not team_has_room(team_id=facts.id, ticket=ticket, now=now, config=config):
            continue
        return teams[facts.id]
    return None


# --- Language -------------------------------------------------------------------------------------


def language_label(code: str) -> str:
    """The language's English name, for routing's reasons and notices (written in English, as they are)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def team_language_choice(
    *, team: Team, tier: int, skill: str, language: str, now: dt.datetime, config: RoutingConfig
) -> LanguageChoice | None:
    """Where the case goes when `team` speaks none of `language`; None to leave it with `team`."""
    if not language or not team.languages:
        return None  # a team that lists no languages takes every one
    facts = [team_facts(t, now) for t in config.teams]
    chosen = next((f for f in facts if f.id == team.pk), None) or team_facts(team, now)
    return language_fallback(
        facts,
        chosen=chosen,
        tier=tier,
        skill=skill,
        language=language,
        language_name=language_label(language),
    )


def language_unspoken_notice(ticket: Ticket, choice: LanguageChoice, *, team_name: str) -> None:
    """The notice agents see on the timeline when nobody on shift speaks the case's language."""
    timeline_event_add(
        ticket, "language_unspoken", language=ticket.language, team_name=team_name, reasons=[choice.reason]
    )


# --- Routing --------------------------------------------------------------------------------------


@dataclass
class RoutingOutcome:
    decision: Decision
    team: Team | None
    assignee: User | None


def ticket_route(
    *,
    ticket: Ticket,
    now: dt.datetime | None = None,
    push: bool = True,
    default_team: Team | None = None,
    reading: dict[str, Any] | None = None,
    skill: str | None = None,
    tier: int | None = None,
    config: RoutingConfig | None = None,
) -> RoutingOutcome:
    """Route a new case by the rules, store the decision and why, then offer it to an agent.

    Runs inside the transaction that created the ticket, so a case is never visible unrouted. With
    `push=False` the case only gets its tier, team and priority: live chats are offered to an agent,
    who accepts, instead of being assigned outright. `default_team` takes the case when no rule names
    a team (the team a mailbox feeds); rules still come first.

    `reading` is what tier 0 read off the first message, as rule facts (`intent`, `specialty`,
    `distress`, `social_engineering_risk`); `skill` and `tier` are the specialty's, which then choose
    the team ahead of the category's skill and the ticket's tier, and after the rules.

    `config` is the routing configuration when the caller holds it already (read together with other
    configuration in one statement, `helpdesk.config_cache.cached_many`); otherwise it is read here.
    """
    now = now or timezone.now()
    config = config or routing_config()
    customer = ticket.customer
    rank, boost = vip_policy(customer.vip_level, config)
    facts = routing_facts(ticket=ticket, customer=customer, vip_rank=rank, now=now, reading=reading)
    decision = evaluate(list(config.rules), facts)
    skill = skill if skill is not None else CATEGORY_SKILL.get(ticket.category, "")
    teams = list(config.teams)
    if decision.tier is not None:
        tier = decision.tier
    else:
        tier = tier if tier is not None else (ticket.tier or Tier.GENERAL)
    reasons = list(decision.reasons)

    team = next((t for t in teams if t.slug == decision.team), None) if decision.team else None
    if decision.team and team is None:
        reasons.append(f"team {decision.team} no longer exists; chose by tier and skill")
    if team is None and default_team is not None:
        team = config.team(default_team.pk) or default_team
        reasons.append(f"arrived through a channel that feeds {team.name}")
    chosen_here = team is None
    if team is None:
        # A new case must land in a team, or it is off the board and out of "get next".
        chosen = team_choose(
            tier=tier,
            skill=skill,
            language=ticket.language,
            now=now,
            teams=teams,
            is_chat=ticket.channel == Channel.CHAT,
            any_tier=True,
        )
        team = chosen.team
        if chosen.reason:
            reasons.append(chosen.reason)
    else:
        tier = team.tier
    if team is not None and not team_on_shift(team, now):
        ticket.tier, ticket.skill = tier, skill
        other = overflow_team(ticket, now=now, exclude={team.pk}, config=config)
        if other is not None:
            reasons.append(f"{team.name} is off shift: follow-the-sun to {other.name}")
            team = other
    unspoken = None
    if chosen_here and team is not None:
        # Rules and a channel's team are the admins' choice; the team routing picks must speak the case.
        spoken = team_language_choice(
            team=team, tier=tier, skill=skill, language=ticket.language, now=now, config=config
        )
        if spoken is not None:
            reasons.append(spoken.reason)
            team = config.team(spoken.team_id) or team
            unspoken = spoken if spoken.unspoken else None

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
    fields = ["tier", "team", "priority", "skill", "vip_rank", "routed_at", "routing"]
    # The agent is chosen (and their row locked) before the ticket is written, so the routing and the
    # assignment go to the ticket's row in one write.
    claim = None
    if push and ticket.assignee_id is None:
        claim = assignment_push_claim(
            ticket=ticket, prefer_account_manager=decision.to_account_manager, now=now, config=config
        )
    if claim is not None:
        ticket.assignee = claim.agent
        ticket.updated_at = now
        fields += ["assignee", "updated_at"]
        if ticket.status == Status.NEW:
            ticket.status = Status.OPEN
            fields.append("status")
    ticket.save(update_fields=fields)
    if decision.tags:
        # Tags and links that exist already are kept as they are (ON CONFLICT DO NOTHING, both).
        Tag.objects.bulk_create([Tag(name=n) for n in decision.tags], ignore_conflicts=True)
        ticket.tags.add(*Tag.objects.filter(name__in=decision.tags))
    timeline_event_add(
        ticket,
        "routed",
        team=team.pk if team else None,
        team_name=ticket.routing["team_name"],
        tier=ticket.tier,
        priority=PRIORITY_NAMES[priority],
        reasons=reasons,
    )
    if unspoken is not None and team is not None:
        language_unspoken_notice(ticket, unspoken, team_name=team.name)
    audit_record(
        action="ticket.routed",
        obj=ticket,
        actor_label="system:routing",
        after={"team": ticket.team_id, "tier": ticket.tier, "priority": priority, "rules": decision.matched},
    )
    if claim is not None:
        assignment_record(ticket=ticket, claim=claim, now=now)
    return RoutingOutcome(decision=decision, team=team, assignee=claim.agent if claim else None)


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
            raise RuleError(gettext("position must be a whole number"))
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
