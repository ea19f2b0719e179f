"""The only answers to "may this user define fields, and which fields may they see or set"."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from customers.access import is_partner_agent
from customfields.models import FieldDefinition


def manages_fields(user: Any) -> bool:
    """Admins define the fields; everyone else fills them in."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.ADMIN)


def require_manager(user: Any) -> None:
    if not manages_fields(user):
        raise PermissionDenied(_("Custom fields are defined by admins."))


def definition_for_admin(user: Any, field_id: int) -> FieldDefinition:
    require_manager(user)
    try:
        return FieldDefinition.objects.select_related("team").get(pk=field_id)
    except FieldDefinition.DoesNotExist:
        raise Http404(_("No such field")) from None


def definitions_visible_to(user: Any) -> QuerySet[FieldDefinition]:
    """Active fields `user` may see and set, whatever the ticket: partner agents only those marked for
    partners (the clean room), auditors none (they read cases through the audit log)."""
    qs = FieldDefinition.objects.filter(is_active=True)
    if not getattr(user, "is_authenticated", False) or user.role == Role.AUDITOR:
        return qs.none()
    if is_partner_agent(user):
        qs = qs.filter(partner_visible=True)
    return qs
