"""The routing rule engine: pure functions over plain data, no queries.

A rule is an ordered list of conditions on the facts of a case (customer status, account activity,
issue category and severity, channel, language) and a set of actions. Rules are tried in order;
every rule whose conditions all hold applies its actions (a later match overrides an earlier one's
tier, team and priority; tags add up) and a rule marked `stop` ends the evaluation. The decision
carries a human explanation of every rule that applied, so it can be stored, shown and replayed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypedDict

from django.utils.translation import gettext, gettext_noop


class FieldSpec(TypedDict):
    label: str
    kind: Literal["choice", "number", "text", "list"]


# Every fact a condition may read. Numbers are plain (days, hours, USD); absent facts are None.
FIELDS: dict[str, FieldSpec] = {
    "vip_level": {"label": gettext_noop("VIP level"), "kind": "choice"},
    "vip_rank": {"label": gettext_noop("VIP rank"), "kind": "number"},
    "kyc_status": {"label": gettext_noop("KYC status"), "kind": "choice"},
    "account_flags": {"label": gettext_noop("account flags"), "kind": "list"},
    "account_age_days": {"label": gettext_noop("account age (days)"), "kind": "number"},
    "pending_withdrawal_usd": {"label": gettext_noop("pending withdrawal (USD)"), "kind": "number"},
    "hours_since_2fa_change": {"label": gettext_noop("hours since 2FA change"), "kind": "number"},
    "hours_since_new_device_login": {"label": gettext_noop("hours since new-device login"), "kind": "number"},
    "region": {"label": gettext_noop("region"), "kind": "choice"},
    "category": {"label": gettext_noop("category"), "kind": "choice"},
    "priority": {"label": gettext_noop("priority"), "kind": "choice"},
    "channel": {"label": gettext_noop("channel"), "kind": "choice"},
    "language": {"label": gettext_noop("language"), "kind": "choice"},
    "subject": {"label": gettext_noop("subject"), "kind": "text"},
    # What tier 0 read off the first message (assistant/); absent when tier 0 did not read it.
    "intent": {"label": gettext_noop("intent"), "kind": "choice"},
    "specialty": {"label": gettext_noop("specialty"), "kind": "choice"},
    "distress": {"label": gettext_noop("distress"), "kind": "choice"},
    "social_engineering_risk": {"label": gettext_noop("social-engineering risk"), "kind": "choice"},
}

OP_LABELS: dict[str, str] = {
    "eq": "=",
    "ne": "≠",
    "in": "in",
    "not_in": "not in",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "contains": "contains",
    "not_contains": "does not contain",
    "is_set": "is set",
    "not_set": "is not set",
}
OPS_BY_KIND: dict[str, set[str]] = {
    "choice": {"eq", "ne", "in", "not_in", "is_set", "not_set"},
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "is_set", "not_set"},
    "text": {"eq", "ne", "contains", "not_contains", "is_set", "not_set"},
    "list": {"contains", "not_contains", "is_set", "not_set"},
}
PRIORITIES = ("low", "normal", "high", "urgent")
ACTION_KEYS = {"tier", "team", "priority", "tags", "to_account_manager"}


class RuleError(ValueError):
    """A rule that cannot be evaluated; the message says which part and why."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any = None

    def describe(self) -> str:
        label = FIELDS[self.field]["label"]
        if self.op in ("is_set", "not_set"):
            return f"{label} {OP_LABELS[self.op]}"
        if isinstance(self.value, list):
            shown = ", ".join(map(str, self.value))
        elif FIELDS[self.field]["kind"] == "number":
            shown = f"{Decimal(str(self.value)):,}"
        else:
            shown = str(self.value)
        return f"{label} {OP_LABELS[self.op]} {shown}"


@dataclass(frozen=True)
class Actions:
    tier: int | None = None
    team: str | None = None  # a team's slug
    priority: str | None = None
    tags: tuple[str, ...] = ()
    to_account_manager: bool = False

    def describe(self) -> str:
        parts = []
        if self.tier is not None:
            parts.append(f"tier {self.tier}")
        if self.team:
            parts.append(f"team {self.team}")
        if self.priority:
            parts.append(f"priority {self.priority}")
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        if self.to_account_manager:
            parts.append("account manager")
        return ", ".join(parts) or "no change"


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    conditions: tuple[Condition, ...]
    actions: Actions
    stop: bool = False

    def describe(self, position: int) -> str:
        when = " and ".join(c.describe() for c in self.conditions) or "always"
        return f"rule {position} ({self.name}): {when} -> {self.actions.describe()}"


@dataclass
class Decision:
    tier: int | None = None
    team: str | None = None
    priority: str | None = None
    tags: list[str] = field(default_factory=list)
    to_account_manager: bool = False
    matched: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "team": self.team,
            "priority": self.priority,
            "tags": list(self.tags),
            "to_account_manager": self.to_account_manager,
            "matched": list(self.matched),
            "reasons": list(self.reasons),
        }


def _number(value: Any, where: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RuleError(
            gettext("%(where)s: %(value)s is not a number") % {"where": where, "value": repr(value)}
        ) from None
    if not number.is_finite():
        raise RuleError(
            gettext("%(where)s: %(value)s is not a finite number") % {"where": where, "value": repr(value)}
        )
    return number


def condition_label(number: int | None = None) -> str:
    """How an error names a condition: "condition 2" (translated), or "condition" alone."""
    if number is None:
        return gettext("condition")
    return gettext("condition %(number)d") % {"number": number}


def parse_condition(raw: Any, where: str | None = None) -> Condition:
    where = condition_label() if where is None else where
    if not isinstance(raw, dict):
        raise RuleError(gettext("%(where)s: must be an object with field, op and value") % {"where": where})
    name, op, value = raw.get("field"), raw.get("op"), raw.get("value")
    # Checked as text first: a JSON object or list here cannot be looked up in a set or dict.
    if not isinstance(name, str) or name not in FIELDS:
        raise RuleError(
            gettext("%(where)s: unknown field %(field)s; known: %(known)s")
            % {"where": where, "field": repr(name), "known": ", ".join(FIELDS)}
        )
    kind = FIELDS[name]["kind"]
    if not isinstance(op, str) or op not in OPS_BY_KIND[kind]:
        allowed = ", ".join(sorted(OPS_BY_KIND[kind]))
        raise RuleError(
            gettext("%(where)s: %(field)s does not take %(op)s; use one of %(allowed)s")
            % {"where": where, "field": gettext(FIELDS[name]["label"]), "op": repr(op), "allowed": allowed}
        )
    if op in ("is_set", "not_set"):
        return Condition(name, op)
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise RuleError(gettext("%(where)s: %(op)s needs a non-empty list") % {"where": where, "op": op})
        return Condition(name, op, [str(v) for v in value])
    if kind == "number":
        return Condition(name, op, _number(value, where))
    if value is None or isinstance(value, dict | list):
        raise RuleError(gettext("%(where)s: %(op)s needs a single value") % {"where": where, "op": op})
    return Condition(name, op, str(value))


def parse_actions(raw: Any, where: str | None = None) -> Actions:
    where = gettext("actions") if where is None else where
    if not isinstance(raw, dict):
        raise RuleError(gettext("%(where)s: must be an object") % {"where": where})
    unknown = set(raw) - ACTION_KEYS
    if unknown:
        raise RuleError(
            gettext("%(where)s: unknown action(s) %(actions)s")
            % {"where": where, "actions": ", ".join(sorted(unknown))}
        )
    tier = raw.get("tier")
    if tier is not None and (not isinstance(tier, int) or isinstance(tier, bool) or not 0 <= tier <= 3):
        raise RuleError(gettext("%(where)s: tier must be 0, 1, 2 or 3") % {"where": where})
    priority = raw.get("priority")
    if priority is not None and (not isinstance(priority, str) or priority not in PRIORITIES):
        raise RuleError(
            gettext("%(where)s: priority must be one of %(priorities)s")
            % {"where": where, "priorities": ", ".join(PRIORITIES)}
        )
    tags = raw.get("tags")
    tags = [] if tags is None else tags
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise RuleError(gettext("%(where)s: tags must be a list of words") % {"where": where})
    team = raw.get("team")
    if team is not None and not isinstance(team, str):
        raise RuleError(gettext("%(where)s: team must be a team's slug") % {"where": where})
    if not isinstance(raw.get("to_account_manager", False), bool):
        raise RuleError(gettext("%(where)s: to_account_manager must be true or false") % {"where": where})
    return Actions(
        tier=tier,
        team=team or None,
        priority=priority,
        tags=tuple(tags),
        to_account_manager=bool(raw.get("to_account_manager", False)),
    )


def parse_rule(*, id: int, name: str, conditions: Any, actions: Any, stop: bool = False) -> Rule:
    if not isinstance(conditions, list):
        raise RuleError(gettext("conditions must be a list"))
    parsed = tuple(parse_condition(c, condition_label(i + 1)) for i, c in enumerate(conditions))
    return Rule(id=id, name=name, conditions=parsed, actions=parse_actions(actions), stop=stop)


def holds(condition: Condition, facts: dict[str, Any]) -> bool:
    value = facts.get(condition.field)
    op = condition.op
    if op == "is_set":
        return value not in (None, "", [])
    if op == "not_set":
        return value in (None, "", [])
    if value is None:
        # An absent fact satisfies only the negative tests.
        return op in ("ne", "not_in", "not_contains")
    kind = FIELDS[condition.field]["kind"]
    if kind == "list":
        items = {str(v) for v in value}
        return (str(condition.value) in items) == (op == "contains")
    if kind == "number":
        left, right = _number(value, condition.field), condition.value
        return {
            "eq": left == right,
            "ne": left != right,
            "gt": left > right,
            "gte": left >= right,
            "lt": left < right,
            "lte": left <= right,
        }[op]
    text = str(value)
    if op == "eq":
        return text.casefold() == str(condition.value).casefold()
    if op == "ne":
        return text.casefold() != str(condition.value).casefold()
    if op == "in":
        return text.casefold() in {v.casefold() for v in condition.value}
    if op == "not_in":
        return text.casefold() not in {v.casefold() for v in condition.value}
    contained = str(condition.value).casefold() in text.casefold()
    return contained if op == "contains" else not contained


def evaluate(rules: list[Rule], facts: dict[str, Any]) -> Decision:
    decision = Decision()
    for position, rule in enumerate(rules, start=1):
        if not all(holds(c, facts) for c in rule.conditions):
            continue
        a = rule.actions
        decision.tier = a.tier if a.tier is not None else decision.tier
        decision.team = a.team or decision.team
        decision.priority = a.priority or decision.priority
        decision.tags.extend(t for t in a.tags if t not in decision.tags)
        decision.to_account_manager = decision.to_account_manager or a.to_account_manager
        decision.matched.append(rule.id)
        decision.reasons.append(rule.describe(position))
        if rule.stop:
            break
    return decision


def hours_since(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds() / 3600, 2)


# --- Shifts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftSpec:
    weekday: int  # 0 = Monday, in the team's time zone
    start: dt.time
    end: dt.time  # an end at or before the start runs past midnight


def _minutes_of_week(shift: ShiftSpec) -> tuple[int, int]:
    """The shift as [start, end) minutes from Monday 00:00; an overnight shift ends the next day."""
    start = shift.weekday * 1440 + shift.start.hour * 60 + shift.start.minute
    end = shift.weekday * 1440 + shift.end.hour * 60 + shift.end.minute
    return start, end + 1440 if shift.end <= shift.start else end


def overlapping_shifts(shifts: list[ShiftSpec]) -> tuple[ShiftSpec, ShiftSpec] | None:
    """Two shifts of one team that cover the same minute (a Sunday night shift running into Monday
    included), or None. Overlaps would count the same hours twice in the rota and hide a typo."""
    week = 7 * 1440
    spans = []
    for shift in shifts:
        start, end = _minutes_of_week(shift)
        spans.append((start, end, shift))
        if end > week:
            spans.append((start - week, end - week, shift))
    spans.sort(key=lambda span: (span[0], span[1]))
    latest: tuple[int, ShiftSpec] | None = None  # the furthest end so far, and whose it is
    for start, end, shift in spans:
        if latest is not None and start < latest[0] and latest[1] is not shift:
            return latest[1], shift
        if latest is None or end > latest[0]:
            latest = (end, shift)
    return None


def on_shift(shifts: list[ShiftSpec], holidays: set[dt.date], local_now: dt.datetime) -> bool:
    """Whether a team works at `local_now` (already in the team's time zone).

    No shifts at all means the team works around the clock. A holiday stops the shifts that start
    on it; a night shift that started the evening before still runs to its end.
    """
    if not shifts:
        return local_now.date() not in holidays
    t = local_now.time()
    today = local_now.date()
    yesterday = today - dt.timedelta(days=1)
    for s in shifts:
        overnight = s.end <= s.start
        started_today = s.weekday == today.weekday() and today not in holidays and t >= s.start
        if started_today and (overnight or t < s.end):
            return True
        if overnight and s.weekday == yesterday.weekday() and yesterday not in holidays and t < s.end:
            return True
    return False


# --- Choosing a team ------------------------------------------------------------------------------

EXECUTIVE_TIER = 3
SPECIALIST_TIER = 2


@dataclass(frozen=True)
class TeamFacts:
    """What choosing a team reads about one team, at one moment."""

    id: int
    name: str
    tier: int
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # empty: every language
    on_shift: bool = True
    staffed: bool = True  # has at least one member
    is_default: bool = False
    accepts_overflow: bool = True


@dataclass(frozen=True)
class TeamChoice:
    team_id: int | None
    reason: str = ""  # empty when a team at the tier fits the case as it is


def team_fits(team: TeamFacts, *, tier: int | None, skill: str, language: str | None) -> bool:
    """Tier and skill and language; `None` leaves that test out."""
    if tier is not None and team.tier != tier:
        return False
    # Specialists are chosen by skill; generalists and executives take every kind of case.
    if skill and team.tier == SPECIALIST_TIER and skill not in team.skills:
        return False
    return language is None or not team.languages or language in team.languages


def _best(pool: list[TeamFacts]) -> TeamFacts | None:
    """On shift before off; otherwise the given order (tier, then name)."""
    ranked = sorted(pool, key=lambda t: not t.on_shift)
    return ranked[0] if ranked else None


def _within_tier(teams: list[TeamFacts], *, tier: int, skill: str, language: str) -> TeamChoice | None:
    fit = _best([t for t in teams if team_fits(t, tier=tier, skill=skill, language=language)])
    if fit is not None:
        return TeamChoice(fit.id)
    unspoken = f"nobody at tier {tier} speaks {language or 'the case language'}"
    default = _best([t for t in teams if t.is_default and t.tier == tier])
    if default is not None:
        return TeamChoice(default.id, f"{unspoken}: sent to the default team, {default.name}")
    by_skill = _best([t for t in teams if team_fits(t, tier=tier, skill=skill, language=None)])
    if by_skill is not None:
        return TeamChoice(by_skill.id, f"{unspoken}: sent to {by_skill.name} by tier and skill")
    same_tier = _best([t for t in teams if t.tier == tier])
    if same_tier is not None:
        return TeamChoice(
            same_tier.id, f"no team at tier {tier} has the skill {skill}: sent to {same_tier.name}"
        )
    return None


def _across_tiers(teams: list[TeamFacts], *, tier: int) -> TeamChoice | None:
    default = _best([t for t in teams if t.is_default])
    if default is not None:
        return TeamChoice(
            default.id, f"no team at tier {tier} fits: sent to the default team, {default.name}"
        )
    # Tier 3 takes cases by escalation only, never as somebody's leftover.
    anyone = _best([t for t in teams if t.tier < EXECUTIVE_TIER]) or _best(teams)
    if anyone is not None:
        return TeamChoice(anyone.id, f"no team at tier {tier} fits: sent to {anyone.name}")
    return None


def pick_team(
    teams: list[TeamFacts],
    *,
    tier: int,
    skill: str,
    language: str,
    is_chat: bool = False,
    any_tier: bool = False,
) -> TeamChoice:
    """The team a case goes to, with the reason whenever it is not a plain fit.

    Within the tier: a team with the skill that speaks the language; when nobody there speaks it,
    the default team if it is of that tier, then a team with the skill, then any team of the tier.
    For a live chat, teams with members come first at every step: a chat in a team nobody belongs
    to waits for an agent who does not exist. With `any_tier` (a new case, which must land
    somewhere) the default team and then any team below the executive tier come last; without it
    the answer is None when the tier has no team.
    """
    pools = ([t for t in teams if t.staffed], teams) if is_chat else (teams,)
    for pool in pools:
        if choice := _within_tier(pool, tier=tier, skill=skill, language=language):
            return choice
    if any_tier:
        for pool in pools:
            if choice := _across_tiers(pool, tier=tier):
                return choice
    return TeamChoice(None, f"no team is set up for tier {tier}")


def overflow_candidates(
    teams: list[TeamFacts], *, tier: int, skill: str, language: str, exclude: set[int]
) -> list[TeamFacts]:
    """Teams a waiting case may overflow to, best first (follow-the-sun).

    Only on-shift teams that take overflow, speak the language and have the skill; at the case's
    tier first, then one tier up. Never down a tier (a specialist case is not a generalist's), and
    never to the executive tier: it receives cases by escalation only, so an executive team that
    works around the clock does not absorb every case that arrives at night.
    """
    pool = [
        t
        for t in teams
        if t.id not in exclude
        and t.accepts_overflow
        and t.on_shift
        and t.staffed
        and tier <= t.tier <= tier + 1
        and t.tier < EXECUTIVE_TIER
        and team_fits(t, tier=None, skill=skill, language=language)
    ]
    return sorted(pool, key=lambda t: t.tier)


# --- Language: follow-the-sun, else the default team with a notice ----------------------------------


def speaks(team: TeamFacts, language: str) -> bool:
    """Whether the team's agents speak `language`; a team that lists no languages speaks every one."""
    return not team.languages or language in team.languages


@dataclass(frozen=True)
class LanguageChoice:
    team_id: int
    reason: str
    # Nobody on shift speaks the language: agents are told so on the timeline.
    unspoken: bool = False


def language_fallback(
    teams: list[TeamFacts], *, chosen: TeamFacts, tier: int, skill: str, language: str, language_name: str
) -> LanguageChoice | None:
    """Where a case goes when no agent on shift in the team chosen for it speaks its language; None to
    keep it there.

    A team that lists no languages takes every one (its shifts are follow-the-sun overflow's business).
    A team that lists the language and is on shift keeps the case. Otherwise the case goes to a team
    that speaks the language and is on shift with members (another time zone): at the case's tier with
    its skill first, then at that tier, then one tier up; never to the executive tier, which takes cases
    by escalation only. When there is none it goes to the default team if that is of the case's tier and
    has members (else it stays), and agents are told nobody on shift speaks the language.
    """
    if not language or not chosen.languages or (language in chosen.languages and chosen.on_shift):
        return None
    pool = [
        t
        for t in teams
        if t.id != chosen.id
        and t.on_shift
        and t.staffed
        and speaks(t, language)
        and tier <= t.tier <= tier + 1
        and t.tier < EXECUTIVE_TIER
    ]
    # Its own tier first, then a team with the skill, then one that names the language over one that
    # takes every language.
    pool.sort(
        key=lambda t: (
            t.tier != tier,
            not team_fits(t, tier=None, skill=skill, language=language),
            not t.languages,
        )
    )
    if pool:
        found = pool[0]
        return LanguageChoice(
            found.id,
            f"nobody on shift in {chosen.name} speaks {language_name}: follow-the-sun to {found.name}",
        )
    # The default team takes it at the case's own tier only (a specialist case stays with the
    # specialists); and not when nobody belongs to it, which would strand the case.
    default = next(
        (t for t in teams if t.is_default and t.tier == tier and (t.staffed or not chosen.staffed)), None
    )
    target = default or chosen
    where = f"{target.name} (default)" if default else target.name
    return LanguageChoice(
        target.id, f"No agent on shift speaks {language_name}; routed to {where}", unspoken=True
    )
