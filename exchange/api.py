"""/api/exchange/: the customer's live exchange state beside a ticket, as JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from exchange.panel import exchange_panel_data
from exchange.serializers import ExchangePanelSerializer
from exchange.views import panel_subject
from helpdesk.api import ErrorSerializer


class TicketExchangePanelView(APIView):
    @extend_schema(
        operation_id="exchange_ticket_panel",
        summary="The ticket's customer at the exchange",
        description=(
            "Account state, recent deposits and withdrawals, deposit addresses, network warnings and (for "
            "in-house staff) security events, read live from the exchange. A section the exchange cannot "
            "give now holds its last known value marked stale with its age, or null with the error."
        ),
        parameters=[
            OpenApiParameter("ticket", OpenApiTypes.INT, OpenApiParameter.PATH, description="Ticket id.")
        ],
        responses={
            200: ExchangePanelSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
            403: OpenApiResponse(ErrorSerializer, description="Your role may not see the exchange panel."),
            404: OpenApiResponse(ErrorSerializer, description="No such ticket, or not one you may see."),
        },
        tags=["exchange"],
    )
    def get(self, request: Request, ticket: str) -> Response:
        external_id, unmasked = panel_subject(request.user, ticket, path=request.path)
        data = exchange_panel_data(external_id, unmasked=unmasked)
        return Response(ExchangePanelSerializer(data).data)
