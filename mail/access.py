"""The only answer to "may this user see raw mail": admins alone.

Raw messages hold every address and word a customer sent, unmasked, and quarantined ones may hold
anything at all; agents work from the ticket, where contact details are masked.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role


def mail_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) == Role.ADMIN)


def check_mail_admin(user: Any) -> None:
    if not mail_admin(user):
        raise PermissionDenied
