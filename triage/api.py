"""/api/triage/: a ticket's technical triage as JSON (the chat console and integrations read it)."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import ErrorSerializer
from tickets.models import parse_reference
from triage.access import triage_ticket_for
from triage.display import triage_view
from triage.models import TriageState


class MentionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    value = serializers.CharField(help_text="Addresses and memos are shortened for partner agents.")
    network = serializers.CharField(allow_blank=True)
    asset = serializers.CharField(allow_blank=True)
    # Declared fields named like Field/Serializer attributes, as helpdesk.api.ErrorSerializer does.
    source = serializers.CharField(help_text='"body" or "attachment:<file name>".')  # type: ignore[assignment]
    explorer_url = serializers.CharField(allow_blank=True)


class LookupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()
    network = serializers.CharField(allow_blank=True)
    explorer_url = serializers.CharField(allow_blank=True)
    exchange = serializers.DictField(help_text="The exchange's record, with fetched_at, stale and error.")
    chain = serializers.DictField(help_text="The chain's answer, the networks tried and when it was read.")


class TeamRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class ReplySerializer(serializers.Serializer):
    language = serializers.CharField()
    text = serializers.CharField()


class DiagnosisSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=["ok", "info", "problem"])
    subject = serializers.CharField(allow_blank=True)
    evidence = serializers.ListField(child=serializers.CharField(allow_blank=True))
    skill = serializers.CharField(allow_blank=True)
    team = TeamRefSerializer(allow_null=True)
    reply = ReplySerializer()


class ErrorLineSerializer(serializers.Serializer):
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    message = serializers.CharField(allow_blank=True)
    stale = serializers.BooleanField()


class TriageSerializer(serializers.Serializer):
    ticket = serializers.IntegerField()
    state = serializers.ChoiceField(choices=[*TriageState.values, "none"])
    state_label = serializers.CharField()
    pending = serializers.BooleanField(help_text="A look-up is running: ask again in poll_seconds.")
    masked = serializers.BooleanField()
    mentions = MentionSerializer(many=True)
    lookups = LookupSerializer(many=True)
    exchange = serializers.DictField()
    diagnoses = DiagnosisSerializer(many=True)
    errors = ErrorLineSerializer(many=True)  # type: ignore[assignment]
    looked_up_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    stale = serializers.BooleanField(help_text="The facts are over 30 minutes old.")
    slow = serializers.BooleanField(
        help_text="Pending for over 2 minutes: the look-up is being queued again."
    )
    poll_seconds = serializers.IntegerField()


TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)


class TicketTriageView(APIView):
    @extend_schema(
        summary="Show a ticket's technical triage",
        description=(
            "The hashes, addresses, memos and networks the customer's messages mention, what the exchange "
            "and the chain say about them, and the diagnoses with their evidence, the team that resolves "
            "each and a reply in the customer's language. `pending` while a look-up runs."
        ),
        parameters=[TICKET],
        responses={
            200: TriageSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
            404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
        },
        tags=["triage"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        pk = parse_reference(ticket)
        if pk is None:
            raise Http404(gettext("No such ticket"))
        found = triage_ticket_for(request.user, pk)
        view: dict[str, Any] = triage_view(found, request.user)
        return Response(TriageSerializer(view).data)
