from decimal import Decimal
from typing import Any

from rest_framework import serializers

from costs.models import CostRate
from helpdesk.api import StrictFieldsMixin


class CostRateSerializer(serializers.ModelSerializer[CostRate]):
    sourcing = serializers.SerializerMethodField(
        help_text="`partner` for an outsourced team, else `inhouse`."
    )
    entered_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = CostRate
        fields = [
            "id",
            "team",
            "agent",
            "hourly_cost",
            "effective_from",
            "sourcing",
            "created_at",
            "entered_by",
        ]
        read_only_fields = fields

    def get_sourcing(self, rate: CostRate) -> str | None:
        if rate.team is None:
            return None
        return "partner" if rate.team.is_outsourced else "inhouse"


class CostRateCreateSerializer(StrictFieldsMixin, serializers.Serializer[Any]):
    team = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="A team's id, or give `agent`."
    )
    agent = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text="An agent's id: overrides the team's cost.",
    )
    hourly_cost = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Fully loaded cost of an hour, in the instance's currency (COSTS_CURRENCY).",
    )
    effective_from = serializers.DateField(help_text="The first day it applies; not before this month.")
