"""/api/audit/: the audit log's events with the log page's filters, and signed exports (auditors and
admins). Query and body are read by audit.forms, the page's own parser, so both mean the same."""

from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from audit.access import may_export_audit, may_read_audit_log
from audit.export import ExportTooLarge, export_build
from audit.forms import EventFilterForm, ExportForm
from audit.models import AuditEvent
from audit.querysets import events_matching
from helpdesk.api import JSON_PARSERS, CursorPagination, ErrorSerializer, StrictFieldsMixin

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid filter or scope; nothing was exported."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Only auditors and admins read the audit log."),
}


class AuditReader(permissions.BasePermission):
    message = "Only auditors and admins read the audit log."

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_audit_log(request.user)


class AuditExporter(permissions.BasePermission):
    message = "Only auditors and admins export the audit log."

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_export_audit(request.user)


class AuditEventSerializer(serializers.ModelSerializer):
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id", "created_at", "actor_id", "actor_label", "action", "object_type", "object_id",
            "object_repr", "before", "after", "ip", "reason",
        ]  # fmt: skip


class ExportRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    """Documentation of the body; audit.forms.ExportForm reads it."""

    ticket = serializers.CharField(required=False, help_text="A ticket reference such as HD-000123.")
    # "from" is a Python keyword, so the serializer declares it under another name and renames it below.
    from_ = serializers.DateField(required=False, help_text="The period's first day (YYYY-MM-DD).")
    to = serializers.DateField(required=False, help_text="The period's last day, included.")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


def _form_errors(form: EventFilterForm | ExportForm) -> ValidationError:
    errors = {("detail" if k == "__all__" else k): [str(m) for m in v] for k, v in form.errors.items()}
    return ValidationError(errors)


FILTERS = [
    OpenApiParameter("ticket", OpenApiTypes.STR, description="Events about this case: HD-000123."),
    OpenApiParameter("actor", OpenApiTypes.STR, description="A username, or a label such as system:mail."),
    OpenApiParameter(
        "action", OpenApiTypes.STR, description="Actions starting with this: ticket., approvals."
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD, your time zone)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included."),
]


class AuditEventListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated, AuditReader]
    serializer_class = AuditEventSerializer
    pagination_class = CursorPagination
    filter_backends: list[Any] = []

    @extend_schema(
        summary="List audit events",
        description="Auditors and admins; newest first, paged by cursor.",
        parameters=FILTERS,
        responses={200: AuditEventSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEvent]:
        query = self.request.query_params.copy()
        # The page's keyset parameter; the API pages with its cursor.
        query.pop("before", None)
        form = EventFilterForm(query)
        if not form.is_valid():
            raise _form_errors(form)
        return events_matching(form.event_filter())


class AuditExportView(APIView):
    permission_classes = [permissions.IsAuthenticated, AuditExporter]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Take a signed export",
        description=(
            "A ticket, or a period (both days included): the signed JSON record described in "
            "docs/audit.md, checked offline with `python -m audit.verify_export`. The export is audited."
        ),
        request=ExportRequestSerializer,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The signed export."), **ERRORS},
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": [_("Send a JSON object.")]})
        unknown = sorted(set(request.data) - {"ticket", "from", "to"})
        if unknown:
            raise ValidationError({name: [_("Unknown field.")] for name in unknown})
        # A ticket may be given by its id as a number; everything else is text.
        values = {
            k: str(v) if k == "ticket" and type(v) is int else v
            for k, v in request.data.items()
            if v is not None
        }
        if any(not isinstance(v, str) for v in values.values()):
            raise ValidationError(
                {k: [_("Must be a string.")] for k, v in values.items() if not isinstance(v, str)}
            )
        form = ExportForm(values)
        if not form.is_valid():
            raise _form_errors(form)
        try:
            document = export_build(
                scope=form.scope(), actor=cast(User, request.user), limit=settings.AUDIT_EXPORT_MAX_EVENTS
            )
        except ExportTooLarge as exc:
            raise ValidationError({"detail": [str(exc)]}) from None
        return Response(document)
