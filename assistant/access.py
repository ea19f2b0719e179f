"""The only answers to "may this user see or correct what tier 0 did, or change where it answers".

What tier 0 read off a message is casework: every agent who may see the ticket (tickets.access) sees
its assessments and may correct the intent, partner agents included, with the addresses and memos
they see masked elsewhere (triage.access) masked here too. The settings page shows how tier 0 is
configured and how well it does per intent: supervisors read it, admins alone change it, as with
routing's configuration. The example bank (agents' corrections, with the customers' messages) is
for the same supervisors and admins.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from accounts.models import Role
from assistant.models import Assessment
from tickets.models import Ticket
from triage.access import chain_data_masked


def assessment_for_agent(user: Any, assessment_id: int) -> Assessment:
    """The assessment if `user` may see its ticket; 404 otherwise, as for the ticket itself."""
    found = (
        Assessment.objects.filter(pk=assessment_id, ticket__in=Ticket.objects.visible_to(user))
        .select_related("ticket", "corrected_by")
        .first()
    )
    if found is None:
        raise Http404(gettext("No such assessment"))
    return found


def tier0_masked(user: Any) -> bool:
    """Whether addresses and memos in what tier 0 read and sent are shortened for this viewer."""
    return chain_data_masked(user)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def tier0_settings_readable(user: Any) -> bool:
    return _active(user) and (
        getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN) or bool(user.is_superuser)
    )


def tier0_settings_editable(user: Any) -> bool:
    """Where tier 0 may answer customers on its own: admins alone, as routing's configuration."""
    return _active(user) and (getattr(user, "role", None) == Role.ADMIN or bool(user.is_superuser))


def check_tier0_settings_readable(user: Any) -> None:
    """403: the page is in every supervisor's menu, so a 404 would hide nothing."""
    if not tier0_settings_readable(user):
        raise PermissionDenied


def check_tier0_settings_editable(user: Any) -> None:
    if not tier0_settings_editable(user):
        raise PermissionDenied
