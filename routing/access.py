"""The only answers to "may this user oversee routing": the live board and the rule dry run.

Both show every team's workload and the rules themselves, which is a supervisor's view of the
organisation, not an agent's.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def routing_overseeable(user: Any) -> bool:
    return bool(getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN))


def check_routing_overseeable(user: Any) -> None:
    """403 for everyone else; the pages exist for every agent to know of, so a 404 would hide nothing."""
    if not routing_overseeable(user):
        raise PermissionDenied


def routing_configurable(user: Any) -> bool:
    """Teams, VIP policies and rules decide who gets which customer: admins alone change them."""
    return bool(getattr(user, "role", None) == Role.ADMIN)
