"""An agent's correction of a ticket's language, from the ticket page and through the API: it pins the
language (intake/language.py), or unpins it so the customer's words decide again."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from helpdesk.api import ErrorSerializer, LanguageField, StrictFieldsMixin
from helpdesk.busy import busy_refused
from helpdesk.errors import DomainError
from intake.language import language_pinned, ticket_language_set, ticket_language_unpin
from tickets.access import ticket_for_agent
from tickets.models import Ticket, parse_reference


class TicketLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_lazy("Language"), required=False)
    action = forms.ChoiceField(choices=[("pin", "pin"), ("unpin", "unpin")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", ""), *((c, str(n)) for c, n in settings.LANGUAGES)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "pin" and not data.get("language"):
            raise forms.ValidationError(_("Choose the language to pin."))
        return data


@login_required
@require_POST
def ticket_language_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Pin the language the agent chose, or unpin it; back to the ticket page."""
    ticket = ticket_for_agent(request.user, pk)
    form = TicketLanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    actor = cast(User, request.user)
    try:
        with busy_refused():
            if form.cleaned_data["action"] == "unpin":
                ticket_language_unpin(ticket=ticket, actor=actor)
                messages.success(request, _("The customer's messages set the language again."))
            else:
                ticket_language_set(ticket=ticket, language=form.cleaned_data["language"], actor=actor)
                messages.success(request, _("Language set and pinned."))
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("tickets:ticket-detail", args=[ticket.pk]) + "#language")


class TicketLanguageSerializer(StrictFieldsMixin, serializers.Serializer):
    language = LanguageField(help_text="One of the helpdesk's languages: en, pt-br, zh-hant, fil...")
    pinned = serializers.BooleanField(
        read_only=True, help_text="Whether detection leaves the language alone (an agent set it)."
    )


_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
    503: OpenApiResponse(ErrorSerializer, description="The ticket is being changed; retry."),
}
_TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)


def _ticket(request: Request, value: str) -> Ticket:
    from django.http import Http404

    pk = parse_reference(value)
    if pk is None:
        raise Http404(_("No such ticket"))
    return ticket_for_agent(request.user, pk)


def _state(ticket: Ticket) -> Response:
    return Response({"language": ticket.language, "pinned": language_pinned(ticket)})


class TicketLanguageView(APIView):
    """The ticket's language: read it, pin it (PUT), or let detection decide again (DELETE)."""

    http_method_names = ["get", "put", "delete", "head", "options"]

    @extend_schema(
        summary="The ticket's language",
        parameters=[_TICKET],
        responses={200: TicketLanguageSerializer, **_ERRORS},
    )
    def get(self, request: Request, ticket: str) -> Response:
        return _state(_ticket(request, ticket))

    @extend_schema(
        summary="Correct the ticket's language and pin it",
        description="Detection in the customer's messages no longer changes it until it is unpinned.",
        parameters=[_TICKET],
        request={"application/json": TicketLanguageSerializer},
        responses={200: TicketLanguageSerializer, **_ERRORS},
    )
    def put(self, request: Request, ticket: str) -> Response:
        found = _ticket(request, ticket)
        serializer = TicketLanguageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            found = ticket_language_set(
                ticket=found, language=serializer.validated_data["language"], actor=cast(User, request.user)
            )
        return _state(found)

    @extend_schema(
        summary="Unpin the ticket's language",
        description="The customer's next message that says enough sets the language again.",
        parameters=[_TICKET],
        responses={200: TicketLanguageSerializer, **_ERRORS},
    )
    def delete(self, request: Request, ticket: str) -> Response:
        found = _ticket(request, ticket)
        with busy_refused():
            found = ticket_language_unpin(ticket=found, actor=cast(User, request.user))
        return _state(found)
