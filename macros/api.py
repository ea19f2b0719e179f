"""/api/tickets/<ticket>/macros/: the macros an agent may apply to a ticket, one rendered for it, and
its actions applied (the composer's and the chat console's picker call these)."""

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import ErrorSerializer
from macros.access import macro_for_agent
from macros.rendering import macro_render, macros_for_ticket
from macros.services import macro_actions_apply, macro_used
from tickets.access import ticket_for_agent
from tickets.models import Ticket, parse_reference


class MacroRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    scope = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField(allow_blank=True))
    has_actions = serializers.BooleanField()


class MissingSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class RenderedSerializer(serializers.Serializer):
    macro = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.CharField(allow_blank=True, help_text='The variant used; "" is the default.')
    text = serializers.CharField(help_text="Placeholders without a value are left as [[key?]] to fill in.")
    missing = MissingSerializer(many=True)
    actions = serializers.DictField(help_text="Pending actions: run them with the apply endpoint.")
    action_lines = serializers.ListField(child=serializers.CharField())


class AppliedSerializer(serializers.Serializer):
    applied = serializers.ListField(child=serializers.CharField())


TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such ticket or macro, or not one you may use.")
UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")


def _ticket(request: Request, ticket: str, *, for_update: bool = False) -> Ticket:
    pk = parse_reference(ticket)
    if pk is None:
        raise Http404(gettext("No such ticket"))
    return ticket_for_agent(request.user, pk, for_update=for_update)


class TicketMacroListView(APIView):
    @extend_schema(
        summary="List the macros you may apply to a ticket",
        parameters=[TICKET],
        responses={200: MacroRowSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["macros"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        _ticket(request, ticket)
        rows = [
            {
                "id": m.pk,
                "title": m.title,
                "scope": m.scope,
                "languages": [v.language for v in m.variants.all()],
                "has_actions": bool(m.actions),
            }
            for m in macros_for_ticket(request.user)
        ]
        return Response(MacroRowSerializer(rows, many=True).data)


class TicketMacroRenderView(APIView):
    @extend_schema(
        summary="Render a macro for a ticket",
        description=(
            "The macro's text in the ticket's language (else the default), placeholders filled as you may "
            "see them (masked where you see masked data), and its actions, which nothing runs yet."
        ),
        parameters=[TICKET],
        request=None,
        responses={200: RenderedSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["macros"],
    )
    def post(self, request: Request, ticket: str, macro: int) -> Response:
        found = _ticket(request, ticket)
        chosen = macro_for_agent(request.user, macro)
        rendered: dict[str, Any] = macro_render(chosen, found, request.user)
        macro_used(macro=chosen)
        return Response(RenderedSerializer(rendered).data)


class TicketMacroApplyView(APIView):
    @extend_schema(
        summary="Apply a macro's actions to a ticket",
        description="Status, tags, priority, team and assignment, each through the ticket's own service.",
        parameters=[TICKET],
        request=None,
        responses={
            200: AppliedSerializer,
            400: OpenApiResponse(ErrorSerializer, description="The ticket refuses the change (closed...)."),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
        tags=["macros"],
    )
    def post(self, request: Request, ticket: str, macro: int) -> Response:
        with transaction.atomic():
            found = _ticket(request, ticket, for_update=True)
            chosen = macro_for_agent(request.user, macro)
            applied = macro_actions_apply(macro=chosen, ticket=found, actor=request.user)  # type: ignore[arg-type]
        return Response(AppliedSerializer({"applied": applied}).data)
