"""/api/costs/rates/: the hourly costs of teams and agents, read by supervisors and admins, entered by
admins through costs.services.cost_rate_set (validated and audited like the page)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from costs.access import costs_editable, costs_readable
from costs.models import CostRate
from costs.serializers import CostRateCreateSerializer, CostRateSerializer
from costs.services import cost_rate_set
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from routing.models import Team

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
}


class CostRateListView(generics.ListAPIView[CostRate]):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS
    serializer_class = CostRateSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[CostRate]:
        if not costs_readable(self.request.user):
            raise PermissionDenied(_("Only supervisors and admins read hourly costs."))
        return CostRate.objects.select_related("team", "created_by")

    @extend_schema(
        summary="List hourly costs",
        description="Supervisors and admins; every cost ever entered, newest first, paged by cursor.",
        responses={200: CostRateSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Enter an hourly cost",
        description=(
            "Admins. A team's or an agent's fully loaded hourly cost from a date until the next one for "
            "the same team or agent; past months are closed and one date holds one cost. Audited."
        ),
        request=CostRateCreateSerializer,
        responses={201: CostRateSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        if not costs_editable(request.user):
            raise PermissionDenied(_("Only admins enter hourly costs."))
        serializer = CostRateCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = agent = None
        if "team" in data:
            team = Team.objects.filter(pk=data["team"]).first()
            if team is None:
                raise ValidationError({"team": [_("No such team.")]})
        if "agent" in data:
            agent = User.objects.filter(pk=data["agent"], is_active=True).first()
            if agent is None:
                raise ValidationError({"agent": [_("No such agent.")]})
        rate = cost_rate_set(
            actor=request.user,
            team=team,
            agent=agent,
            hourly_cost=data["hourly_cost"],
            effective_from=data["effective_from"],
        )
        return Response(CostRateSerializer(rate).data, status=status.HTTP_201_CREATED)
