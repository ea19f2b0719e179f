"""Query-string filters of the ticket list API."""

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from helpdesk.parsing import parse_id, parse_int
from tickets.models import Category, Channel, Priority, Status, Ticket, Tier, parse_reference
from tickets.querysets import TicketQuerySet

PRIORITY_NAMES = [(p.name.lower(), p.label) for p in Priority]


class QueueName:
    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    VIP = "vip"
    ALL = "all"
    choices = [
        (MINE, "Unresolved tickets assigned to me"),
        (TEAM, "Unresolved tickets of my teams"),
        (UNASSIGNED, "Unresolved tickets nobody is assigned to"),
        (VIP, "Unresolved tickets of VIP customers"),
        (ALL, "Every ticket"),
    ]


class _IdField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        # forms.IntegerField would read '٣' as 3, another row than the one asked for.
        number = parse_int(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """An exact match on an integer id; anything else is a 400, not a database error."""

    field_class = _IdField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class _UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            # PostgreSQL refuses UTC offsets past 15:59 that Python accepts (up to 23:59).
            return parsed.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(_("This date and time is out of range."), code="overflow") from None


@extend_schema_field(OpenApiTypes.DATETIME)
class DateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time compared in UTC, whatever offset it was written with."""

    field_class = _UtcDateTimeField


class TicketFilter(django_filters.FilterSet):
    # No DISTINCT: these filter the ticket row itself, and DISTINCT over a wide row costs a sort.
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        distinct=False,
        help_text="Repeat to match any of several: ?status=new&status=open",
    )
    priority = django_filters.MultipleChoiceFilter(
        choices=PRIORITY_NAMES,
        distinct=False,
        method="filter_priority",
        help_text="By name; repeat for several.",
    )
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    tier = django_filters.TypedChoiceFilter(choices=Tier.choices, coerce=int)
    team = IdFilter(field_name="team_id", help_text="Team id.")
    assignee = extend_schema_field(OpenApiTypes.STR)(
        django_filters.CharFilter(
            method="filter_assignee",
            validators=[RegexValidator(r"^(me|none|[1-9][0-9]{0,17})$", "Use an agent id, me or none.")],
            help_text="An agent id, `me` or `none` (unassigned).",
        )
    )
    customer = IdFilter(field_name="customer_id", help_text="Customer id.")
    customer_external_id = django_filters.CharFilter(
        field_name="customer__external_id", max_length=64, help_text="The exchange's user id."
    )
    tag = django_filters.CharFilter(field_name="tags__name", max_length=50)
    reference = django_filters.CharFilter(
        method="filter_reference",
        max_length=32,
        validators=[RegexValidator(r"^\s*([A-Za-z]+-)?[0-9]{1,18}\s*$", "Use a reference like HD-000123.")],
        help_text="A ticket reference such as HD-000123.",
    )
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    queue = django_filters.ChoiceFilter(choices=QueueName.choices, method="filter_queue")

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_priority(self, queryset: TicketQuerySet, name: str, value: list[str]) -> TicketQuerySet:
        if not value:
            return queryset
        return queryset.filter(priority__in=[Priority[v.upper()].value for v in value])

    def filter_assignee(self, queryset: TicketQuerySet, name: str, value: str) -> TicketQuerySet:
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=parse_id(value))

    def filter_reference(self, queryset: TicketQuerySet, name: str, value: str) -> TicketQuerySet:
        pk = parse_reference(value)
        return queryset.filter(pk=pk) if pk is not None else queryset.none()

    def filter_queue(self, queryset: TicketQuerySet, name: str, value: str) -> TicketQuerySet:
        return queryset.queue(value, self.request.user)
