"""/api/volatility/: market events (in-house staff read; supervisors and admins mark, edit and end
them) and the merged windows of a period. Every write is a call to volatility.services, which audits
it. tests/volatility/test_api.py and volatility/access_table.py walk the roles."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.parsing import parse_id
from volatility.access import volatility_manageable, volatility_readable
from volatility.models import MarketEvent
from volatility.serializers import MarketEventSerializer, MarketEventWriteSerializer
from volatility.services import market_event_edit, market_event_mark
from volatility.windows import windows_between

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such market event."),
}
READ_ERRORS = {401: ERRORS[401], 403: ERRORS[403]}
EVENT_ID = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Market event id.")
LIMIT = 100
MAX_PERIOD = dt.timedelta(days=400)


def _check_reader(request: Request) -> None:
    if not volatility_readable(request.user):
        raise PermissionDenied(_("Partner agents and auditors do not see the volatility windows."))


def _check_manager(request: Request) -> None:
    if not volatility_manageable(request.user):
        raise PermissionDenied(_("Only supervisors and admins mark market events."))


def _event(pk: str) -> MarketEvent:
    event = MarketEvent.objects.select_related("created_by").filter(pk=parse_id(pk) or 0).first()
    if event is None:
        raise Http404(_("No such market event"))
    return event


def _data(event: MarketEvent) -> Any:
    return MarketEventSerializer(_event(str(event.pk))).data


class MarketEventListView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="List market events",
        description="The 100 most recent by start. In-house staff; not partner agents.",
        responses={200: MarketEventSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        _check_reader(request)
        events = MarketEvent.objects.select_related("created_by").order_by("-start", "-id")[:LIMIT]
        return Response(MarketEventSerializer(events, many=True).data)

    @extend_schema(
        summary="Mark a market event",
        description=(
            "Supervisors and admins. Times carry an offset. Without `end` the event is ongoing; reports "
            "count its period inside the volatility windows."
        ),
        request=MarketEventWriteSerializer,
        responses={201: MarketEventSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        _check_manager(request)
        serializer = MarketEventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = market_event_mark(actor=request.user, **serializer.validated_data)
        return Response(_data(event), status=status.HTTP_201_CREATED)


class MarketEventDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Show a market event", parameters=[EVENT_ID], responses={200: MarketEventSerializer, **ERRORS}
    )
    def get(self, request: Request, pk: str) -> Response:
        _check_reader(request)
        return Response(MarketEventSerializer(_event(pk)).data)

    @extend_schema(
        summary="Change or end a market event",
        description="Supervisors and admins. `end` ends an ongoing event; `end: null` makes it ongoing.",
        parameters=[EVENT_ID],
        request=MarketEventWriteSerializer(partial=True),
        responses={200: MarketEventSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        _check_manager(request)
        event = _event(pk)
        serializer = MarketEventWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        event = market_event_edit(event=event, actor=request.user, **serializer.validated_data)
        return Response(_data(event))


def _moment(request: Request, name: str) -> dt.datetime:
    raw = request.query_params.get(name, "")
    try:
        value = parse_datetime(raw) if len(raw) <= 40 else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise ValidationError({name: [_("An ISO 8601 time with an offset, such as 2026-11-30T10:00:00Z.")]})
    return value


class WindowSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(help_text="Excluded.")


PERIOD = [
    OpenApiParameter(name, OpenApiTypes.DATETIME, OpenApiParameter.QUERY, required=True, description=text)
    for name, text in (("start", "From (with an offset)."), ("end", "Until, excluded (with an offset)."))
]


class WindowListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="The volatility windows of a period",
        description=(
            "Detected surges and market events overlapping [start, end), merged where they overlap or "
            "touch, clipped to the period. At most 400 days."
        ),
        parameters=PERIOD,
        responses={200: WindowSerializer(many=True), 400: ERRORS[400], **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        _check_reader(request)
        start, end = _moment(request, "start"), _moment(request, "end")
        if not start < end <= start + MAX_PERIOD:
            raise ValidationError({"end": [_("The end is after the start, at most 400 days later.")]})
        return Response([{"start": s, "end": e} for s, e in windows_between(start, end)])
