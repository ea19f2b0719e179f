"""/api/notifications/: the caller's own notifications, their unread count, and marking them read."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User
from helpdesk.api import ErrorSerializer
from notifications.models import Kind
from notifications.presenting import describe, link
from notifications.querysets import PAGE, recent_for, unread_count
from notifications.services import notifications_mark_read

UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Auditors have no notifications.")
MAX_IDS = 500


def _staff(request: Request) -> User:
    user = cast(User, request.user)
    if user.role == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return user


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    ticket = serializers.IntegerField(help_text="The case's id.")
    text = serializers.CharField(help_text="One line in your language: the case's reference and who acted.")
    url = serializers.CharField(help_text="The page to open: the case, or the approval request.")
    actor = serializers.IntegerField(allow_null=True, help_text="Who acted; null for the system.")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationListSerializer(serializers.Serializer):
    results = NotificationSerializer(many=True)
    unread = serializers.IntegerField()


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=MAX_IDS,
        help_text="Your notifications to mark read; ids that are not yours are ignored.",
    )
    all = serializers.BooleanField(required=False, default=False, help_text="Mark every one read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("all") and not attrs.get("ids"):
            raise serializers.ValidationError(_("Give the ids to mark read, or all: true."))
        return attrs


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


def _row(n: Any) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "ticket": n.ticket_id,
        "text": describe(n),
        "url": link(n),
        "actor": n.actor_id,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


class NotificationListView(APIView):
    @extend_schema(
        summary="Your newest notifications",
        description=f"The newest {PAGE}, newest first, with your unread count.",
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.BOOL, OpenApiParameter.QUERY, description="Only the unread ones."
            )
        ],
        responses={200: NotificationListSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        user = _staff(request)
        unread_only = request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        rows = [_row(n) for n in recent_for(user, unread_only=unread_only)]
        return Response(NotificationListSerializer({"results": rows, "unread": unread_count(user)}).data)


class UnreadCountView(APIView):
    @extend_schema(
        summary="Your unread count",
        responses={200: UnreadSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": unread_count(_staff(request))})


class MarkReadView(APIView):
    @extend_schema(
        summary="Mark notifications read",
        request=MarkReadSerializer,
        responses={
            200: MarkedSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Neither ids nor all given, or a bad id."),
            401: UNAUTHORIZED,
            403: FORBIDDEN,
        },
        tags=["notifications"],
    )
    def post(self, request: Request) -> Response:
        user = _staff(request)
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = None if body.validated_data.get("all") else body.validated_data["ids"]
        marked = notifications_mark_read(user=user, ids=ids)
        return Response({"marked": marked, "unread": unread_count(user)})
