"""/api/bulk/jobs/: start a bulk action on tickets by id, and read its progress and per-ticket outcomes."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from bulk.access import job_for_user
from bulk.models import Action, BulkJob, Outcome
from bulk.services import MAX_TICKETS, bulk_job_create, bulk_job_start
from helpdesk.api import ErrorSerializer

PROBLEMS_SHOWN = 1000


class BulkJobCreateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    tickets = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=MAX_TICKETS,
        help_text="Ticket ids; one you may not change is reported as skipped.",
    )
    params = serializers.DictField(
        required=False,
        default=dict,
        help_text=(
            "assign: assignee and/or team (ids); team: team; status: status; priority: priority (1-4); "
            "add_tags, remove_tags: tags (list); macro: macro (id), reply (bool); merge: target (ticket id), "
            "confirm_other_customer (bool, supervisors and admins)."
        ),
    )


class ProblemSerializer(serializers.Serializer):
    ticket = serializers.IntegerField(source="ticket_id")
    outcome = serializers.CharField()
    reason = serializers.CharField()


class BulkJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    params = serializers.DictField()
    state = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    skipped = serializers.IntegerField()
    failed = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    problems = ProblemSerializer(many=True, help_text="Tickets skipped or failed, with the reason.")


def _data(job: BulkJob) -> dict[str, Any]:
    problems = job.items.exclude(outcome__in=(Outcome.PENDING, Outcome.DONE)).order_by("id")[:PROBLEMS_SHOWN]
    fields = (
        "id",
        "action",
        "params",
        "state",
        "total",
        "done",
        "skipped",
        "failed",
        "created_at",
        "finished_at",
    )
    return {**{f: getattr(job, f) for f in fields}, "problems": list(problems)}


def _staff(request: Request) -> Any:
    if getattr(request.user, "role", None) == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return request.user


class BulkJobListView(APIView):
    @extend_schema(
        summary="Start a bulk action",
        description=(
            "Each ticket goes through the single-ticket change with your access: up to 50 run now (201, "
            "finished), more in the background (202, follow the job)."
        ),
        request=BulkJobCreateSerializer,
        responses={
            201: BulkJobSerializer,
            202: BulkJobSerializer,
            400: OpenApiResponse(ErrorSerializer, description="A bad action, parameter or selection."),
            401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
            403: OpenApiResponse(ErrorSerializer, description="Auditors make no changes."),
        },
        tags=["bulk"],
    )
    def post(self, request: Request) -> Response:
        actor = _staff(request)
        body = BulkJobCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = bulk_job_create(
            actor=actor,
            action=body.validated_data["action"],
            params=body.validated_data["params"],
            ticket_ids=body.validated_data["tickets"],
        )
        job = bulk_job_start(job=job)
        job.refresh_from_db()
        finished = job.state == "finished"
        return Response(
            BulkJobSerializer(_data(job)).data,
            status=status.HTTP_201_CREATED if finished else status.HTTP_202_ACCEPTED,
        )


class BulkJobDetailView(APIView):
    @extend_schema(
        summary="A bulk action's progress",
        responses={
            200: BulkJobSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
            404: OpenApiResponse(ErrorSerializer, description="No such job, or not yours."),
        },
        tags=["bulk"],
    )
    def get(self, request: Request, pk: int) -> Response:
        job = job_for_user(_staff(request), pk)
        return Response(BulkJobSerializer(_data(job)).data)
