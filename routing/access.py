"""The only answers to "may this user oversee or read the configuration of routing".

The live board, the rule dry run, the rules, the VIP policies and the teams' internal settings
(capacities, wait targets, shifts, holidays, members) show how sensitive cases are found and who
handles them: a supervisor's view of the organisation, not an agent's. Agents see the team
directory they transfer to and their own presence.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.models import Role
from customers.access import is_partner_agent
from routing.models import Team

# What a stored routing decision (ticket.routing) or a "routed" timeline event says about the rules.
_RULE_DETAILS = ("reasons", "matched", "facts")


def routing_overseeable(user: Any) -> bool:
    return bool(getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN))


def check_routing_overseeable(user: Any) -> None:
    """403 for everyone else; the pages exist for every agent to know of, so a 404 would hide nothing."""
    if not routing_overseeable(user):
        raise PermissionDenied


def routing_configurable(user: Any) -> bool:
    """Teams, VIP policies and rules decide who gets which customer: admins alone change them."""
    return bool(getattr(user, "role", None) == Role.ADMIN)


def routing_config_readable(user: Any) -> bool:
    """Rules, VIP policies and teams' internal settings: supervisors and admins. A partner agent who
    read the rules would know which accounts reach the security team and at what thresholds."""
    return routing_overseeable(user)


def routing_reasons_visible(user: Any) -> bool:
    """Why a case reached its team quotes the rules that sent it there, conditions and thresholds
    included: in-house agents read it on the cases they work; partner agents see the team only."""
    return bool(getattr(user, "is_authenticated", False)) and not is_partner_agent(user)


def routing_explanation_for(user: Any, data: dict[str, Any] | None) -> dict[str, Any]:
    """A routing decision or "routed" event as `user` may read it."""
    shown = dict(data or {})
    if not routing_reasons_visible(user):
        for key in _RULE_DETAILS:
            shown.pop(key, None)
    return shown


def assignable_teams() -> QuerySet[Team]:
    """Every team, for every agent: escalating to another tier is part of everyone's work."""
    return Team.objects.order_by("tier", "name")
