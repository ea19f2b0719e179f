"""/api/views/: saved views (list with counts, create, read, change, delete), a view's tickets, and
ticket search with snippets. Writes go through queueviews.services."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import JSON_PARSERS, ErrorSerializer, StrictFieldsMixin
from helpdesk.parsing import parse_int
from queueviews.access import view_for_change, view_for_user
from queueviews.fieldfilters import check_field_filters
from queueviews.filters import COLUMNS, SORTS, ViewSpec, clean_spec
from queueviews.models import Direction, SavedView, Scope
from queueviews.queue import queue_listing, sidebar_views, spec_for
from queueviews.services import saved_view_create, saved_view_delete, saved_view_update
from routing.models import Team
from tickets.models import Ticket


class SavedViewSerializer(StrictFieldsMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=80)
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.PERSONAL)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, required=False)
    filters = serializers.DictField(
        help_text=(
            "status, priority, channel, category, tier, language, tag: lists; team (id), assignee "
            '("me", "none" or an id), sla ("breaching", "breached", "on_track"), created_after, '
            "created_before, updated_after, updated_before (YYYY-MM-DD, UTC), q (search text)."
        ),
        default=dict,
    )
    sort = serializers.ChoiceField(
        choices=[("", "newest, or best match"), *[(k, k) for k in SORTS]], default=""
    )
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.DESC)
    columns = serializers.ListField(
        child=serializers.ChoiceField(choices=list(COLUMNS)), required=False, allow_empty=True
    )


class SavedViewRowSerializer(SavedViewSerializer):
    count = serializers.IntegerField(read_only=True, help_text="Tickets the view lists now.")


class TicketHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    priority = serializers.IntegerField()
    team = serializers.IntegerField(allow_null=True)
    assignee = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()
    snippet = serializers.CharField(
        allow_blank=True, help_text="HTML: the best matching passage, escaped, matches in <mark>."
    )


class TicketPageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    next_page = serializers.IntegerField(allow_null=True)
    results = TicketHitSerializer(many=True)


def _data(view: SavedView, count: int | None = None) -> dict[str, Any]:
    data = {
        "id": view.pk,
        "name": view.name,
        "scope": view.scope,
        "team": view.team_id,
        "filters": view.filters,
        "sort": view.sort,
        "direction": view.direction,
        "columns": view.columns,
    }
    if count is not None:
        data["count"] = count
    return data


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "team": data.get("team"),
        "filters": data.get("filters") or {},
        "sort": data.get("sort", ""),
        "direction": data.get("direction", Direction.DESC),
        "columns": data.get("columns") or None,
    }


UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such view, or not one you may see.")
INVALID = OpenApiResponse(ErrorSerializer, description="A filter, sort or column is not one there is.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Shared views are kept by supervisors and admins.")
PAGE = OpenApiParameter("page", OpenApiTypes.INT, description="1, 2, ...")


class SavedViewListView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="List your saved views and the shared ones for you, with live counts",
        responses={200: SavedViewRowSerializer(many=True), 401: UNAUTHORIZED},
        tags=["views"],
    )
    def get(self, request: Request) -> Response:
        views = sidebar_views(request.user)
        return Response([_data(v, v.count) for v in views])  # type: ignore[attr-defined]

    @extend_schema(
        summary="Save a view",
        request=SavedViewSerializer,
        responses={201: SavedViewSerializer, 400: INVALID, 401: UNAUTHORIZED, 403: FORBIDDEN},
        tags=["views"],
    )
    def post(self, request: Request) -> Response:
        serializer = SavedViewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        view = saved_view_create(actor=request.user, scope=data["scope"], **_fields(data))
        return Response(_data(view), status=status.HTTP_201_CREATED)


class SavedViewDetailView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Read a saved view",
        responses={200: SavedViewSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["views"],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_data(view_for_user(request.user, pk)))

    @extend_schema(
        summary="Change a saved view (all but its scope)",
        request=SavedViewSerializer,
        responses={200: SavedViewSerializer, 400: INVALID, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["views"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        view = view_for_change(request.user, pk)
        merged = {**_data(view), **(request.data if isinstance(request.data, dict) else {})}
        merged.pop("id", None)
        serializer = SavedViewSerializer(data=merged)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["scope"] != view.scope:
            raise serializers.ValidationError({"scope": ["A view keeps its scope; save a copy instead."]})
        view = saved_view_update(actor=request.user, view=view, **_fields(data))
        return Response(_data(view))

    @extend_schema(
        summary="Delete a saved view",
        responses={204: None, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["views"],
    )
    def delete(self, request: Request, pk: int) -> Response:
        saved_view_delete(actor=request.user, view=view_for_change(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _page(request: Request, spec: ViewSpec, tickets: Any) -> Response:
    page = parse_int(request.query_params.get("page"), minimum=1, maximum=10_000)
    if "page" in request.query_params and page is None:
        raise serializers.ValidationError({"page": ["A page number: 1, 2, ..."]})
    size = settings.HELPDESK_QUEUE_PAGE_SIZE
    # Pages are numbered here, also newest first: `before` is the queue page's.
    spec = (
        spec
        if spec.sort or spec.filters.get("q")
        else clean_spec(filters=spec.filters, sort="ticket", direction="desc", columns=spec.columns)
    )
    listing = queue_listing(
        tickets=tickets, user=request.user, spec=spec, size=size, before=None, page=page or 1
    )
    results = [
        {
            "id": t.pk,
            "reference": t.reference,
            "subject": t.subject,
            "status": t.status,
            "priority": t.priority,
            "team": t.team_id,
            "assignee": t.assignee_id,
            "updated_at": t.updated_at,
            "snippet": str(listing.snippets.get(t.pk, "")),
        }
        for t in listing.tickets
    ]
    body = {"page": listing.page, "next_page": listing.next_page, "results": results}
    return Response(TicketPageSerializer(body).data)


class SavedViewTicketsView(APIView):
    @extend_schema(
        summary="The tickets a saved view lists now",
        description="In the view's sort (`sort` and `dir` override it), 50 a page, with search snippets.",
        parameters=[
            PAGE,
            OpenApiParameter("sort", OpenApiTypes.STR),
            OpenApiParameter("dir", OpenApiTypes.STR),
        ],
        responses={200: TicketPageSerializer, 400: INVALID, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["views"],
    )
    def get(self, request: Request, pk: int) -> Response:
        view = view_for_user(request.user, pk)
        spec = spec_for(request.query_params, view)
        return _page(request, spec, Ticket.objects.visible_to(request.user))


class TicketSearchView(APIView):
    @extend_schema(
        summary="Search tickets: subject and every message and note, typo-tolerant, best match first",
        description=(
            "`q` is the search text; every saved view filter may be added as a parameter "
            "(status=open&assignee=me...); `sort` and `dir` order by a column instead of relevance."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True),
            PAGE,
            OpenApiParameter("sort", OpenApiTypes.STR),
            OpenApiParameter("dir", OpenApiTypes.STR),
        ],
        responses={200: TicketPageSerializer, 400: INVALID, 401: UNAUTHORIZED},
        tags=["views"],
    )
    def get(self, request: Request) -> Response:
        params: QueryDict = request.query_params
        raw = {
            k: (params.getlist(k) if k in _LISTS else params.get(k)) for k in params if k not in _NOT_FILTERS
        }
        if not (params.get("q") or "").strip():
            raise serializers.ValidationError({"q": ["Give the words to look for."]})
        sort = params.get("sort", "")
        spec = clean_spec(filters=raw, sort=sort, direction=params.get("dir", "desc"))
        # A custom-field filter that cannot apply (no such field for this user, a range on a text field,
        # a value of the wrong type) is an error here, as on GET /api/tickets/: a script must not read
        # "no filter" as "these are the matches". The queue page leaves such a filter out instead.
        try:
            check_field_filters(spec.filters, request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return _page(request, spec, Ticket.objects.visible_to(request.user))


_NOT_FILTERS = {"page", "sort", "dir", "format"}
_LISTS = {"status", "priority", "channel", "category", "tier", "language", "tag"}
