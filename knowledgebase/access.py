"""The only answers to "may this user draft, publish or report on the knowledge base".

Every agent may draft articles and submit them for review. Publishing, archiving and the KB report
belong to editors: supervisors and admins, and agents an admin adds to the KB editors group
(settings.KB_EDITOR_GROUP), so a content specialist can publish without supervising people.
"""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from accounts.models import Role, User
from helpdesk.errors import DomainError


def kb_drafter(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def kb_editor(user: Any) -> bool:
    if not kb_drafter(user):
        return False
    if getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN) or user.is_superuser:
        return True
    return bool(user.groups.filter(name=settings.KB_EDITOR_GROUP).exists())


def kb_report_visible(user: Any) -> bool:
    return kb_drafter(user) and (
        getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN) or bool(user.is_superuser)
    )


def require_editor(user: Any) -> None:
    """For services: a DomainError the API turns into 403 and the pages into a message."""
    if not kb_editor(user):
        raise DomainError(gettext("only knowledge base editors may do this"), code="forbidden")


def require_drafter(user: Any) -> None:
    if not kb_drafter(user):
        raise DomainError(gettext("sign in to edit the knowledge base"), code="forbidden")


def check_kb_report_visible(user: Any) -> None:
    if not kb_report_visible(user):
        raise PermissionDenied


def acting_user(user: Any) -> User:
    """The signed-in agent behind a request, typed for the services (which check roles again)."""
    require_drafter(user)
    return cast(User, user)
