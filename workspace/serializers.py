"""Tickets and timeline entries as the API shows and accepts them.

Priority travels as its name ("urgent"), never as the number stored in the database.
"""

import functools
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, connections
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from accounts.models import User
from customers.access import is_partner_agent
from customers.contacts import MASKED, ContactMask
from customers.models import Customer, VipLevel
from helpdesk import rows
from helpdesk.api import LanguageField, StrictFieldsMixin
from helpdesk.parsing import INT_MAX
from helpdesk.prepared import execute_prepared
from routing.access import assignable_teams, routing_explanation_for
from routing.models import Team, Tier
from routing.serializers import TeamSummarySerializer
from tickets.access import assignable_agents, customers_visible_to
from tickets.attachments import IncomingFile
from tickets.models import (
    TRANSITIONS,
    Attachment,
    BodyFormat,
    Category,
    Channel,
    Priority,
    Status,
    Ticket,
    TimelineEntry,
    format_reference,
)
from tickets.services import MAX_BODY, MAX_TAGS
from tickets.templatetags.timeline import render_body


class PriorityField(serializers.ChoiceField):
    """Priority by name: "low", "normal", "high", "urgent"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[(p.name.lower(), p.label) for p in Priority], **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        name = super().to_internal_value(data)
        return Priority[str(name).upper()].value

    def to_representation(self, value: Any) -> str:
        return Priority(value).name.lower()


def priority_name(value: Any) -> Any:
    try:
        return Priority(value).name.lower()
    except ValueError:
        return value


class AgentSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields


class CustomerSummarySerializer(serializers.ModelSerializer):
    """The customer beside a ticket: no contact details (see /api/customers/<id>/ for those)."""

    class Meta:
        model = Customer
        fields = ["id", "external_id", "name", "language", "region", "vip_level", "is_vip", "kyc_status"]
        read_only_fields = fields


class TicketSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="HD-000123")
    priority = PriorityField(read_only=True)
    customer = CustomerSummarySerializer(read_only=True)
    assignee = AgentSummarySerializer(read_only=True, allow_null=True)
    team = TeamSummarySerializer(read_only=True, allow_null=True)
    tags: Any = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    next_statuses = serializers.SerializerMethodField(help_text="The statuses this ticket may move to.")

    class Meta:
        model = Ticket
        fields = [
            "id",
            "reference",
            "subject",
            "status",
            "next_statuses",
            "priority",
            "category",
            "channel",
            "tier",
            "language",
            "customer",
            "team",
            "assignee",
            "tags",
            "reopen_count",
            "skill",
            "vip_rank",
            "created_at",
            "updated_at",
            "first_response_at",
            "solved_at",
            "closed_at",
            "routed_at",
        ]
        read_only_fields = fields

    def get_next_statuses(self, ticket: Ticket) -> list[str]:
        return sorted(TRANSITIONS[ticket.status])


# --- The ticket list, from rows ---------------------------------------------------------------------
#
# A page of the list is read as plain rows (`values()`) and turned into the JSON TicketSerializer
# describes, without building 50 tickets with their customers, teams and agents first: that work
# was most of the request. TicketSerializer stays the schema's source and the reference;
# tests/api/test_list_fast_serializer.py holds the two outputs equal.

TICKET_ROW_FIELDS = (
    "id",
    "subject",
    "status",
    "priority",
    "category",
    "channel",
    "tier",
    "language",
    "reopen_count",
    "skill",
    "vip_rank",
    "created_at",
    "updated_at",
    "first_response_at",
    "solved_at",
    "closed_at",
    "routed_at",
    "customer_id",
    "customer__external_id",
    "customer__name",
    "customer__language",
    "customer__region",
    "customer__vip_level",
    "customer__kyc_status",
    "team_id",
    "team__name",
    "team__slug",
    "team__tier",
    "team__is_outsourced",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
_PRIORITY_NAMES = {p.value: p.name.lower() for p in Priority}
_NEXT_STATUSES = {str(status): [str(t) for t in sorted(targets)] for status, targets in TRANSITIONS.items()}


def _iso(value: Any, tz: Any) -> str | None:
    """DRF's DateTimeField.to_representation for an aware datetime, in the current time zone."""
    if not value:
        return None
    text = value.astimezone(tz).isoformat() if tz is not None else value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def ticket_list_rows(queryset: Any) -> Any:
    """`queryset` as rows of TICKET_ROW_FIELDS, with `tag_names` (in Tag's order) as an array
    column of the same SELECT on PostgreSQL; elsewhere ticket_list_add_tags reads them after."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.values(*TICKET_ROW_FIELDS)
    tags = ArraySubquery(
        Ticket.tags.through.objects.filter(ticket_id=OuterRef("pk")).order_by("tag__name").values("tag__name")
    )
    return queryset.values(*TICKET_ROW_FIELDS, tag_names=tags)


def ticket_list_add_tags(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tags of rows read without them (not on PostgreSQL): one query for the page."""
    missing = [row for row in rows if "tag_names" not in row]
    if missing:
        by_id: dict[int, list[str]] = {row["id"]: [] for row in missing}
        pairs = (
            Ticket.tags.through.objects.filter(ticket_id__in=list(by_id))
            .order_by("tag__name")
            .values_list("ticket_id", "tag__name")
        )
        for ticket_pk, name in pairs:
            by_id[ticket_pk].append(name)
        for row in missing:
            row["tag_names"] = by_id[row["id"]]
    return rows


def ticket_list_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """TicketSerializer(many=True).data for rows of TICKET_ROW_FIELDS and `tag_names`, key for key
    and type for type."""
    tz = timezone.get_current_timezone() if settings.USE_TZ else None
    standard = VipLevel.STANDARD
    out = []
    for r in rows:
        pk = r["id"]
        priority = r["priority"]
        assignee_id = r["assignee_id"]
        team_id = r["team_id"]
        if assignee_id is None:
            assignee = None
        else:
            full_name = f"{r['assignee__first_name']} {r['assignee__last_name']}".strip()
            username = r["assignee__username"]
            assignee = {"id": assignee_id, "username": username, "name": full_name or username}
        out.append(
            {
                "id": pk,
                "reference": format_reference(pk),
                "subject": r["subject"],
                "status": r["status"],
                "next_statuses": list(_NEXT_STATUSES[r["status"]]),
                "priority": _PRIORITY_NAMES.get(priority, priority),
                "category": r["category"],
                "channel": r["channel"],
                "tier": r["tier"],
                "language": r["language"],
                "customer": {
                    "id": r["customer_id"],
                    "external_id": r["customer__external_id"],
                    "name": r["customer__name"],
                    "language": r["customer__language"],
                    "region": r["customer__region"],
                    "vip_level": r["customer__vip_level"],
                    "is_vip": r["customer__vip_level"] != standard,
                    "kyc_status": r["customer__kyc_status"],
                },
                "team": None
                if team_id is None
                else {
                    "id": team_id,
                    "name": r["team__name"],
                    "slug": r["team__slug"],
                    "tier": r["team__tier"],
                    "is_outsourced": r["team__is_outsourced"],
                },
                "assignee": assignee,
                "tags": r["tag_names"],
                "reopen_count": r["reopen_count"],
                "skill": r["skill"],
                "vip_rank": r["vip_rank"],
                "created_at": _iso(r["created_at"], tz),
                "updated_at": _iso(r["updated_at"], tz),
                "first_response_at": _iso(r["first_response_at"], tz),
                "solved_at": _iso(r["solved_at"], tz),
                "closed_at": _iso(r["closed_at"], tz),
                "routed_at": _iso(r["routed_at"], tz),
            }
        )
    return out


class TicketDetailSerializer(TicketSerializer):
    """One ticket, with the routing decision: its reasons and the facts it read."""

    routing = serializers.JSONField(
        read_only=True,
        help_text="Rules matched, reasons, team chosen, facts; partner agents get the team chosen only.",
    )

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "routing"]
        read_only_fields = fields

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        data["routing"] = routing_explanation_for(_viewer(self), data.get("routing"))
        return data


def _viewer(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return request.user if request is not None else None


class _TicketFieldsSerializer(StrictFieldsMixin, serializers.Serializer):
    """Fields shared by create and change; who may be assigned depends on who asks."""

    priority = PriorityField(required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    language = LanguageField(required=False)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), allow_null=True, required=False, help_text="Team id, or null."
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), allow_null=True, required=False, help_text="Agent id, or null."
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=MAX_TAGS, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Who may be assigned is worked out only when the input names a team or an agent: most
            # new tickets name neither, and a partner agent's teams cost a statement.
            data = getattr(self, "initial_data", None)
            named = data.keys() if isinstance(data, Mapping) else ("team", "assignee")
            if "team" in named:
                self.fields["team"].queryset = assignable_teams()
            if "assignee" in named:
                self.fields["assignee"].queryset = assignable_agents(request.user)


class TicketCreateSerializer(_TicketFieldsSerializer):
    """A new ticket: the customer (by id or the exchange's id), a subject and the first message."""

    customer = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="Customer id; or customer_external_id."
    )
    customer_external_id = serializers.CharField(
        max_length=64, required=False, help_text="The exchange's user id; or customer."
    )
    subject = serializers.CharField(max_length=250)
    body = serializers.CharField(max_length=MAX_BODY, help_text="The customer's first message.")
    body_format = serializers.ChoiceField(choices=BodyFormat.choices, required=False)
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text="Where the contact came from; default api."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=settings.HELPDESK_ATTACHMENTS_PER_ENTRY,
        help_text="Files, in a multipart request.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        refused = _customer_named(attrs, self.context["request"].user)
        if refused is not None:
            field, message = refused
            raise serializers.ValidationError({field: [message]})
        return attrs


def _customer_named(attrs: dict[str, Any], user: Any) -> tuple[str, str] | None:
    """Puts in `attrs` the customer it names, by id or by the exchange's id (exactly one, and one
    `user` may see), and the default channel; else the field at fault and why, `attrs` then unusable."""
    by_id, by_external_id = attrs.pop("customer", None), attrs.pop("customer_external_id", None)
    if (by_id is None) == (by_external_id is None):
        return "customer", gettext("Give either customer or customer_external_id.")
    customer = _customer_for(user, by_id, by_external_id)
    if customer is None:
        return ("customer" if by_id is not None else "customer_external_id"), gettext("No such customer.")
    attrs["customer"] = customer
    attrs.setdefault("channel", Channel.API)
    return None


# A create's JSON checked by the serializer's own fields, built once per process. DRF deep-copies a
# serializer's declared fields for every instance (15 here), which cost more than the checks. The fields
# named here need nothing of the request; `team` and `assignee` (whose choices depend on the caller),
# `attachments` (multipart) and any other key leave the input to TicketCreateSerializer.
_CHECKED_HERE = frozenset(
    {
        "customer",
        "customer_external_id",
        "subject",
        "body",
        "body_format",
        "channel",
        "priority",
        "category",
        "tier",
        "language",
        "tags",
    }
)


@functools.cache
def _create_fields() -> tuple[tuple[str, serializers.Field[Any, Any, Any, Any]], ...]:
    fields = TicketCreateSerializer(context={}).fields
    return tuple((name, field) for name, field in fields.items() if name in _CHECKED_HERE)


def ticket_create_input(data: Any, user: Any) -> dict[str, Any] | None:
    """TicketCreateSerializer(data=data)'s `validated_data` for a JSON create it accepts, checked by
    the same field objects and the same customer look-up; None for any input this does not take or that
    fails a check: the serializer then runs as before, so its errors, and the schema, stay its own."""
    if type(data) is not dict or not _CHECKED_HERE.issuperset(data):
        return None
    attrs: dict[str, Any] = {}
    for name, field in _create_fields():
        value = data.get(name, empty)
        if value is empty:
            if field.required:
                return None
            continue
        try:
            attrs[name] = field.run_validation(value)
        except (serializers.ValidationError, DjangoValidationError):
            return None
    return attrs if _customer_named(attrs, user) is None else None


# The customer a new ticket names, read on every create: SQL written once per process.
_CUSTOMER_SQL = (
    "SELECT {columns} FROM customers_customer c WHERE c.{key} = %(key)s ORDER BY c.id DESC LIMIT 1"
)


def _customer_for(user: Any, by_id: int | None, by_external_id: str | None) -> Customer | None:
    """The customer by id or the exchange's id, if `user` may see them (`customers_visible_to`)."""
    if connection.vendor == "postgresql" and not is_partner_agent(user):
        # Everyone but a partner agent sees every customer (tickets.access.customers_visible_to).
        key, value = ("id", by_id) if by_id is not None else ("external_id", by_external_id)
        row, _names = execute_prepared(_customer_sql(key), {"key": value})
        return None if row is None else rows.instance(Customer, row)
    visible = customers_visible_to(user)
    found = visible.filter(pk=by_id) if by_id is not None else visible.filter(external_id=by_external_id)
    customer: Customer | None = found.first()
    return customer


@functools.cache
def _customer_sql(key: str) -> str:
    return _CUSTOMER_SQL.format(columns=rows.columns(Customer, "c"), key=key)


class TicketChangeSerializer(_TicketFieldsSerializer):
    """The fields to change; null unassigns or takes the ticket out of its team."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    subject = serializers.CharField(max_length=250, required=False)


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="filename", read_only=True)
    url = serializers.SerializerMethodField(help_text="Download it here, with the same credentials.")

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "url"]
        read_only_fields = fields

    def get_url(self, attachment: Attachment) -> str:
        path = reverse("api:attachment-download", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class EntrySerializer(serializers.ModelSerializer):
    author = AgentSummarySerializer(read_only=True, allow_null=True)
    customer: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    body_html = serializers.SerializerMethodField(help_text="The body as sanitised HTML.")
    # A declared field, not Serializer.data: DRF moves declared fields off the class.
    data = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=(
            "What a system event records: event, from, to. Email addresses in it are masked unless "
            "your role sees contact details (supervisors, admins; each such view is audited)."
        )
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TimelineEntry
        fields = [
            "id",
            "kind",
            "is_public",
            "author",
            "customer",
            "channel",
            "body",
            "body_format",
            "body_html",
            "data",
            "attachments",
            "created_at",
        ]
        read_only_fields = fields

    def get_body_html(self, entry: TimelineEntry) -> str:
        return str(render_body(entry)) if entry.body else ""

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, entry: TimelineEntry) -> dict[str, Any]:
        # Addresses as the viewer may see them; masked unless the view decided otherwise (and audited).
        mask = self.context.get("contact_mask")
        data = (mask if isinstance(mask, ContactMask) else MASKED).entry_data(entry.data)
        if data.get("event") == "routed":
            data = routing_explanation_for(_viewer(self), data)
        if data.get("event") == "priority_changed":
            data.update({k: priority_name(data[k]) for k in ("from", "to") if k in data})
        return data


class EntryKindChoice:
    REPLY = "reply"
    NOTE = "note"
    CUSTOMER_MESSAGE = "customer_message"
    choices = [
        (REPLY, "A public reply to the customer"),
        (NOTE, "An internal note the customer never sees"),
        (CUSTOMER_MESSAGE, "A message from the customer, relayed (a call, an email)"),
    ]


class EntryCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    """A reply, a note or a relayed customer message, optionally moving the ticket's status."""

    kind = serializers.ChoiceField(choices=EntryKindChoice.choices)
    body = serializers.CharField(max_length=MAX_BODY)
    body_format = serializers.ChoiceField(choices=BodyFormat.choices, required=False)
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="Move the ticket too (replies and notes)."
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text="For customer messages: where it came from."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=settings.HELPDESK_ATTACHMENTS_PER_ENTRY,
        help_text="Files, in a multipart request.",
    )
    seen = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=INT_MAX,
        help_text=(
            "Replies only: the id of the last timeline entry you read. If the customer wrote, or someone "
            "else replied publicly, after it, nothing is written and the answer is 409 naming those "
            "entries; send again with the newest id to reply anyway. Without it, no check is made."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        kind = attrs["kind"]
        if kind != EntryKindChoice.REPLY and "seen" in attrs:
            raise serializers.ValidationError({"seen": [gettext("Only replies take seen.")]})
        if kind == EntryKindChoice.CUSTOMER_MESSAGE and "status" in attrs:
            raise serializers.ValidationError(
                {"status": [gettext("A customer message cannot set the status.")]}
            )
        if kind != EntryKindChoice.CUSTOMER_MESSAGE and "channel" in attrs:
            raise serializers.ValidationError(
                {"channel": [gettext("Only customer messages take a channel.")]}
            )
        return attrs


class CollisionSerializer(serializers.Serializer[Any]):
    """A reply refused because newer words arrived after the entry named by `seen` (documentation)."""

    message = serializers.CharField()
    status = serializers.IntegerField(help_text="409")
    code = serializers.CharField(help_text="collision")
    newer = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The newer customer messages and other agents' replies, oldest first (at most 20).",
    )


def incoming_files(files: list[UploadedFile]) -> list[IncomingFile]:
    """Uploads as the ticket core checks them.

    Reading one byte past the size limit is enough for the core to refuse a file, and keeps an
    oversized upload from being loaded into memory whole.
    """
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    return [
        IncomingFile(filename=f.name or "", content=f.read(limit + 1), declared_type=f.content_type or "")
        for f in files
    ]


class RedactionNoticeSerializer(serializers.Serializer[Any]):
    """Present when secrets were taken out of the customer's message before it was stored."""

    kinds = serializers.ListField(
        child=serializers.CharField(), help_text="seed phrase, private key, one-time code, password"
    )
    count = serializers.IntegerField(help_text="How many secrets were replaced by a marker.")
    warning = serializers.CharField(help_text="The warning to show the customer, in their language.")


# The two below describe the 201 answers in the schema; the views add `redacted` to the plain
# serializers' output (approvals.redaction_steps.redaction_notice), since the entry holds only a marker.
class TicketCreatedSerializer(TicketDetailSerializer):
    """The new ticket, and what was removed from the customer's message, if anything."""

    redacted = RedactionNoticeSerializer(required=False, read_only=True)

    class Meta(TicketDetailSerializer.Meta):
        fields = [*TicketDetailSerializer.Meta.fields, "redacted"]


class EntryCreatedSerializer(EntrySerializer):
    """The new entry, and what was removed from the customer's message, if anything."""

    redacted = RedactionNoticeSerializer(required=False, read_only=True)

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "redacted"]
