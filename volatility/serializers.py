from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.api import StrictFieldsMixin
from volatility.models import MarketEvent


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset ("2026-11-30T10:00:00+01:00" or "...Z"): a time without one is refused,
    since nobody can tell which clock it was read from."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip()) if len(value) <= 40 else None
            except ValueError:
                # Well formed, but no such moment ("12:99"): DRF's own parsing gives the message.
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                raise serializers.ValidationError(_("Give the time zone offset, such as Z or +01:00."))
        return super().to_internal_value(value)


class MarketEventSerializer(serializers.ModelSerializer[MarketEvent]):
    ongoing = serializers.BooleanField(source="is_ongoing", read_only=True)
    created_by = serializers.CharField(source="created_by.display_name", read_only=True)

    class Meta:
        model = MarketEvent
        fields = [
            "id",
            "title",
            "start",
            "end",
            "ongoing",
            "assets",
            "note",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MarketEventWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    start = AwareDateTimeField()
    end = AwareDateTimeField(required=False, allow_null=True, help_text="Empty or null while it goes on.")
    assets = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        max_length=20,
        help_text="Symbols: BTC, ETH.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
