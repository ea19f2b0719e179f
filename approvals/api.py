"""/api/approvals/: requests for high-risk actions, their decisions and cancellation, and the policies.

Every write is a call to approvals.services; who may read, request, decide and edit is approvals.access.
A refusal by the rules answers 403 when the caller may not do it at all and 409 when the request's state
does not allow it, with the service's `code` (self_approval, evidence_missing, duplicate, ...).
"""

from typing import Any, cast

import django_filters
from django.core.validators import RegexValidator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from approvals.access import (
    may_cancel,
    may_edit_policies,
    may_read_approvals,
    may_request,
    requests_visible_to,
)
from approvals.models import ActionKind, ApprovalRequest, RequestStatus, Verdict
from approvals.queue import for_rows, policy_table
from approvals.second_factor import SecondFactorRefused, second_factor_confirm
from approvals.serializers import (
    ApprovalCancelSerializer,
    ApprovalDecisionCreateSerializer,
    ApprovalPolicySaveSerializer,
    ApprovalPolicySerializer,
    ApprovalRequestCreateSerializer,
    ApprovalRequestSerializer,
)
from approvals.services import (
    ApprovalRefused,
    approval_cancel,
    approval_decide,
    approval_policy_save,
    approval_request_create,
)
from approvals.views import NOT_ALLOWED
from audit.context import audit_reason
from customers.contacts import MASKED, contact_mask_for
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.busy import busy_refused
from helpdesk.parsing import parse_id
from tickets.access import ticket_for_agent
from tickets.models import parse_reference

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="You may not do this (the `code` says why)."),
    404: OpenApiResponse(ErrorSerializer, description="No such request, or not one you may see."),
    409: OpenApiResponse(
        ErrorSerializer, description="The request's state or the rules do not allow it now; nothing written."
    ),
    503: OpenApiResponse(ErrorSerializer, description="Busy for a moment; nothing was written. Retry."),
}
REQUEST_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Request id.")
TAGS = ["approvals"]


class Refused(exceptions.APIException):
    status_code: int = status.HTTP_409_CONFLICT
    default_detail = "Refused."
    default_code = "refused"


def refused(exc: ApprovalRefused | SecondFactorRefused) -> exceptions.APIException:
    """The service's refusal in the API's error shape, with its code."""
    error = Refused(detail=exc.message, code=exc.code)
    if exc.code in NOT_ALLOWED or exc.code == "second_factor_missing":
        error.status_code = status.HTTP_403_FORBIDDEN
    elif isinstance(exc, SecondFactorRefused):
        error.status_code = status.HTTP_400_BAD_REQUEST
    return error


def _user(request: Request) -> User:
    return cast(User, request.user)


class ApprovalRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    action = django_filters.ChoiceFilter(choices=ActionKind.choices)
    ticket = django_filters.CharFilter(
        method="filter_ticket",
        max_length=32,
        validators=[RegexValidator(r"^\s*([A-Za-z]+-)?[0-9]{1,18}\s*$", "Use a ticket id or HD-000123.")],
        help_text="Ticket id or reference: 123 or HD-000123.",
    )

    class Meta:
        model = ApprovalRequest
        fields = ["status", "action", "ticket"]

    def filter_ticket(self, queryset: Any, name: str, value: str) -> Any:
        pk = parse_reference(value)
        return queryset.filter(ticket_id=pk) if pk is not None else queryset.none()


def _fresh(user: Any, pk: int) -> ApprovalRequest:
    try:
        return for_rows(requests_visible_to(user)).get(pk=pk)
    except ApprovalRequest.DoesNotExist:
        raise Http404(_("No such approval request")) from None


@extend_schema_view(
    list=extend_schema(
        summary="List approval requests",
        description=(
            "Newest first: the requests you may see (on tickets you may see, and for the actions you may "
            "approve). Customer emails are masked here; a single request shows them as your role may."
        ),
        responses={200: ApprovalRequestSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
        tags=TAGS,
    ),
)
class ApprovalRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ApprovalRequest.objects.none()
    serializer_class = ApprovalRequestSerializer
    filterset_class = ApprovalRequestFilter
    parser_classes = JSON_PARSERS
    lookup_value_regex = r"[^/.]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return for_rows(requests_visible_to(self.request.user))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "contact_mask": MASKED}

    def get_object(self) -> ApprovalRequest:
        pk = parse_id(self.kwargs["pk"])
        if pk is None:
            raise Http404(_("No such approval request"))
        return _fresh(self.request.user, pk)

    def _shown(self, approval: ApprovalRequest) -> dict[str, Any]:
        mask = contact_mask_for(
            actor=self.request.user, customers=[approval.customer], why="approval request"
        )
        return dict(ApprovalRequestSerializer(approval, context={"contact_mask": mask}).data)

    @extend_schema(
        summary="Show an approval request",
        description="Everything about it: the evidence, the risk facts with their sources, the decisions.",
        parameters=[REQUEST_ID],
        responses={200: ApprovalRequestSerializer, 401: ERRORS[401], 404: ERRORS[404]},
        tags=TAGS,
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._shown(self.get_object()))

    @extend_schema(
        summary="Request a high-risk action",
        description=(
            "From a ticket you may work on. The action's policy for the customer's VIP level says whether it "
            "may be requested and what evidence it needs; the risk is assessed as it is made."
        ),
        request=ApprovalRequestCreateSerializer,
        responses={201: ApprovalRequestSerializer, **ERRORS},
        tags=TAGS,
    )
    def create(self, request: Request) -> Response:
        body = ApprovalRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ticket_pk = parse_reference(data["ticket"])
        if ticket_pk is None:
            raise exceptions.ValidationError(
                {"ticket": [_("Use a ticket id or a reference like HD-000123.")]}
            )
        ticket = ticket_for_agent(request.user, ticket_pk)
        if not may_request(request.user, ticket):
            raise exceptions.PermissionDenied(_("You may not request actions on this ticket."))
        try:
            with busy_refused():
                made = approval_request_create(
                    ticket=ticket,
                    actor=_user(request),
                    action=data["action"],
                    reason=data["reason"],
                    evidence={value: True for value in data.get("evidence") or []},
                    params=body.params_as_text(),
                )
        except ApprovalRefused as exc:
            raise refused(exc) from None
        location = request.build_absolute_uri(reverse("api:approvals-api:request-detail", args=[made.pk]))
        return Response(
            self._shown(_fresh(request.user, made.pk)),
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    @extend_schema(
        summary="Approve or reject a request",
        description=(
            "By someone other than the requester who holds the action's approval permission (and, when "
            "the risk is high, for the last approval needed, a member of the security team). Approving "
            "takes `otp`, a current code from your authenticator app, when you have one, and always when "
            "staff must use a second factor."
        ),
        parameters=[REQUEST_ID],
        request=ApprovalDecisionCreateSerializer,
        responses={200: ApprovalRequestSerializer, **ERRORS},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str) -> Response:
        approval = self.get_object()
        body = ApprovalDecisionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        approve = body.validated_data["verdict"] == Verdict.APPROVE
        try:
            device = (
                second_factor_confirm(user=request.user, code=body.validated_data["otp"]) if approve else ""
            )
            with busy_refused():
                approval_decide(
                    request=approval,
                    actor=_user(request),
                    approve=approve,
                    note=body.validated_data["note"],
                    second_factor=device,
                )
        except (ApprovalRefused, SecondFactorRefused) as exc:
            raise refused(exc) from None
        return Response(self._shown(_fresh(request.user, approval.pk)))

    @extend_schema(
        summary="Cancel a request",
        description=(
            "The requester, a supervisor or an admin, while it waits (not once it went to the exchange)."
        ),
        parameters=[REQUEST_ID],
        request=ApprovalCancelSerializer,
        responses={200: ApprovalRequestSerializer, **ERRORS},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        approval = self.get_object()
        body = ApprovalCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not may_cancel(request.user, approval):
            raise Refused(detail="This request can no longer be cancelled by you.", code="not_cancellable")
        try:
            with busy_refused():
                approval_cancel(request=approval, actor=_user(request), note=body.validated_data["note"])
        except ApprovalRefused as exc:
            raise refused(exc) from None
        return Response(self._shown(_fresh(request.user, approval.pk)))


class PolicyView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="List the approval policies",
        description=(
            "Every action's policy for every level (vip_level blank) and each VIP level's own; `saved` "
            "false is the built-in default. Admins, supervisors, approvers and auditors."
        ),
        responses={200: ApprovalPolicySerializer(many=True), 401: ERRORS[401], 403: ERRORS[403]},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        if not (may_read_approvals(request.user) or may_edit_policies(request.user)):
            raise exceptions.PermissionDenied(
                _("The approval policies are for approvers, supervisors and admins.")
            )
        found = []
        for row in policy_table():
            found.append(ApprovalPolicySerializer.of(row["every"]))
            # Levels without a policy of their own follow the every-level one and are not listed.
            found.extend(ApprovalPolicySerializer.of(policy) for _level, policy in row["levels"] if policy)
        return Response(ApprovalPolicySerializer(found, many=True).data)

    @extend_schema(
        summary="Change an approval policy",
        description=(
            "Admins. Creates the level's own policy if it has none (starting from what applied), changes "
            "the fields sent, and records the change with `reason` in the audit log."
        ),
        request=ApprovalPolicySaveSerializer,
        responses={
            200: ApprovalPolicySerializer,
            **{k: v for k, v in ERRORS.items() if k in (400, 401, 403, 503)},
        },
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        if not may_edit_policies(request.user):
            raise exceptions.PermissionDenied(_("Only admins change approval policies."))
        body = ApprovalPolicySaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        reason = data.pop("reason")
        target = {"action": data.pop("action"), "vip_level": data.pop("vip_level")}
        with audit_reason(reason), busy_refused():
            policy = approval_policy_save(actor=_user(request), **target, **data)
        return Response(ApprovalPolicySerializer(ApprovalPolicySerializer.of(policy)).data)
