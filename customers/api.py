"""/api/customers/: the exchange's users as the helpdesk knows them."""

from typing import Any, cast

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from approvals.risk_gate import customer_risk_high, risk_blocked_message
from customers.access import customer_editable, pii_revealable
from customers.models import Customer, KycStatus, VipLevel
from customers.serializers import (
    ContactDetailsSerializer,
    ContactRevealSerializer,
    CustomerSerializer,
    CustomerWriteSerializer,
)
from customers.services import (
    customer_contact_revealed,
    customer_contact_shown,
    customer_upsert,
    customer_viewed,
)
from helpdesk.api import JSON_PARSERS, ErrorSerializer
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id
from tickets.access import customer_for_agent, customers_visible_to

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such customer, or not one you may see."),
}
CUSTOMER_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Customer id.")
EXTERNAL_ID = OpenApiParameter(
    "external_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The exchange's user id."
)


class CustomerFilter(django_filters.FilterSet):
    vip_level = django_filters.ChoiceFilter(choices=VipLevel.choices)
    kyc_status = django_filters.ChoiceFilter(choices=KycStatus.choices)
    language = django_filters.CharFilter(max_length=16)
    region = django_filters.CharFilter(lookup_expr="iexact", max_length=8)
    email = django_filters.CharFilter(max_length=254, help_text="Exact address.")
    external_id = django_filters.CharFilter(max_length=64)

    class Meta:
        model = Customer
        fields: list[str] = []


def _customer_id(value: str) -> int:
    pk = parse_id(value)
    if pk is None:
        raise Http404(_("No such customer"))
    return pk


@extend_schema_view(
    list=extend_schema(
        summary="List customers",
        description="Newest first. Contact details are always masked here: there is no bulk export.",
        responses={200: CustomerSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
    ),
)
class CustomerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Customer.objects.none()
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    parser_classes = JSON_PARSERS
    lookup_value_regex = r"[^/.]+"
    http_method_names = ["get", "put", "patch", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return customers_visible_to(self.request.user)

    def get_object(self) -> Customer:
        # DRF's OPTIONS answer calls get_object() on every route, by-external-id's included.
        if "external_id" in self.kwargs:
            customer = self.get_queryset().filter(external_id=self.kwargs["external_id"]).first()
            if customer is None:
                raise Http404(_("No such customer"))
            return cast(Customer, customer)
        return customer_for_agent(self.request.user, _customer_id(self.kwargs["pk"]))

    def _single(self, customer: Customer, *, status_code: int = status.HTTP_200_OK) -> Response:
        """One customer, unmasked (and audited) only for the roles that see contact details."""
        contact = customer_contact_shown(customer=customer, actor=self.request.user)
        context = {**self.get_serializer_context(), "contacts": {customer.pk: contact}}
        return Response(CustomerSerializer(customer, context=context).data, status=status_code)

    def _require_editable(self) -> None:
        if not customer_editable(self.request.user):
            raise exceptions.PermissionDenied(_("Customer records are kept by the exchange and supervisors."))

    @extend_schema(
        summary="Show a customer",
        description="Supervisors and admins see contact details unmasked; each such view is audited.",
        parameters=[CUSTOMER_ID],
        responses={200: CustomerSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        customer_viewed(customer=customer, actor=request.user, path=request.path)
        return self._single(customer)

    @extend_schema(
        summary="Change a customer",
        description="Only the fields sent change. Supervisors and admins only.",
        parameters=[CUSTOMER_ID],
        request=CustomerWriteSerializer,
        responses={200: CustomerSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        self._require_editable()
        customer = self.get_object()
        serializer = CustomerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = {k: v for k, v in serializer.validated_data.items() if k in ("email", "phone")}
        if any(getattr(customer, k) != v for k, v in contact.items()) and customer_risk_high(customer):
            raise DomainError(risk_blocked_message(), code="forbidden")
        customer, _created = customer_upsert(
            external_id=customer.external_id, actor=request.user, **serializer.validated_data
        )
        return self._single(customer)

    @extend_schema(
        methods=["GET"],
        summary="Find a customer by the exchange's user id",
        parameters=[EXTERNAL_ID],
        responses={200: CustomerSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Create or update a customer by the exchange's user id",
        description=(
            "How the exchange's backend pushes a customer's status. Creates the customer if the id is "
            "new (201), else changes the fields sent (200); fields left out keep their value."
        ),
        parameters=[EXTERNAL_ID],
        request=CustomerWriteSerializer,
        responses={200: CustomerSerializer, 201: CustomerSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get", "put"], url_path=r"by-external-id/(?P<external_id>[^/]+)")
    def by_external_id(self, request: Request, external_id: str) -> Response:
        if request.method == "GET":
            return self._single(self.get_object())
        self._require_editable()
        serializer = CustomerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer, created = customer_upsert(
            external_id=external_id, actor=request.user, **serializer.validated_data
        )
        return self._single(customer, status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="Reveal a customer's contact details",
        description="Needs a reason, which the audit log keeps. Agents of partner teams may not.",
        parameters=[CUSTOMER_ID],
        request=ContactRevealSerializer,
        responses={200: ContactDetailsSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        if not pii_revealable(request.user):
            raise DomainError(_("your role may not see this customer's contact details"), code="forbidden")
        if customer_risk_high(customer):
            raise DomainError(risk_blocked_message(), code="forbidden")
        serializer = ContactRevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shown = customer_contact_revealed(
            customer=customer, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(ContactDetailsSerializer(shown).data)
