"""Every write to saved views: create, change, delete; each checked, audited, in one transaction."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from queueviews.access import manages_shared, view_may_change
from queueviews.fieldfilters import check_field_filters
from queueviews.filters import clean_spec
from queueviews.models import SavedView, Scope
from routing.models import Team

MAX_VIEWS_PER_OWNER = 50


def _snapshot(view: SavedView) -> dict[str, Any]:
    return {
        "name": view.name,
        "scope": view.scope,
        "team": view.team_id,
        "filters": view.filters,
        "sort": view.sort,
        "direction": view.direction,
        "columns": view.columns,
    }


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("A view needs a name.")]})
    if len(name) > 80:
        raise ValidationError({"name": [_("At most 80 characters.")]})
    return name


def _check_team(actor: Any, scope: str, team: Team | None) -> None:
    if scope == Scope.SHARED and not manages_shared(actor):
        raise PermissionDenied(_("Shared views are kept by supervisors and admins."))
    if team is not None and scope != Scope.SHARED:
        raise ValidationError({"team": [_("Only a shared view is kept for a team.")]})


def saved_view_create(
    *,
    actor: Any,
    name: str,
    scope: str = Scope.PERSONAL,
    team: Team | None = None,
    filters: Mapping[str, Any],
    sort: str = "",
    direction: str = "desc",
    columns: Any = None,
) -> SavedView:
    if scope not in Scope.values:
        raise ValidationError({"scope": [_("personal or shared")]})
    _check_team(actor, scope, team)
    spec = clean_spec(filters=filters, sort=sort, direction=direction, columns=columns)
    check_field_filters(spec.filters, actor)
    now = timezone.now()
    with transaction.atomic():
        if scope == Scope.PERSONAL and SavedView.objects.filter(owner=actor).count() >= MAX_VIEWS_PER_OWNER:
            raise ValidationError({"name": [_("You keep too many views; delete one first.")]})
        view = SavedView.objects.create(
            name=_clean_name(name),
            scope=scope,
            owner=actor if scope == Scope.PERSONAL else None,
            team=team,
            filters=spec.filters,
            sort=spec.sort,
            direction=spec.direction,
            columns=list(spec.columns),
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        audit_record(action="saved_view.created", obj=view, actor=actor, after=_snapshot(view))
    return view


def saved_view_update(
    *,
    actor: Any,
    view: SavedView,
    name: str,
    team: Team | None = None,
    filters: Mapping[str, Any],
    sort: str = "",
    direction: str = "desc",
    columns: Any = None,
) -> SavedView:
    """Changes everything but the scope (a personal view is not turned into a shared one: copy it)."""
    if not view_may_change(actor, view):
        raise PermissionDenied(_("Shared views are kept by supervisors and admins."))
    _check_team(actor, view.scope, team)
    spec = clean_spec(filters=filters, sort=sort, direction=direction, columns=columns)
    check_field_filters(spec.filters, actor)
    with transaction.atomic():
        view = SavedView.objects.select_for_update().get(pk=view.pk)
        before = _snapshot(view)
        view.name = _clean_name(name)
        view.team = team
        view.filters = spec.filters
        view.sort = spec.sort
        view.direction = spec.direction
        view.columns = list(spec.columns)
        view.updated_at = timezone.now()
        view.save()
        audit_record(action="saved_view.updated", obj=view, actor=actor, before=before, after=_snapshot(view))
    return view


def saved_view_delete(*, actor: Any, view: SavedView) -> None:
    if not view_may_change(actor, view):
        raise PermissionDenied(_("Shared views are kept by supervisors and admins."))
    with transaction.atomic():
        audit_record(action="saved_view.deleted", obj=view, actor=actor, before=_snapshot(view))
        view.delete()
