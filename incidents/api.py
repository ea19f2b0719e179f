"""/api/incidents/: declare, read, edit, post updates (supervisors and admins), link and unlink tickets
(agents, on tickets they may see). Every write is a call to incidents.services, which audits it.
tests/incidents/test_access_table.py walks every role through every endpoint."""

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.busy import busy_refused
from helpdesk.parsing import parse_id
from incidents.access import incidents_manageable
from incidents.linking import incident_link, incident_unlink
from incidents.models import ACTIVE_STATUSES, Incident, IncidentLink, IncidentMessage, IncidentUpdate
from incidents.serializers import (
    DeclareSerializer,
    IncidentSerializer,
    LinkCreateSerializer,
    LinkSerializer,
    ScopeSerializer,
    UpdatePostSerializer,
    UpdateSerializer,
)
from incidents.services import incident_declare, incident_edit, incident_update_post, linked_counts
from tickets.access import ticket_for_agent

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such incident, or no such ticket you may see."),
    503: OpenApiResponse(ErrorSerializer, description="A row is busy; nothing was written. Retry."),
}
READ_ERRORS = {401: ERRORS[401], 404: ERRORS[404]}
INCIDENT_ID = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Incident id.")
TICKET_ID = OpenApiParameter("ticket", OpenApiTypes.INT, OpenApiParameter.PATH, description="Ticket id.")
STATE = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["active", "all"],
    description="`active` (default) or `all` (the 100 most recent, resolved included).",
)


def _actor(request: Request) -> User:
    return cast(User, request.user)


def _check_manager(request: Request) -> None:
    if not incidents_manageable(request.user):
        raise PermissionDenied(_("Only supervisors and admins declare, update and resolve incidents."))


def _incident(pk: str) -> Incident:
    incident = Incident.objects.select_related("declared_by").filter(pk=parse_id(pk) or 0).first()
    if incident is None:
        raise Http404(_("No such incident"))
    return incident


def _incident_data(incidents: list[Incident]) -> list[dict[str, Any]]:
    update_ids = [i.current_update_id for i in incidents if i.current_update_id]
    messages: dict[int, dict[str, str]] = {}
    for update_id, language, text in IncidentMessage.objects.filter(update_id__in=update_ids).values_list(
        "update_id", "language", "text"
    ):
        messages.setdefault(update_id, {})[language] = text
    context = {"linked_counts": linked_counts([i.pk for i in incidents]), "messages": messages}
    return list(IncidentSerializer(incidents, many=True, context=context).data)


class IncidentListView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="List incidents",
        description="Every staff member reads them: the public message is public.",
        parameters=[STATE],
        responses={200: IncidentSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state", "active")
        if state not in ("active", "all"):
            return Response(
                {"message": _("state must be active or all"), "status": 400, "code": "invalid"}, status=400
            )
        qs: QuerySet[Incident] = Incident.objects.select_related("declared_by")
        if state == "active":
            qs = qs.filter(status__in=ACTIVE_STATUSES)
        return Response(_incident_data(list(qs.order_by("-declared_at", "-id")[:100])))

    @extend_schema(
        summary="Declare an incident",
        description="Supervisors and admins. The banner shows its message; intake starts linking.",
        request=DeclareSerializer,
        responses={201: IncidentSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        _check_manager(request)
        serializer = DeclareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = incident_declare(actor=_actor(request), **serializer.validated_data)
        return Response(_incident_data([incident])[0], status=status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Show an incident",
        parameters=[INCIDENT_ID],
        responses={200: IncidentSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: str) -> Response:
        return Response(_incident_data([_incident(pk)])[0])

    @extend_schema(
        summary="Change an incident's title or scope",
        description="Supervisors and admins, while it is active. Its message changes by posting an update.",
        parameters=[INCIDENT_ID],
        request=ScopeSerializer(partial=True),
        responses={200: IncidentSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        _check_manager(request)
        incident = _incident(pk)
        serializer = ScopeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            incident = incident_edit(incident=incident, actor=_actor(request), **serializer.validated_data)
        return Response(_incident_data([_incident(str(incident.pk))])[0])


class IncidentUpdatesView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="List an incident's updates with the progress of their posting",
        parameters=[INCIDENT_ID],
        responses={200: UpdateSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, pk: str) -> Response:
        incident = _incident(pk)
        updates = IncidentUpdate.objects.filter(incident=incident).select_related("posted_by")
        return Response(UpdateSerializer(updates.prefetch_related("messages"), many=True).data)

    @extend_schema(
        summary="Post an update (or resolve)",
        description=(
            "Supervisors and admins. A background job posts the message to every linked ticket in its "
            "customer's language through its channel; `status: resolved` also solves the linked tickets "
            "that have nothing else open. Follow the progress on the update."
        ),
        parameters=[INCIDENT_ID],
        request=UpdatePostSerializer,
        responses={201: UpdateSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        _check_manager(request)
        incident = _incident(pk)
        serializer = UpdatePostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            update = incident_update_post(
                incident=incident, actor=_actor(request), **serializer.validated_data
            )
        fresh = (
            IncidentUpdate.objects.select_related("posted_by").prefetch_related("messages").get(pk=update.pk)
        )
        return Response(UpdateSerializer(fresh).data, status=status.HTTP_201_CREATED)


class IncidentLinksView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Link a ticket to the incident",
        description=(
            "Any agent, on a ticket they may see. The customer gets the incident's current public message "
            "once. Linking a linked ticket changes nothing."
        ),
        parameters=[INCIDENT_ID],
        request=LinkCreateSerializer,
        responses={201: LinkSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        incident = _incident(pk)
        serializer = LinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = ticket_for_agent(request.user, serializer.validated_data["ticket"])
        with busy_refused():
            link = incident_link(incident=incident, ticket=ticket, actor=_actor(request))
        fresh = IncidentLink.objects.select_related("linked_by", "unlinked_by").get(pk=link.pk)
        return Response(LinkSerializer(fresh).data, status=status.HTTP_201_CREATED)


class IncidentLinkDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Unlink a ticket from the incident",
        description="Any agent, on a ticket they may see. The link is kept in the history as unlinked.",
        parameters=[INCIDENT_ID, TICKET_ID],
        request=None,
        responses={200: LinkSerializer, **ERRORS},
    )
    def delete(self, request: Request, pk: str, ticket: str) -> Response:
        incident = _incident(pk)
        ticket_id = parse_id(ticket)
        if ticket_id is None:
            raise Http404(_("No such ticket"))
        found = ticket_for_agent(request.user, ticket_id)
        if not IncidentLink.objects.filter(
            incident=incident, ticket=found, unlinked_at__isnull=True
        ).exists():
            raise Http404(_("This ticket is not linked to that incident"))
        with busy_refused():
            link = incident_unlink(incident=incident, ticket=found, actor=_actor(request))
        fresh = IncidentLink.objects.select_related("linked_by", "unlinked_by").get(pk=link.pk)
        return Response(LinkSerializer(fresh).data)
