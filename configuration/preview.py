"""The dry run beside the rule editor: which recent tickets (and a sample one) the rule being written
would catch, and where each would go with it saved. Reads only; a constant number of statements
whatever the number of tickets (the saved rules, the tickets with their customers, the routing
configuration's token, the candidate's team)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from routing.config import routing_config
from routing.models import RoutingRule
from routing.rules import Decision, Rule, RuleError, evaluate, holds, parse_rule
from routing.services import PRIORITY_BY_NAME, routing_facts, vip_policy
from tickets.models import Priority, Ticket, Tier

RECENT = 15


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    caught: bool  # the rule's conditions hold for the ticket
    applied: bool  # ...and an earlier rule marked "stop" did not end the run first
    tier: str
    team: str
    priority: str
    changed: bool  # the decision differs from the one without the rule


@dataclass(frozen=True)
class Preview:
    error: str
    outcomes: tuple[Outcome, ...]
    description: str

    @property
    def caught(self) -> int:
        return sum(1 for o in self.outcomes if o.applied)


def check_candidate(candidate: dict[str, Any], replaces: RoutingRule | None) -> str:
    """The message the save would refuse the rule with, or "": the model's own checks (rules.py's
    parse, the values each fact can take, the team's slug)."""
    row = RoutingRule(
        pk=replaces.pk if replaces else None,
        name=candidate["name"],
        conditions=candidate["conditions"],
        actions=candidate["actions"],
    )
    try:
        row.clean()
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _shown(decision: Decision, team_names: dict[str, str]) -> tuple[str, str, str]:
    tier = str(Tier(decision.tier).label) if decision.tier is not None else ""
    team = team_names.get(decision.team or "", decision.team or "")
    priority = str(Priority(PRIORITY_BY_NAME[decision.priority]).label) if decision.priority else ""
    return tier, team, priority


def rule_preview(
    *, candidate: dict[str, Any], replaces: RoutingRule | None, tickets: Any, sample: Ticket | None = None
) -> Preview:
    """`candidate` as the editor holds it ({"name", "position", "conditions", "actions", "stop"});
    `tickets` the queryset the viewer may see."""
    error = check_candidate(candidate, replaces)
    if error:
        return Preview(error=error, outcomes=(), description="")
    rule_id = replaces.pk if replaces else 0
    try:
        rule = parse_rule(
            id=rule_id,
            name=candidate["name"],
            conditions=candidate["conditions"],
            actions=candidate["actions"],
            stop=candidate["stop"],
        )
    except RuleError as exc:
        return Preview(error=str(exc), outcomes=(), description="")
    saved = [
        (
            r.position,
            r.pk,
            parse_rule(id=r.pk, name=r.name, conditions=r.conditions, actions=r.actions, stop=r.stop),
        )
        for r in RoutingRule.objects.filter(is_active=True).order_by("position", "id")
        if r.pk != rule_id
    ]
    position = candidate["position"]
    # Among rules at one position the candidate is tried first, as routing_dry_run orders it.
    with_rule = sorted([*saved, (position, -1, rule)], key=lambda item: (item[0], item[1]))
    ordered: list[Rule] = [r for _p, _id, r in with_rule]
    without: list[Rule] = [r for _p, _id, r in saved]
    config = routing_config()
    team_names = {t.slug: t.name for t in config.teams}
    recent = list(tickets.select_related("customer").order_by("-created_at", "-id")[:RECENT])
    if sample is not None:
        recent = [sample, *[t for t in recent if t.pk != sample.pk]]
    now = timezone.now()
    outcomes = []
    for ticket in recent:
        rank, _boost = vip_policy(ticket.customer.vip_level, config)
        facts = routing_facts(ticket=ticket, customer=ticket.customer, vip_rank=rank, now=now)
        decision = evaluate(ordered, facts)
        baseline = evaluate(without, facts)
        tier, team, priority = _shown(decision, team_names)
        outcomes.append(
            Outcome(
                ticket=ticket,
                caught=all(holds(c, facts) for c in rule.conditions),
                applied=rule_id in decision.matched,
                tier=tier,
                team=team,
                priority=priority,
                changed=_shown(baseline, team_names) != (tier, team, priority)
                or baseline.tags != decision.tags,
            )
        )
    position_number = [r.id for r in ordered].index(rule_id) + 1
    return Preview(error="", outcomes=tuple(outcomes), description=rule.describe(position_number))
