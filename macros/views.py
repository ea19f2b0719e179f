"""The macro pages: the list (mine and shared), create, edit and deactivate. Writes go through services."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from macros.access import macro_for_change, macro_may_change, macros_visible_to, manages_shared
from macros.forms import MacroForm
from macros.models import Macro
from macros.placeholders import PLACEHOLDERS
from macros.services import macro_create, macro_deactivate, macro_update


def _staff(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return user


ACTION_FIELDS = {"status", "tags", "team", "priority", "assign"}


def _errors_to_form(form: MacroForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        name = f"action_{field}" if field in ACTION_FIELDS else field
        if name == "action_assign":
            name = "action_assign_me"
        form.add_error(name if name in form.fields else None, problems)


def _form_page(request: HttpRequest, form: MacroForm, macro: Macro | None) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "macro": macro,
        "placeholders": [(key, str(label)) for key, label in PLACEHOLDERS.items()],
    }
    return render(request, "macros/macro_form.html", context, status=400 if form.errors else 200)


@login_required
def macro_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    macros = list(
        macros_visible_to(user)
        .select_related("team", "owner")
        .prefetch_related("variants")
        .order_by("scope", "title", "id")
    )
    rows = [{"macro": m, "may_change": macro_may_change(user, m)} for m in macros]
    return render(request, "macros/macro_list.html", {"rows": rows, "may_share": manages_shared(user)})


@login_required
@require_http_methods(["GET", "POST"])
def macro_create_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    may_share = manages_shared(user)
    form = MacroForm(request.POST if request.method == "POST" else None, may_share=may_share)
    if request.method == "POST" and form.is_valid():
        try:
            macro_create(
                actor=user,
                title=form.cleaned_data["title"],
                scope=form.cleaned_data["scope"],
                team=form.cleaned_data.get("team"),
                variants=form.variants(),
                actions=form.actions(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Macro saved."))
            return redirect("macros:macro-list")
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def macro_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    macro = macro_for_change(user, pk)
    form = MacroForm(
        request.POST if request.method == "POST" else None,
        may_share=manages_shared(user),
        editing=macro,
        initial=MacroForm.initial_for(macro),
    )
    if request.method == "POST" and form.is_valid():
        try:
            macro_update(
                macro=macro,
                actor=user,
                title=form.cleaned_data["title"],
                team=form.cleaned_data.get("team", macro.team),
                variants=form.variants(),
                actions=form.actions(),
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Macro saved."))
            return redirect("macros:macro-list")
    return _form_page(request, form, macro)


@login_required
@require_POST
def macro_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    macro: Macro = macro_for_change(user, pk)
    macro_deactivate(macro=macro, actor=user)
    messages.success(request, _("Macro deactivated: nobody can pick it any more."))
    return redirect("macros:macro-list")
