"""The only answer to "may this user see the reports": supervisors and admins.

The dashboard and its export compare teams and agents with one another across the whole helpdesk,
which is a supervisor's view; agents (partner agents included) and auditors are refused.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def reports_visible(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN)
    )


def check_reports_visible(user: Any) -> None:
    if not reports_visible(user):
        raise PermissionDenied
