"""/api/assistant/: what tier 0 read and did on a ticket's messages, and an agent's correction of the
intent (which joins the example bank). Agents who may see the ticket, partner agents included, with
addresses masked for them (assistant.access). tests/assistant/test_access_table.py walks every role."""

from typing import cast

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from assistant.access import assessment_for_agent, tier0_masked
from assistant.display import assessment_view, assessments_view
from assistant.serializers import AssessmentSerializer, CorrectionSerializer
from assistant.services import assessment_correct
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.busy import busy_refused
from helpdesk.parsing import parse_id
from tickets.access import ticket_for_agent
from tickets.models import parse_reference

# A ticket has one assessment per customer message tier 0 read; more than this is read on the timeline.
LIST_LIMIT = 50
ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description="Invalid input, or not read by tier 0; nothing written."
    ),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    404: OpenApiResponse(ErrorSerializer, description="No such assessment on a ticket you may see."),
    503: OpenApiResponse(ErrorSerializer, description="The assessment is busy; nothing was written. Retry."),
}
TICKET = OpenApiParameter(
    "ticket", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id or reference: 123 or HD-000123."
)
# Named as the document names the path parameter (drf-spectacular writes `pk` as `id`).
ASSESSMENT = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Assessment id.")


class TicketAssessmentsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="List what tier 0 read and did on a ticket's messages",
        description=(
            "Newest first: language, intent and its group, confidence against the intent's calibrated "
            "threshold, the top three intents, specialty, priority, the distress and social-engineering "
            "flags with their reasons, mentions, the decision and why, the article or the exchange's "
            "facts it answered with, the reply sent, the customer's outcome and any agent's correction."
        ),
        parameters=[TICKET],
        responses={
            200: AssessmentSerializer(many=True),
            401: ERRORS[401],
            404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
        },
        tags=["assistant"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        pk = parse_reference(ticket)
        if pk is None:
            raise Http404(gettext("No such ticket"))
        found = ticket_for_agent(request.user, pk)
        return Response(
            AssessmentSerializer(assessments_view(found, request.user, limit=LIST_LIMIT), many=True).data
        )


class AssessmentCorrectionView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Correct the intent tier 0 read",
        description=(
            "Any agent who may see the ticket. The correction is kept on the assessment, the timeline "
            "and the audit log, and the message joins the example bank (`manage.py tier0_train`). "
            "Correcting again replaces the earlier correction."
        ),
        parameters=[ASSESSMENT],
        request=CorrectionSerializer,
        responses={200: AssessmentSerializer, **ERRORS},
        tags=["assistant"],
    )
    def post(self, request: Request, pk: str) -> Response:
        assessment_id = parse_id(pk)
        if assessment_id is None:
            raise Http404(gettext("No such assessment"))
        assessment = assessment_for_agent(request.user, assessment_id)
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with busy_refused():
            corrected = assessment_correct(
                assessment=assessment,
                intent=serializer.validated_data["intent"],
                actor=cast(User, request.user),
            )
        fresh = assessment_for_agent(request.user, corrected.pk)
        return Response(AssessmentSerializer(assessment_view(fresh, masked=tier0_masked(request.user))).data)
