"""/api/routing/: teams, VIP policies, rules and their dry run, presence, and the agents overview.

Supervisors and admins read the configuration; agents read the team directory (whom to transfer to)
and their own presence. Only admins change it, and every change is a call to routing.services,
which audits it. tests/routing/test_access_table.py walks every role through every endpoint.
"""

from dataclasses import asdict
from typing import Any, cast

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from customers.access import is_partner_agent
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.parsing import parse_id
from routing.access import routing_config_readable, routing_configurable, routing_overseeable
from routing.board import effective_presence
from routing.filters import AgentFilter
from routing.models import AgentStatus, RoutingRule, Team, TeamMembership, VipPolicy
from routing.rules import RuleError, ShiftSpec
from routing.serializers import (
    AgentOverviewSerializer,
    DryRunRequestSerializer,
    DryRunSerializer,
    PresenceSerializer,
    RuleReorderSerializer,
    RuleSerializer,
    TeamDirectorySerializer,
    TeamSerializer,
    VipPolicySerializer,
)
from routing.services import (
    HolidaySpec,
    MemberSpec,
    agent_capacity,
    agent_heartbeat,
    agent_load,
    agent_presence_set,
    routing_dry_run,
    routing_rule_delete,
    routing_rule_save,
    routing_rules_reorder,
    team_delete,
    team_save,
    vip_policy_save,
)
from tickets.access import ticket_for_agent

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such object."),
}
READ_ERRORS = {401: ERRORS[401], 404: ERRORS[404]}
CONFIG_READ_ERRORS = {401: ERRORS[401], 403: ERRORS[403], 404: ERRORS[404]}
TEAM_READ = (
    "Supervisors and admins see every setting; agents see the directory (id, name, slug, tier, skills, "
    "languages, region, is_outsourced), and partner agents only their own teams."
)
TEAM_LOOKUP = OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Team id or slug.")
VIP_LOOKUP = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Policy id or VIP level: vip2."
)
RULE_LOOKUP = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Rule id.")


class AdminWritesOnly(permissions.BasePermission):
    message = _("Only admins may change routing.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or routing_configurable(request.user)


class OverseesRouting(permissions.BasePermission):
    message = _("Only supervisors and admins may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return routing_overseeable(request.user)


class ReadsRoutingConfig(permissions.BasePermission):
    message = _("Only supervisors and admins may read the routing configuration.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return routing_config_readable(request.user)


def actor_of(request: Request) -> User:
    return cast(User, request.user)


# --- Teams ----------------------------------------------------------------------------------------


def teams_with_details() -> Any:
    return Team.objects.prefetch_related(
        "shifts",
        "holidays",
        Prefetch("memberships", queryset=TeamMembership.objects.select_related("user").order_by("user_id")),
    ).order_by("tier", "name")


def _team_changes(data: dict[str, Any]) -> dict[str, Any]:
    """Validated input as team_save takes it: plain fields, and the nested lists that were sent."""
    data = dict(data)
    shifts = data.pop("shifts", None)
    holidays = data.pop("holidays", None)
    members = data.pop("memberships", None)
    return {
        "fields": data,
        "shifts": None if shifts is None else [ShiftSpec(s["weekday"], s["start"], s["end"]) for s in shifts],
        "holidays": None if holidays is None else [HolidaySpec(h["date"], h["name"]) for h in holidays],
        "members": None
        if members is None
        else [MemberSpec(m["user"].pk, m.get("is_lead", False)) for m in members],
    }


@extend_schema_view(
    list=extend_schema(
        summary="List teams",
        description=TEAM_READ,
        responses={200: TeamSerializer(many=True), 401: ERRORS[401]},
    ),
    retrieve=extend_schema(
        summary="Show a team",
        description=TEAM_READ,
        parameters=[TEAM_LOOKUP],
        responses={200: TeamSerializer, **READ_ERRORS},
    ),
)
class TeamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TeamSerializer
    permission_classes = [permissions.IsAuthenticated, AdminWritesOnly]
    parser_classes = JSON_PARSERS
    pagination_class = None
    filter_backends: list[Any] = []
    lookup_value_regex = r"[^/.]+"

    def _reads_config(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False) or routing_config_readable(self.request.user))

    def get_serializer_class(self) -> Any:
        # Agents read the directory they transfer to; members, shifts and capacities are configuration.
        return TeamSerializer if self._reads_config() else TeamDirectorySerializer

    def get_queryset(self) -> Any:
        teams = teams_with_details() if self._reads_config() else Team.objects.order_by("tier", "name")
        # Partner agents see their own teams only: the others' member lists are in-house staff.
        if is_partner_agent(self.request.user):
            teams = teams.filter(memberships__user=actor_of(self.request))
        return teams

    def get_object(self) -> Team:
        value = self.kwargs["pk"]
        pk = parse_id(value)
        team = self.get_queryset().filter(**({"pk": pk} if pk is not None else {"slug": value})).first()
        if team is None:
            raise Http404(_("No such team"))
        return cast(Team, team)

    def _respond(self, team: Team, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=team.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(summary="Create a team", request=TeamSerializer, responses={201: TeamSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_save(actor=actor_of(request), **_team_changes(serializer.validated_data))
        return self._respond(team, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace a team's settings",
        description="Nested lists left out (shifts, holidays, members) stay as they are.",
        parameters=[TEAM_LOOKUP],
        request=TeamSerializer,
        responses={200: TeamSerializer, **ERRORS},
    )
    def update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=False)

    @extend_schema(
        summary="Change a team",
        description="Send only what changes; a nested list sent replaces the whole list.",
        parameters=[TEAM_LOOKUP],
        request=TeamSerializer,
        responses={200: TeamSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        team = self.get_object()
        serializer = self.get_serializer(team, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        team = team_save(actor=actor_of(request), team=team, **_team_changes(serializer.validated_data))
        return self._respond(team)

    @extend_schema(
        summary="Delete a team",
        description="Refused while tickets or routing rules still point at the team.",
        parameters=[TEAM_LOOKUP],
        responses={204: None, **ERRORS},
    )
    def destroy(self, request: Request, pk: str) -> Response:
        team_delete(actor=actor_of(request), team=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- VIP policies ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List VIP policies",
        description="Supervisors and admins.",
        responses={200: VipPolicySerializer(many=True), 401: ERRORS[401], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="Show a VIP policy",
        description="Supervisors and admins.",
        parameters=[VIP_LOOKUP],
        responses={200: VipPolicySerializer, **CONFIG_READ_ERRORS},
    ),
)
class VipPolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A VIP level without a policy keeps the default: its rank, and one step of priority."""

    queryset = VipPolicy.objects.order_by("rank", "level")
    serializer_class = VipPolicySerializer
    permission_classes = [permissions.IsAuthenticated, ReadsRoutingConfig, AdminWritesOnly]
    parser_classes = JSON_PARSERS
    pagination_class = None
    filter_backends: list[Any] = []
    lookup_value_regex = r"[^/.]+"

    def get_object(self) -> VipPolicy:
        value = self.kwargs["pk"]
        pk = parse_id(value)
        policy = VipPolicy.objects.filter(**({"pk": pk} if pk is not None else {"level": value})).first()
        if policy is None:
            raise Http404(_("No such VIP policy"))
        return policy

    @extend_schema(
        summary="Create a VIP policy",
        request=VipPolicySerializer,
        responses={201: VipPolicySerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = vip_policy_save(actor=actor_of(request), **serializer.validated_data)
        return Response(self.get_serializer(policy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace a VIP policy",
        parameters=[VIP_LOOKUP],
        request=VipPolicySerializer,
        responses={200: VipPolicySerializer, **ERRORS},
    )
    def update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=False)

    @extend_schema(
        summary="Change a VIP policy",
        parameters=[VIP_LOOKUP],
        request=VipPolicySerializer,
        responses={200: VipPolicySerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        policy = self.get_object()
        serializer = self.get_serializer(policy, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = {
            "level": policy.level,
            "rank": policy.rank,
            "priority_boost": policy.priority_boost,
            **serializer.validated_data,
        }
        policy = vip_policy_save(actor=actor_of(request), policy=policy, **values)
        return Response(self.get_serializer(policy).data)


# --- Rules ----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List routing rules",
        description="Every rule, active or not, in the order they run. Supervisors and admins.",
        responses={200: RuleSerializer(many=True), 401: ERRORS[401], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="Show a routing rule",
        description="Supervisors and admins.",
        parameters=[RULE_LOOKUP],
        responses={200: RuleSerializer, **CONFIG_READ_ERRORS},
    ),
)
class RuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = RoutingRule.objects.order_by("position", "id")
    serializer_class = RuleSerializer
    parser_classes = JSON_PARSERS
    pagination_class = None
    filter_backends: list[Any] = []
    lookup_value_regex = r"[0-9]{1,9}"

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action == "dry_run":
            return [permissions.IsAuthenticated(), OverseesRouting()]
        return [permissions.IsAuthenticated(), ReadsRoutingConfig(), AdminWritesOnly()]

    @extend_schema(
        summary="Create a routing rule",
        description="Added last unless a position is given. The engine checks it before it is saved.",
        request=RuleSerializer,
        responses={201: RuleSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = routing_rule_save(actor=actor_of(request), fields=dict(serializer.validated_data))
        return Response(self.get_serializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace a routing rule",
        parameters=[RULE_LOOKUP],
        request=RuleSerializer,
        responses={200: RuleSerializer, **ERRORS},
    )
    def update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=False)

    @extend_schema(
        summary="Change a routing rule",
        parameters=[RULE_LOOKUP],
        request=RuleSerializer,
        responses={200: RuleSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        rule = self.get_object()
        serializer = self.get_serializer(rule, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        rule = routing_rule_save(actor=actor_of(request), rule=rule, fields=dict(serializer.validated_data))
        return Response(self.get_serializer(rule).data)

    @extend_schema(summary="Delete a routing rule", parameters=[RULE_LOOKUP], responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str) -> Response:
        routing_rule_delete(actor=actor_of(request), rule=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Reorder the routing rules",
        description="Numbers the rules 1, 2, 3... in the order given; list every rule exactly once.",
        request=RuleReorderSerializer,
        responses={200: RuleSerializer(many=True), **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request: Request) -> Response:
        serializer = RuleReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rules = routing_rules_reorder(actor=actor_of(request), order=serializer.validated_data["order"])
        return Response(self.get_serializer(rules, many=True).data)

    @extend_schema(
        summary="Try the rules on a ticket",
        description=(
            "What routing would decide for the ticket now, with the saved active rules and, if given, "
            "a candidate rule (replacing the rule `replaces`). Writes nothing. Supervisors and admins."
        ),
        request=DryRunRequestSerializer,
        responses={200: DryRunSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="dry-run", url_name="dry-run")
    def dry_run(self, request: Request) -> Response:
        serializer = DryRunRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = ticket_for_agent(request.user, data["ticket"])
        replaces = data.get("replaces")
        try:
            result = routing_dry_run(
                ticket=ticket, candidate=data.get("rule"), replaces=replaces.pk if replaces else None
            )
        except RuleError as exc:
            raise exceptions.ValidationError({"detail": [str(exc)]}) from None
        body = {
            "decision": {**result.decision.as_dict(), "team_name": result.team_name},
            "facts": result.facts,
        }
        return Response(DryRunSerializer(body).data)


# --- Presence -------------------------------------------------------------------------------------


def _presence_body(status_row: AgentStatus | None) -> dict[str, Any]:
    return {
        "presence": effective_presence(status_row, timezone.now()),
        "last_seen_at": status_row.last_seen_at if status_row else None,
    }


class PresenceView(APIView):
    """The signed-in agent's own presence; routing offers work only to agents who are online."""

    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Show my presence",
        description="Offline when the workspace stopped sending heartbeats, whatever was last set.",
        responses={200: PresenceSerializer, 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        row = AgentStatus.objects.filter(user=actor_of(request)).first()
        return Response(PresenceSerializer(_presence_body(row)).data)

    @extend_schema(
        summary="Set my presence",
        request=PresenceSerializer,
        responses={200: PresenceSerializer, 400: ERRORS[400], 401: ERRORS[401]},
    )
    def put(self, request: Request) -> Response:
        serializer = PresenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = agent_presence_set(user=actor_of(request), presence=serializer.validated_data["presence"])
        return Response(PresenceSerializer(_presence_body(row)).data)


class PresenceHeartbeatView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Send a heartbeat",
        description="The workspace calls this while it is open; without it presence lapses to offline.",
        request=None,
        responses={200: PresenceSerializer, 401: ERRORS[401]},
    )
    def post(self, request: Request) -> Response:
        row = agent_heartbeat(user=actor_of(request))
        return Response(PresenceSerializer(_presence_body(row)).data)


# --- Agents overview ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List agents with presence and load",
        description="Each active agent: presence, teams, capacity and open work. Supervisors and admins.",
        responses={
            200: AgentOverviewSerializer(many=True),
            400: ERRORS[400],
            401: ERRORS[401],
            403: ERRORS[403],
        },
    ),
)
class AgentOverviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AgentOverviewSerializer
    permission_classes = [permissions.IsAuthenticated, OverseesRouting]
    filterset_class = AgentFilter

    def get_queryset(self) -> Any:
        return (
            User.objects.filter(is_active=True)
            .select_related("agent_status")
            .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("tier", "name")))
        )

    def list(self, request: Request) -> Response:
        users = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert users is not None  # the default pagination is always on here
        loads = agent_load([u.pk for u in users])
        now = timezone.now()
        rows = []
        for user in users:
            row = getattr(user, "agent_status", None)
            teams = list(user.teams.all())
            chats, tickets = loads[user.pk]
            rows.append(
                {
                    "id": user.pk,
                    "username": user.username,
                    "name": user.display_name,
                    "role": user.role,
                    "presence": effective_presence(row, now),
                    "last_seen_at": row.last_seen_at if row else None,
                    "teams": teams,
                    "capacity": asdict(agent_capacity(user, row, teams)),
                    "load": {"chats": chats, "tickets": tickets},
                }
            )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
