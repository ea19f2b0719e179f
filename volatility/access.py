"""The only answers to "may this user see the volatility page, or mark a market event".

Marking, editing and ending a market event changes how every report splits its numbers:
supervisors and admins. In-house agents read the page. Partner agents do not: the arrivals are the
whole helpdesk's, not their teams' (the clean room shows a partner only their own teams' work).
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.access import is_partner_agent
from accounts.models import Role


def volatility_manageable(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN)
    )


def volatility_readable(user: Any) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return bool(user.role == Role.AGENT and not is_partner_agent(user))


def check_volatility_readable(user: Any) -> None:
    if not volatility_readable(user):
        raise PermissionDenied


def check_volatility_manageable(user: Any) -> None:
    """403: every agent knows the page exists, so a 404 would hide nothing."""
    if not volatility_manageable(user):
        raise PermissionDenied
