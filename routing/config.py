"""The routing configuration a process keeps: teams with their shifts, holidays and members, the active
rules, and the VIP policies.

Loaded in six statements and kept until a write to any of its tables changes the "routing" token
(routing/migrations/0005_config_version.py); each use costs one statement to check the token. A
routing decision reads it once and hands it to every step (team choice, overflow, push assignment).
The value is shared by every thread of the process and never mutated: team rows included.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from helpdesk.config_cache import cached
from routing.models import RoutingRule, Team, TeamMembership, VipPolicy
from routing.rules import Rule, parse_rule

CONFIG_NAME = "routing"
TABLES = [
    "routing_team",
    "routing_shift",
    "routing_holiday",
    "routing_teammembership",
    "routing_routingrule",
    "routing_vippolicy",
]


@dataclass(frozen=True)
class RoutingConfig:
    # Ordered by tier and name, shifts and holidays prefetched, `member_count` annotated.
    teams: tuple[Team, ...]
    members: Mapping[int, tuple[int, ...]]  # team id -> its agents' user ids
    teams_of: Mapping[int, tuple[Team, ...]]  # user id -> the agent's teams
    rules: tuple[Rule, ...]  # active, in order
    vip: Mapping[str, tuple[int, int]]  # VIP level -> (rank, priority boost)

    def team(self, pk: int | None) -> Team | None:
        return next((t for t in self.teams if t.pk == pk), None)


def routing_config_load() -> RoutingConfig:
    teams = list(Team.objects.prefetch_related("shifts", "holidays").order_by("tier", "name"))
    by_id = {t.pk: t for t in teams}
    members: dict[int, list[int]] = defaultdict(list)
    teams_of: dict[int, list[Team]] = defaultdict(list)
    for team_id, user_id in TeamMembership.objects.order_by("team_id", "user_id").values_list(
        "team_id", "user_id"
    ):
        members[team_id].append(user_id)
        teams_of[user_id].append(by_id[team_id])
    for team in teams:
        team.member_count = len(members[team.pk])  # type: ignore[attr-defined]
    rules = tuple(
        parse_rule(id=r.pk, name=r.name, conditions=r.conditions, actions=r.actions, stop=r.stop)
        for r in RoutingRule.objects.filter(is_active=True).order_by("position", "id")
    )
    return RoutingConfig(
        teams=tuple(teams),
        members={pk: tuple(ids) for pk, ids in members.items()},
        teams_of={pk: tuple(ts) for pk, ts in teams_of.items()},
        rules=rules,
        vip={p.level: (p.rank, p.priority_boost) for p in VipPolicy.objects.all()},
    )


def routing_config() -> RoutingConfig:
    """The current configuration: one statement when this process holds it already."""
    return cached(CONFIG_NAME, routing_config_load)
