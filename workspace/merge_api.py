"""/api/tickets/<ticket>/merge/ and /links/: merge a duplicate into another case, link related cases."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.merging import ticket_link, ticket_merge, ticket_unlink
from helpdesk.api import ErrorSerializer
from tickets.access import ticket_for_agent
from tickets.merging import linked_tickets
from tickets.models import Ticket, parse_reference

TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may change.")
UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")
REFUSED = OpenApiResponse(ErrorSerializer, description="Refused: closed, already merged, other customer...")


def _ticket(user: Any, value: str) -> Ticket:
    pk = parse_reference(str(value))
    if pk is None:
        raise Http404(gettext("No such ticket"))
    return ticket_for_agent(user, pk)


class MergeSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=30, help_text="The ticket to merge into: 123 or HD-000123.")
    confirm_other_customer = serializers.BooleanField(
        default=False, help_text="Supervisors and admins: merge although the customers differ."
    )
    reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class MergedSerializer(serializers.Serializer):
    source = serializers.IntegerField()  # type: ignore[assignment]
    target = serializers.IntegerField()


class LinkSerializer(serializers.Serializer):
    other = serializers.CharField(max_length=30, help_text="The related ticket: 123 or HD-000123.")


class LinkedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()


class TicketMergeView(APIView):
    @extend_schema(
        summary="Merge a ticket into another",
        description=(
            "The ticket is closed as merged; both timelines are kept, the target shows the source's "
            "entries, and the customer's later messages on the source land on the target."
        ),
        parameters=[TICKET],
        request=MergeSerializer,
        responses={200: MergedSerializer, 400: REFUSED, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["tickets"],
    )
    def post(self, request: Request, ticket: str) -> Response:
        source = _ticket(request.user, ticket)
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = _ticket(request.user, body.validated_data["target"])
        ticket_merge(
            source=source,
            target=target,
            actor=request.user,  # type: ignore[arg-type]
            confirm_other_customer=body.validated_data["confirm_other_customer"],
            reason=body.validated_data["reason"],
        )
        return Response(MergedSerializer({"source": source.pk, "target": target.pk}).data)


def _linked(user: Any, ticket: Ticket) -> list[dict[str, Any]]:
    return [
        {"id": t.pk, "reference": t.reference, "subject": t.subject, "status": t.status}
        for t in linked_tickets(ticket, Ticket.objects.visible_to(user))
    ]


class TicketLinksView(APIView):
    @extend_schema(
        summary="The tickets linked to a ticket",
        parameters=[TICKET],
        responses={200: LinkedSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["tickets"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        return Response(
            LinkedSerializer(_linked(request.user, _ticket(request.user, ticket)), many=True).data
        )

    @extend_schema(
        summary="Link a related ticket",
        parameters=[TICKET],
        request=LinkSerializer,
        responses={201: LinkedSerializer(many=True), 400: REFUSED, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["tickets"],
    )
    def post(self, request: Request, ticket: str) -> Response:
        found = _ticket(request.user, ticket)
        body = LinkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = _ticket(request.user, body.validated_data["other"])
        ticket_link(ticket=found, other=other, actor=request.user)  # type: ignore[arg-type]
        data = LinkedSerializer(_linked(request.user, found), many=True).data
        return Response(data, status=status.HTTP_201_CREATED)


class TicketLinkView(APIView):
    @extend_schema(
        summary="Unlink a related ticket",
        parameters=[TICKET],
        responses={204: None, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["tickets"],
    )
    def delete(self, request: Request, ticket: str, other: int) -> Response:
        found = _ticket(request.user, ticket)
        linked = Ticket.objects.filter(pk=other).first()
        if linked is None or not ticket_unlink(ticket=found, other=linked, actor=request.user):  # type: ignore[arg-type]
            raise Http404(gettext("No such link"))
        return Response(status=status.HTTP_204_NO_CONTENT)
