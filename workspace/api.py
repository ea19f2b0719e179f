"""/api/tickets/, their timelines and attachments. Every write is a call to a service: intake.pipeline for
a customer's message, casework.services for an agent's change (the clock follows), tickets.services for the
rest."""

from typing import Any, cast

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from approvals.redaction_steps import redaction_notice
from casework.services import ticket_escalate, ticket_reply, ticket_set_status, ticket_transfer
from customers.contacts import contact_mask_for
from customers.services import customer_viewed
from customfields.filtering import tickets_filter_by_fields
from helpdesk.api import JSON_AND_MULTIPART_PARSERS, AscendingCursorPagination, ErrorSerializer
from helpdesk.busy import busy_refused
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add, ticket_open_as_written
from queueviews.search import search_match_q, search_query
from routing.cleanroom import DOWNLOAD_REFUSED, attachment_download_allowed
from routing.serializers import TicketEscalateSerializer, TicketTransferSerializer
from routing.services import assignment_get_next
from tickets.access import attachment_for_agent, ticket_for_agent
from tickets.attachments import IncomingFile
from tickets.filters import TicketFilter
from tickets.models import Ticket, TimelineEntry, parse_reference
from tickets.services import ReplyCollision, ticket_note
from workspace.serializers import (
    CollisionSerializer,
    EntryCreatedSerializer,
    EntryCreateSerializer,
    EntryKindChoice,
    EntrySerializer,
    TicketChangeSerializer,
    TicketCreatedSerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketSerializer,
    incoming_files,
    ticket_create_input,
    ticket_list_add_tags,
    ticket_list_data,
    ticket_list_rows,
)
from workspace.services import ticket_properties_save
from workspace.ticket_created import ticket_created_written
from workspace.ticket_list import ticket_created_data, ticket_list_response

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
    413: OpenApiResponse(ErrorSerializer, description="The request body is too large."),
}
# Writes that lock the ticket's row wait for it only so long (helpdesk/busy.py).
BUSY = {
    503: OpenApiResponse(
        ErrorSerializer,
        description="The ticket is being changed by someone else; nothing was written. Retry after "
        "the `Retry-After` seconds.",
    )
}
COLLISION = {
    409: OpenApiResponse(
        CollisionSerializer,
        description="A reply sent with `seen`: newer customer messages or others' replies arrived after "
        "that entry (listed in `newer`); nothing was written.",
    )
}
TICKET_LOOKUP = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)
ENTRY_TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)


def ticket_id(value: str) -> int:
    pk = parse_reference(value)
    if pk is None:
        raise Http404(gettext("No such ticket"))
    return pk


def agent_of(request: Request) -> User:
    """The signed-in user; IsAuthenticated has already turned everyone else away."""
    return cast(User, request.user)


def _for_response(ticket: Ticket) -> Ticket:
    return Ticket.objects.for_list().get(pk=ticket.pk)


@extend_schema_view(
    list=extend_schema(
        summary="List tickets",
        description="Newest first, only tickets you may see. Filters combine with AND. By custom field: "
        "`cf_<key>=value`, and `cf_<key>__gte=` / `cf_<key>__lte=` for number, amount and date fields "
        "(GET /api/tickets/{ticket}/fields/ lists the keys); an unknown key or a bad value is a 400. "
        "`q`: words in the subject or any message or note, typos forgiven (best match first, with "
        "passages: GET /api/views/search/).",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Words to look for.")],
        responses={200: TicketSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
    ),
)
class TicketViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Ticket.objects.none()
    serializer_class = TicketSerializer
    filterset_class = TicketFilter
    parser_classes = JSON_AND_MULTIPART_PARSERS
    lookup_value_regex = r"[^/.]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return Ticket.objects.visible_to(self.request.user).for_list()

    def get_object(self) -> Ticket:
        return ticket_for_agent(self.request.user, ticket_id(self.kwargs["pk"]))

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # The list's common requests are answered without DRF's machinery (workspace/ticket_list.py):
        # one precompiled statement, the same JSON. The rest come to `list` below.
        if request.method == "GET" and self.action_map.get("get") == "list":
            response = ticket_list_response(request)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def list(self, request: Request) -> Response:
        # A page is read as rows, tags included, and written as TicketSerializer's JSON without
        # building model objects (workspace.serializers.ticket_list_data): one statement for the page.
        tickets = Ticket.objects.visible_to(request.user)
        if (search := search_query(request.query_params.get("q"))) and not search.empty:
            # The subject's and the timeline's words (queueviews.search), newest first as ever.
            tickets = tickets.filter(search_match_q(search))
        # cf_<key>=value, cf_<key>__gte=..., cf_<key>__lte=...: by custom field (customfields.filtering).
        rows = ticket_list_rows(tickets_filter_by_fields(tickets, request.query_params, request.user))
        # Building the filter form costs more than the page's SQL; without a filter it changes nothing.
        if not request.query_params.keys().isdisjoint(TicketFilter.base_filters):
            rows = self.filter_queryset(rows)
        page = cast(list[dict[str, Any]], self.paginate_queryset(rows))
        return self.get_paginated_response(ticket_list_data(ticket_list_add_tags(page)))

    @extend_schema(
        summary="Open a ticket",
        description="The body is the customer's first message. JSON, or multipart with `attachments`.",
        request={
            "application/json": TicketCreateSerializer,
            "multipart/form-data": TicketCreateSerializer,
        },
        responses={201: TicketCreatedSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        # Most creates are checked without building the serializer; the rest, with every error, by it.
        data = ticket_create_input(request.data, request.user)
        if data is None:
            serializer = TicketCreateSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        files = incoming_files(data.pop("attachments", []))
        ticket, first = ticket_open_as_written(actor=agent_of(request), attachments=files, **data)
        # The answer from the rows as written when the steps changed none (workspace/ticket_created.py),
        # else from one statement (the ticket, its tags, the first message's redactions).
        body = None if first is None else ticket_created_written(ticket, first, request.user)
        if body is None:
            body = ticket_created_data(ticket, request.user)
        if body is None:
            body = TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
            # A secret in the customer's message was taken out: the caller can tell the customer at once.
            if notice := redaction_notice(ticket.entries.order_by("pk").first(), ticket.language):
                body["redacted"] = notice
        headers = {"Location": request.build_absolute_uri(reverse("api:ticket-detail", args=[ticket.pk]))}
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @extend_schema(
        summary="Show a ticket",
        parameters=[TICKET_LOOKUP],
        responses={200: TicketDetailSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        ticket = self.get_object()
        customer_viewed(customer=ticket.customer, actor=request.user, ticket=ticket, path=request.path)
        return Response(
            TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Change a ticket",
        description=(
            "Send only what changes. Assignment, descriptive fields, tags and status go through their "
            "services in that order, in one transaction: if any part is refused, nothing changes."
        ),
        parameters=[TICKET_LOOKUP],
        request={"application/json": TicketChangeSerializer},
        responses={200: TicketDetailSerializer, **ERRORS, **BUSY},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        ticket = self.get_object()
        serializer = TicketChangeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            # The same path as the ticket page's properties panel; a team given here keeps tier and agent.
            ticket_properties_save(
                ticket=ticket,
                actor=agent_of(request),
                changes=serializer.validated_data,
                team_change="assign",
            )
        return Response(
            TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Take the next waiting case",
        description=(
            "Claims the most urgent unassigned case of your teams that you have room for, and assigns "
            "it to you. 204 when nothing is waiting for you or you are at capacity."
        ),
        request=None,
        responses={
            200: TicketDetailSerializer,
            204: OpenApiResponse(description="Nothing is waiting for you."),
            401: ERRORS[401],
        },
    )
    @action(detail=False, methods=["post"], url_path="next", url_name="next")
    def take_next(self, request: Request) -> Response:
        ticket = assignment_get_next(agent=agent_of(request))
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(
            TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Transfer a ticket to another team",
        description="The ticket takes the team's tier and waits there for one of its agents.",
        parameters=[TICKET_LOOKUP],
        request={"application/json": TicketTransferSerializer},
        responses={200: TicketDetailSerializer, **ERRORS, **BUSY},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        ticket = self.get_object()
        serializer = TicketTransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with busy_refused():
            ticket = ticket_transfer(
                ticket=ticket, actor=agent_of(request), team=data["team"], note=data["note"]
            )
        return Response(
            TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Escalate a ticket one tier up",
        description="To a team of the next tier with the ticket's skill and language.",
        parameters=[TICKET_LOOKUP],
        request={"application/json": TicketEscalateSerializer},
        responses={200: TicketDetailSerializer, **ERRORS, **BUSY},
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str) -> Response:
        ticket = self.get_object()
        serializer = TicketEscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            ticket = ticket_escalate(
                ticket=ticket, actor=agent_of(request), note=serializer.validated_data["note"]
            )
        return Response(
            TicketDetailSerializer(_for_response(ticket), context=self.get_serializer_context()).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="Read a ticket's timeline",
        description="Oldest first: customer messages, replies, internal notes and system events.",
        parameters=[ENTRY_TICKET],
        responses={200: EntrySerializer(many=True), 400: ERRORS[400], 401: ERRORS[401], 404: ERRORS[404]},
    ),
)
class TicketEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = TimelineEntry.objects.none()
    serializer_class = EntrySerializer
    pagination_class = AscendingCursorPagination
    parser_classes = JSON_AND_MULTIPART_PARSERS
    filter_backends: list[Any] = []

    def get_ticket(self) -> Ticket:
        if not hasattr(self, "_ticket"):
            self._ticket = ticket_for_agent(self.request.user, ticket_id(self.kwargs["ticket"]))
        return self._ticket

    def get_queryset(self) -> Any:
        return self.get_ticket().entries.select_related("author").prefetch_related("attachments")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "ticket" in self.kwargs and not getattr(self, "swagger_fake_view", False):
            # The addresses in email entries follow the customer pages' rule, audited for the customer.
            context["contact_mask"] = contact_mask_for(
                actor=self.request.user, customers=[self.get_ticket().customer]
            )
        return context

    @extend_schema(
        summary="Add to a ticket's timeline",
        description=(
            "A public reply, an internal note, or a message the customer sent another way. JSON, or "
            "multipart with `attachments`. `status` moves the ticket in the same transaction. A reply "
            "with `seen` is refused (409, nothing written) when the customer wrote, or someone else "
            "replied, after that entry."
        ),
        parameters=[ENTRY_TICKET],
        request={"application/json": EntryCreateSerializer, "multipart/form-data": EntryCreateSerializer},
        responses={201: EntryCreatedSerializer, **ERRORS, **BUSY, **COLLISION},
    )
    def create(self, request: Request, ticket: str) -> Response:
        target = self.get_ticket()
        serializer = EntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        files = incoming_files(data.get("attachments", []))
        # The ticket's row may be held by a long transaction: wait for it only so long (503 busy).
        try:
            with busy_refused():
                entry = _add_timeline_entry(target, actor=agent_of(request), data=data, files=files)
        except ReplyCollision as exc:
            body = {"message": exc.message, "status": 409, "code": exc.code, "newer": exc.newer}
            return Response(body, status=status.HTTP_409_CONFLICT)
        entry = (
            TimelineEntry.objects.select_related("author").prefetch_related("attachments").get(pk=entry.pk)
        )
        # The serializer declares a field named `data`, which hides Serializer.data from mypy.
        body = cast(dict[str, Any], EntrySerializer(entry, context=self.get_serializer_context()).data)
        if notice := redaction_notice(entry, target.language):
            body = {**body, "redacted": notice}
        return Response(body, status=status.HTTP_201_CREATED)


def _add_timeline_entry(
    ticket: Ticket, *, actor: User, data: dict[str, Any], files: list[IncomingFile]
) -> TimelineEntry:
    """The service for the kind asked for; a note that also moves the status does so in the caller's
    transaction, so the two happen together or not at all."""
    common: dict[str, Any] = {"ticket": ticket, "body": data["body"], "attachments": files}
    if "body_format" in data:
        common["body_format"] = data["body_format"]
    kind = data["kind"]
    if kind == EntryKindChoice.REPLY:
        return ticket_reply(author=actor, status=data.get("status"), seen=data.get("seen"), **common)
    if kind == EntryKindChoice.NOTE:
        entry = ticket_note(author=actor, **common)
        if "status" in data:
            ticket_set_status(ticket=ticket, actor=actor, status=data["status"])
        return entry
    return customer_message_add(actor=actor, channel=data.get("channel"), **common)


class AttachmentDownloadView(APIView):
    @extend_schema(
        summary="Download an attachment",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            401: ERRORS[401],
            403: OpenApiResponse(
                ErrorSerializer, description="Your partner team may not download attachments."
            ),
            404: OpenApiResponse(ErrorSerializer, description="No such attachment, or not one you may see."),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        attachment = attachment_for_agent(request.user, pk)
        if not attachment_download_allowed(request.user):
            raise DomainError(str(DOWNLOAD_REFUSED), code="forbidden")
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("The file of this attachment is missing from storage")) from None
        # Always a download, never rendered in the agent's browser, whatever the customer sent.
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )
