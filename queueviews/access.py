"""The only answers to "may this user see, or change, this saved view"."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import manages_shared, personal_or_shared_q
from queueviews.models import SavedView, Scope


def views_visible_to(user: Any) -> QuerySet[SavedView]:
    """The user's own views and the shared ones meant for them: supervisors and admins see every shared
    view (they keep them), agents the ones for everyone and their teams', partner agents only their
    teams' (as with shared macros: what in-house staff keep for everyone is not theirs to read)."""
    visible = personal_or_shared_q(user, personal=Scope.PERSONAL, shared=Scope.SHARED)
    return SavedView.objects.filter(visible) if visible is not None else SavedView.objects.none()


def view_for_user(user: Any, view_id: int | None) -> SavedView:
    """A view `user` may open; 404 otherwise, so others' personal views leak nothing."""
    if view_id is None:
        raise Http404(_("No such view"))
    try:
        return views_visible_to(user).get(pk=view_id)
    except SavedView.DoesNotExist:
        raise Http404(_("No such view")) from None


def view_may_change(user: Any, view: SavedView) -> bool:
    if view.scope == Scope.PERSONAL:
        return bool(view.owner_id == user.pk)
    return manages_shared(user)


def view_for_change(user: Any, view_id: int | None) -> SavedView:
    """A view `user` may edit or delete: 404 if they cannot see it, 403 if they see but do not keep it."""
    view = view_for_user(user, view_id)
    if not view_may_change(user, view):
        raise PermissionDenied(_("Shared views are kept by supervisors and admins."))
    return view
