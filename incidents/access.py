"""The only answers to "may this user declare, update or resolve an incident, or link a ticket to one".

Declaring, updating and resolving speak to every customer at once: supervisors and admins. Linking
and unlinking is casework: any agent, on a ticket they may see (partner agents see only their teams'
tickets, so `tickets.access.ticket_for_agent` answers 404 for the others). An incident's public
message is public (the help center shows it), so every staff member may read the active incidents.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def incidents_manageable(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN)
    )


def check_incidents_manageable(user: Any) -> None:
    """403: every agent knows the incident pages exist, so a 404 would hide nothing."""
    if not incidents_manageable(user):
        raise PermissionDenied


def incidents_readable(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def incident_links_editable(user: Any) -> bool:
    """Any active staff member; which tickets is the ticket access's answer."""
    return incidents_readable(user)
