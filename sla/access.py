"""The only answer to "may this user see SLA attainment": supervisors and admins.

The report compares teams with one another, which is a supervisor's view of the organisation.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def sla_report_visible(user: Any) -> bool:
    return bool(getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN))


def check_sla_report_visible(user: Any) -> None:
    if not sla_report_visible(user):
        raise PermissionDenied
