"""Which SLA policy applies to a case: pure functions over plain data, no queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseFacts:
    tier: int
    priority: int
    vip_level: str
    channel: str
    category: str
    team_id: int | None


@dataclass(frozen=True)
class PolicySpec:
    id: int
    position: int
    is_default: bool = False
    tiers: frozenset[int] = frozenset()
    priorities: frozenset[int] = frozenset()
    vip_levels: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    team_ids: frozenset[int] = frozenset()

    @property
    def is_catch_all(self) -> bool:
        return not (
            self.tiers
            or self.priorities
            or self.vip_levels
            or self.channels
            or self.categories
            or self.team_ids
        )


def policy_matches(policy: PolicySpec, facts: CaseFacts) -> bool:
    """Every condition that is set holds; an empty condition matches every case."""
    return (
        (not policy.tiers or facts.tier in policy.tiers)
        and (not policy.priorities or facts.priority in policy.priorities)
        and (not policy.vip_levels or facts.vip_level in policy.vip_levels)
        and (not policy.channels or facts.channel in policy.channels)
        and (not policy.categories or facts.category in policy.categories)
        and (not policy.team_ids or facts.team_id in policy.team_ids)
    )


def choose_policy(policies: Sequence[PolicySpec], facts: CaseFacts) -> PolicySpec | None:
    """The first matching non-default policy by position (then id), else the default, else None."""
    ordered = sorted(policies, key=lambda p: (p.position, p.id))
    for policy in ordered:
        if not policy.is_default and policy_matches(policy, facts):
            return policy
    return next((p for p in ordered if p.is_default), None)
