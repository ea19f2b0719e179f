"""Saved view pages: save the queue's filters as a view, edit it, delete it. Writes go through services."""

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from queueviews.access import manages_shared, view_for_change
from queueviews.forms import SavedViewForm, filters_from_query, form_field_of
from queueviews.models import SavedView, Scope
from queueviews.services import saved_view_create, saved_view_delete, saved_view_update


def _staff(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return user


def _opened(view: SavedView) -> HttpResponse:
    return redirect(reverse("tickets:queue") + "?" + urlencode({"view": view.pk}))


def _save(request: HttpRequest, form: SavedViewForm, view: SavedView | None) -> SavedView | None:
    user = _staff(request)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    fields: dict[str, Any] = {
        "name": data["name"],
        "team": data.get("team"),
        "filters": form.filters(),
        "sort": data["sort"],
        "direction": data["direction"],
        "columns": data["columns"] or None,
    }
    try:
        if view is None:
            return saved_view_create(actor=user, scope=data.get("scope") or Scope.PERSONAL, **fields)
        return saved_view_update(actor=user, view=view, **fields)
    except ValidationError as error:
        for key, problems in error.message_dict.items():
            field = form_field_of(key)
            if field not in form.fields:
                form.add_error(None, [f"{key}: {p}" for p in problems])
            elif field == "custom_fields":
                form.add_error(field, [f"{key}: {p}" for p in problems])
            else:
                form.add_error(field, problems)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def view_create(request: HttpRequest) -> HttpResponse:
    """GET: the form, filled from the queue's current address (`?filters=...`); POST: save it."""
    user = _staff(request)
    if request.method == "POST":
        form = SavedViewForm(request.POST, user=user, may_share=manages_shared(user))
        if (view := _save(request, form, None)) is not None:
            messages.success(request, _("View saved."))
            return _opened(view)
    else:
        # "Keep as a view": the queue's filters arrive as its query string (`filters`), with its sort.
        initial = {k: request.GET[k] for k in ("sort", "direction") if k in request.GET}
        form = SavedViewForm(
            initial=initial,
            user=user,
            may_share=manages_shared(user),
            filters=filters_from_query(request.GET.get("filters", "")),
        )
    status = 400 if form.errors else 200
    return render(request, "queueviews/view_form.html", {"form": form, "view": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def view_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    view = view_for_change(user, pk)
    if request.method == "POST":
        form = SavedViewForm(request.POST, user=user, may_share=manages_shared(user), view=view)
        if (saved := _save(request, form, view)) is not None:
            messages.success(request, _("View saved."))
            return _opened(saved)
    else:
        form = SavedViewForm(user=user, may_share=manages_shared(user), view=view)
    status = 400 if form.errors else 200
    return render(request, "queueviews/view_form.html", {"form": form, "view": view}, status=status)


@login_required
@require_POST
def view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    view = view_for_change(user, pk)
    saved_view_delete(actor=user, view=view)
    messages.success(request, _("View deleted."))
    return redirect("tickets:queue")
