"""The custom field pages: the admins' list, create, edit and deactivate, and the ticket card's save."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from customfields.access import definition_for_admin, require_manager
from customfields.forms import FieldDefinitionForm, TicketFieldsForm
from customfields.models import FieldDefinition
from customfields.services import field_deactivate, field_define, field_update
from tickets.access import ticket_for_agent


def _form_page(
    request: HttpRequest, form: FieldDefinitionForm, field: FieldDefinition | None
) -> HttpResponse:
    return render(
        request,
        "customfields/field_form.html",
        {"form": form, "field": field},
        status=400 if form.errors else 200,
    )


@login_required
def field_list(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    fields = (
        FieldDefinition.objects.select_related("team")
        .annotate(used=Count("values"))
        .order_by("-is_active", "order", "label", "id")
    )
    return render(request, "customfields/field_list.html", {"fields": fields})


@login_required
@require_http_methods(["GET", "POST"])
def field_create(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = FieldDefinitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            field_define(
                actor=cast(User, request.user),
                key=form.cleaned_data["key"],
                type=form.cleaned_data["type"],
                **form.attributes(),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Field saved."))
            return redirect("customfields:field-list")
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def field_edit(request: HttpRequest, pk: int) -> HttpResponse:
    field = definition_for_admin(request.user, pk)
    form = FieldDefinitionForm(
        request.POST if request.method == "POST" else None,
        editing=field,
        initial=FieldDefinitionForm.initial_for(field),
    )
    if request.method == "POST" and form.is_valid():
        try:
            field_update(
                field=field,
                actor=cast(User, request.user),
                is_active=form.cleaned_data["is_active"],
                **form.attributes(),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Field saved."))
            return redirect("customfields:field-list")
    return _form_page(request, form, field)


@login_required
@require_POST
def field_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    field = definition_for_admin(request.user, pk)
    field_deactivate(field=field, actor=cast(User, request.user))
    messages.success(request, _("Field deactivated: tickets no longer show it; its values are kept."))
    return redirect("customfields:field-list")


@login_required
@require_POST
def ticket_fields(request: HttpRequest, pk: int) -> HttpResponse:
    """The ticket card's form: saved, back to the ticket; refused, the form again with its errors."""
    user = cast(User, request.user)
    ticket = ticket_for_agent(user, pk)
    form = TicketFieldsForm(ticket=ticket, user=user, data=request.POST)
    if form.is_valid() and form.save() is not None:
        messages.success(request, _("Fields saved."))
        return redirect("tickets:ticket-detail", pk=ticket.pk)
    context: dict[str, Any] = {"ticket": ticket, "form": form}
    return render(request, "customfields/ticket_fields_page.html", context, status=400)
