"""Filters of the agents overview."""

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from helpdesk.parsing import parse_id
from routing.models import Presence
from routing.services import presence_ttl


class AgentFilter(django_filters.FilterSet):
    team = django_filters.CharFilter(method="filter_team", max_length=50, help_text="Team id or slug.")
    presence = django_filters.ChoiceFilter(
        choices=Presence.choices,
        method="filter_presence",
        help_text="As routing sees it: a presence without a recent heartbeat counts as offline.",
    )

    class Meta:
        model = User
        fields: list[str] = []

    def filter_team(self, queryset: Any, name: str, value: str) -> Any:
        pk = parse_id(value)
        if pk is not None:
            return queryset.filter(memberships__team_id=pk)
        return queryset.filter(memberships__team__slug=value)

    def filter_presence(self, queryset: Any, name: str, value: str) -> Any:
        fresh = Q(agent_status__last_seen_at__gte=timezone.now() - presence_ttl())
        if value == Presence.OFFLINE:
            return queryset.exclude(fresh & ~Q(agent_status__presence=Presence.OFFLINE))
        return queryset.filter(fresh, agent_status__presence=value)
