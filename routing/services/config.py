"""Administration of routing: teams with shifts, holidays and members, VIP policies and rules."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from audit.services import audit_record
from customers.models import VipLevel
from helpdesk.errors import DomainError
from routing.models import (
    Holiday,
    RoutingRule,
    Shift,
    Team,
    TeamMembership,
    VipPolicy,
)
from routing.rules import ShiftSpec, overlapping_shifts
from routing.signals import agents_gained_room_on_commit

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
    "is_default",
    # The clean room of partner teams (routing/cleanroom.py).
    "allows_attachment_download",
    "ip_allow_list",
)
RULE_FIELDS = ("position", "name", "is_active", "conditions", "actions", "stop")
RULE_POSITION_MAX = 1_000_000


@dataclass(frozen=True)
class HolidaySpec:
    date: dt.date
    name: str = ""


@dataclass(frozen=True)
class MemberSpec:
    user_id: int
    is_lead: bool = False


@dataclass(frozen=True)
class TeamSeat:
    team_id: int
    is_lead: bool = False


def _check(obj: Team | VipPolicy) -> None:
    """The model's own checks (time zone, languages, VIP level...), whichever door the change came by."""
    try:
        obj.clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None


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


def _shift_text(shift: ShiftSpec) -> str:
    return f"{Shift.Weekday(shift.weekday).label} {shift.start:%H:%M}-{shift.end:%H:%M}"


def _check_shifts(shifts: list[ShiftSpec]) -> None:
    """Weekdays the model knows, and no two shifts of the team covering the same minute."""
    if any(s.weekday not in Shift.Weekday.values for s in shifts):
        raise DomainError(gettext("A shift's weekday is 0 (Monday) to 6 (Sunday)."))
    clash = overlapping_shifts(shifts)
    if clash is not None:
        raise DomainError(
            gettext("These shifts overlap: %(first)s and %(second)s. Shorten one or remove it.")
            % {"first": _shift_text(clash[0]), "second": _shift_text(clash[1])},
            code="overlap",
        )


def _replace_team_children(
    team: Team,
    *,
    shifts: list[ShiftSpec] | None,
    holidays: list[HolidaySpec] | None,
    members: list[MemberSpec] | None,
) -> None:
    if shifts is not None:
        _check_shifts(shifts)
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
            _check(team)
            team.save()
            before = None
        else:
            team = Team.objects.select_for_update().get(pk=team.pk)
            before = team_snapshot(team)
            for name, value in fields.items():
                setattr(team, name, value)
            _check(team)
            team.save()
        _replace_team_children(team, shifts=shifts, holidays=holidays, members=members)
        after = team_snapshot(team)
        if before is not None and before["slug"] != team.slug:
            rules = RoutingRule.objects.select_for_update().filter(actions__team=before["slug"])
            for rule in rules:
                rule.actions = {**rule.actions, "team": team.slug}
                rule.save(update_fields=["actions", "updated_at"])
                after.setdefault("rules_updated", []).append(rule.pk)
        if team.is_default:
            if not TeamMembership.objects.filter(team=team).exists():
                raise DomainError(
                    gettext("The default team needs members: the cases sent to it would wait for nobody.")
                )
            # One default team: marking this one unmarks the one before, in the same change.
            previous = list(
                Team.objects.filter(is_default=True).exclude(pk=team.pk).values_list("pk", flat=True)
            )
            if previous:
                Team.objects.filter(pk__in=previous).update(is_default=False)
                after["default_moved_from"] = previous
        audit_record(
            action="team.created" if before is None else "team.updated",
            obj=team,
            actor=actor,
            before=before,
            after=after,
        )
        # More capacity or new members may let waiting chats be offered now.
        agents_gained_room_on_commit()
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
        others = VipPolicy.objects.filter(level=level)
        if policy is not None:
            others = others.exclude(pk=policy.pk)
        if others.exists():
            raise DomainError(
                gettext("The VIP level %(level)s has a policy already; change that one.") % {"level": level},
                code="duplicate",
            )
        if policy is None:
            policy = VipPolicy(level=level)
        else:
            policy = VipPolicy.objects.select_for_update().get(pk=policy.pk)
            before = {"level": policy.level, "rank": policy.rank, "priority_boost": policy.priority_boost}
        policy.level, policy.rank, policy.priority_boost = level, rank, priority_boost
        _check(policy)
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
                # Capped at the largest position the API takes; rules in one position run by id,
                # so the newest is still last.
                rule.position = 1 if last is None else min(last + 1, RULE_POSITION_MAX)
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


def vip_policy_delete(*, actor: User, policy: VipPolicy) -> None:
    """The level falls back to the default rank and one step of priority."""
    with transaction.atomic():
        policy = VipPolicy.objects.select_for_update().get(pk=policy.pk)
        audit_record(
            action="vip_policy.deleted",
            obj=policy,
            actor=actor,
            before={"level": policy.level, "rank": policy.rank, "priority_boost": policy.priority_boost},
        )
        policy.delete()


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
        # bulk_update skips auto_now, hence updated_at set above (the rule shows when it last changed).
        RoutingRule.objects.bulk_update(changed, ["position", "updated_at"])
    return sorted(rules.values(), key=lambda r: (r.position, r.pk))


def agent_teams_set(*, actor: User, agent: User, teams: list[TeamSeat]) -> None:
    """Put an agent in exactly these teams, lead or not; the agent's skills and languages are those of
    their teams (routing chooses a team by them, then an agent in it)."""
    team_ids = [seat.team_id for seat in teams]
    if len(set(team_ids)) != len(team_ids):
        raise DomainError(gettext("Each team can be listed only once for an agent."))
    with transaction.atomic():
        found = set(Team.objects.filter(pk__in=team_ids).values_list("pk", flat=True))
        if found != set(team_ids):
            raise DomainError(gettext("One of the teams no longer exists; reload the page."))
        current = TeamMembership.objects.select_for_update().filter(user=agent)
        before = sorted([m.team_id, m.is_lead] for m in current)
        after = sorted([seat.team_id, seat.is_lead] for seat in teams)
        if before == after:
            return
        TeamMembership.objects.filter(user=agent).exclude(team_id__in=team_ids).delete()
        for seat in teams:
            TeamMembership.objects.update_or_create(
                user=agent, team_id=seat.team_id, defaults={"is_lead": seat.is_lead}
            )
        default = Team.objects.filter(is_default=True).first()
        if default is not None and not TeamMembership.objects.filter(team=default).exists():
            raise DomainError(
                gettext("The default team needs members: the cases sent to it would wait for nobody.")
            )
        audit_record(
            action="agent.teams_changed",
            obj=agent,
            actor=actor,
            before={"teams": before},
            after={"teams": after},
        )
        agents_gained_room_on_commit()
