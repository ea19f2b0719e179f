"""The only answers to "may this user read the audit log, or take a signed export of it"."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Role

AUDIT_READERS = (Role.AUDITOR, Role.ADMIN)


def may_read_audit_log(user: Any) -> bool:
    """Auditors and admins; supervisors and agents work cases and do not read the trail of others."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.role in AUDIT_READERS)


def may_export_audit(user: Any) -> bool:
    return may_read_audit_log(user)


def check_audit_reader(user: Any) -> None:
    if not may_read_audit_log(user):
        raise PermissionDenied(_("Only auditors and admins read the audit log."))


def check_audit_exporter(user: Any) -> None:
    if not may_export_audit(user):
        raise PermissionDenied(_("Only auditors and admins export the audit log."))
