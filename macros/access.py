"""The only answers to "may this user use, or change, this macro"."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import manages_shared, personal_or_shared_q
from macros.models import Macro, Scope


def macros_visible_to(user: Any) -> QuerySet[Macro]:
    """Active or not: the user's own macros and the shared ones they may use. Supervisors and admins
    see every shared macro; agents the unrestricted ones and their teams'; partner agents only their
    teams' (the clean room: what in-house staff wrote for everyone is not theirs to read)."""
    visible = personal_or_shared_q(user, personal=Scope.PERSONAL, shared=Scope.SHARED)
    return Macro.objects.filter(visible) if visible is not None else Macro.objects.none()


def macro_for_agent(user: Any, macro_id: int) -> Macro:
    """An active macro `user` may apply; 404 otherwise, so another agent's macros leak nothing."""
    try:
        return macros_visible_to(user).filter(is_active=True).get(pk=macro_id)
    except Macro.DoesNotExist:
        raise Http404(_("No such macro")) from None


def macro_may_change(user: Any, macro: Macro) -> bool:
    if macro.scope == Scope.PERSONAL:
        return bool(macro.owner_id == user.pk)
    return manages_shared(user)


def macro_for_change(user: Any, macro_id: int) -> Macro:
    """A macro `user` may edit: 404 if they cannot see it, 403 if they see it but do not keep it."""
    try:
        macro = macros_visible_to(user).get(pk=macro_id)
    except Macro.DoesNotExist:
        raise Http404(_("No such macro")) from None
    if not macro_may_change(user, macro):
        raise PermissionDenied(_("Shared macros are kept by supervisors and admins."))
    return macro
