"""/api/tickets/<ticket>/fields/: a ticket's custom fields with their values, and setting some of them.

Filtering the ticket list by value is on GET /api/tickets/ itself (`cf_<key>=...`, customfields.filtering).
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from customfields.models import FieldDefinition, FieldType
from customfields.services import fields_for_ticket, ticket_fields_set, ticket_values
from customfields.values import value_json
from helpdesk.api import ErrorSerializer
from tickets.access import ticket_for_agent
from tickets.models import Ticket, parse_reference


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}],
        "nullable": True,
        "description": "Text, a hash or address, an option, a date (YYYY-MM-DD) or an amount as a string "
        "(exact, up to 18 decimals); an integer for a number; a boolean for a checkbox; null when empty.",
    }
)
class FieldValueJSON(serializers.JSONField):
    pass


class FieldRowSerializer(serializers.Serializer):
    key = serializers.SlugField()
    label = serializers.CharField()  # type: ignore[assignment]
    type = serializers.ChoiceField(choices=FieldType.choices)
    options = serializers.ListField(child=serializers.CharField(), help_text="A choice field's options.")
    required_on_solve = serializers.BooleanField()
    value = FieldValueJSON()


class FieldsSerializer(serializers.Serializer):
    fields = FieldRowSerializer(many=True)  # type: ignore[assignment]


class FieldsChangedSerializer(FieldsSerializer):
    changed = serializers.ListField(child=serializers.SlugField(), help_text="The keys whose value changed.")


class FieldsSetSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=FieldValueJSON(allow_null=True),
        allow_empty=True,
        help_text='key -> value; null or "" empties a field. Fields not named keep their value.',
    )


TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)
ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
}


def _ticket(request: Request, ticket: str) -> Ticket:
    pk = parse_reference(ticket)
    if pk is None:
        raise Http404(gettext("No such ticket"))
    return ticket_for_agent(request.user, pk)


def _rows(ticket: Ticket, fields: list[FieldDefinition]) -> list[dict[str, Any]]:
    values = ticket_values(ticket, fields)
    return [
        {
            "key": f.key,
            "label": f.label,
            "type": f.type,
            "options": f.options,
            "required_on_solve": f.required_on_solve,
            "value": value_json(f, values[f.key]),
        }
        for f in fields
    ]


class TicketFieldsView(APIView):
    @extend_schema(
        summary="Show a ticket's custom fields",
        description="The active fields that apply to the ticket and that you may see, in order, with values.",
        parameters=[TICKET],
        responses={200: FieldsSerializer, **ERRORS},
        tags=["custom fields"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        found = _ticket(request, ticket)
        return Response({"fields": _rows(found, fields_for_ticket(found, request.user))})

    @extend_schema(
        summary="Set some of a ticket's custom fields",
        description="Only the values that change are written, in one transaction, and audited. "
        "A field you may not see on this ticket is refused as unknown; nothing is written then.",
        parameters=[TICKET],
        request=FieldsSetSerializer,
        responses={
            200: FieldsChangedSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="A value or key is refused, or the ticket is closed."
            ),
            **ERRORS,
        },
        tags=["custom fields"],
    )
    def patch(self, request: Request, ticket: str) -> Response:
        found = _ticket(request, ticket)
        body = FieldsSetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = ticket_fields_set(ticket=found, actor=request.user, values=body.validated_data["values"])  # type: ignore[arg-type]
        fields = fields_for_ticket(found, request.user)
        return Response({"fields": _rows(found, fields), "changed": sorted(changed)})
