from typing import Any

from rest_framework import serializers

from helpdesk.api import StrictFieldsMixin
from incidents.models import (
    ASSETS,
    NETWORKS,
    OPENING_STATUS_CHOICES,
    Feature,
    Incident,
    IncidentLink,
    IncidentStatus,
    IncidentUpdate,
)

MESSAGES_HELP = (
    "The public message by language code (en, es, pt-br, ...); `en` is required and is the fallback for "
    "every other language. Plain text, at most 2,000 characters each."
)


def _messages_field(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True, trim_whitespace=True),
        help_text=MESSAGES_HELP,
        **kwargs,
    )


class ScopeSerializer(StrictFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    networks = serializers.ListField(
        child=serializers.ChoiceField(choices=NETWORKS), required=False, max_length=len(NETWORKS)
    )
    assets = serializers.ListField(
        child=serializers.ChoiceField(choices=ASSETS), required=False, max_length=len(ASSETS)
    )
    features = serializers.ListField(
        child=serializers.ChoiceField(choices=Feature.choices), required=False, max_length=len(Feature)
    )
    keywords = serializers.ListField(
        child=serializers.CharField(min_length=3, max_length=100),
        required=False,
        max_length=30,
        help_text="Phrases that link a message containing one, in any case.",
    )


class DeclareSerializer(ScopeSerializer):
    status = serializers.ChoiceField(choices=OPENING_STATUS_CHOICES, default=IncidentStatus.INVESTIGATING)
    messages = _messages_field()


class UpdatePostSerializer(StrictFieldsMixin, serializers.Serializer):
    status = serializers.ChoiceField(
        choices=IncidentStatus.choices, help_text="`resolved` resolves the incident."
    )
    messages = _messages_field()


class LinkCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    ticket = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The ticket's id.")


class IncidentSerializer(serializers.ModelSerializer[Incident]):
    declared_by = serializers.CharField(source="declared_by.username", read_only=True)
    linked_tickets = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField(help_text="The current public message by language.")

    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "status",
            "networks",
            "assets",
            "features",
            "keywords",
            "declared_by",
            "declared_at",
            "resolved_at",
            "linked_tickets",
            "messages",
        ]

    def get_linked_tickets(self, obj: Incident) -> int:
        counts = self.context.get("linked_counts") or {}
        return int(counts.get(obj.pk, 0))

    def get_messages(self, obj: Incident) -> dict[str, str]:
        by_update = self.context.get("messages") or {}
        return dict(by_update.get(obj.current_update_id, {}))


class UpdateSerializer(serializers.ModelSerializer[IncidentUpdate]):
    posted_by = serializers.CharField(source="posted_by.username", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    messages = serializers.SerializerMethodField()

    class Meta:
        model = IncidentUpdate
        fields = [
            "id",
            "status",
            "posted_by",
            "posted_at",
            "broadcast",
            "job_state",
            "total",
            "done",
            "failed",
            "percent",
            "finished_at",
            "messages",
        ]

    def get_messages(self, obj: IncidentUpdate) -> dict[str, str]:
        return {m.language: m.text for m in obj.messages.all()}


class LinkSerializer(serializers.ModelSerializer[IncidentLink]):
    linked_by = serializers.CharField(
        source="linked_by.username", read_only=True, allow_null=True, default=None
    )
    unlinked_by = serializers.CharField(
        source="unlinked_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = IncidentLink
        fields = [
            "incident",
            "ticket",
            "source",
            "reason",
            "linked_by",
            "linked_at",
            "unlinked_by",
            "unlinked_at",
        ]
