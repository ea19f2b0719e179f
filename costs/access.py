"""The only answers to "may this user read or change hourly costs, or send work heartbeats".

Costs are what people earn: admins enter them, supervisors read them (they judge cost per
resolution), agents and partner agents see neither. A heartbeat is about one case: any staff member
may send one for a case they may see (tickets.access answers that; partner agents see only their
teams' cases, so a beat on another team's case is a 404).
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def costs_readable(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN)
    )


def costs_editable(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) == Role.ADMIN)


def check_costs_readable(user: Any) -> None:
    """403: every agent knows the page exists, so a 404 would hide nothing."""
    if not costs_readable(user):
        raise PermissionDenied


def check_costs_editable(user: Any) -> None:
    if not costs_editable(user):
        raise PermissionDenied
