"""The demo's hourly costs and handle time (`seed_demo`): a loaded cost for every demo team (the
partner team's lower), one agent with her own, and work spans for the demo cases agents answered, so
cost per resolution shows numbers in-house and at the partner from the first run."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from costs.models import CostRate, SpanSource, WorkSpan
from costs.services import chat_work_sweep, cost_rate_set
from routing.models import Team
from tickets.models import EntryKind, TimelineEntry

# Fully loaded cost per hour, USD by default (COSTS_CURRENCY), by demo team slug; others get DEFAULT.
TEAM_COSTS = {
    "general-en": Decimal("38.00"),
    "general-es": Decimal("31.00"),
    "partner-bpo-manila": Decimal("16.50"),
    "wallets": Decimal("58.00"),
    "kyc": Decimal("47.00"),
}
DEFAULT_COST = Decimal("52.00")
# A senior agent whose own cost overrides her team's.
AGENT_COSTS = {"emma": Decimal("44.00")}


def seed_costs_demo() -> int:
    """Idempotent: does nothing once the demo has costs. Returns the work spans it wrote."""
    if CostRate.objects.exists():
        return 0
    admin = User.objects.filter(username="admin").first()
    # A year back, entered as if on that day: the demo's history starts priced.
    since = (timezone.localdate() - dt.timedelta(days=365)).replace(day=1)
    with transaction.atomic():
        for team in Team.objects.order_by("pk"):
            cost_rate_set(
                actor=admin,
                team=team,
                hourly_cost=TEAM_COSTS.get(team.slug, DEFAULT_COST),
                effective_from=since,
                today=since,
            )
        for agent in User.objects.filter(username__in=AGENT_COSTS):
            cost_rate_set(
                actor=admin,
                agent=agent,
                hourly_cost=AGENT_COSTS[agent.username],
                effective_from=since,
                today=since,
            )
        spans = _page_spans()
        WorkSpan.objects.bulk_create(spans)
    chat_work_sweep()
    return len(spans)


def _page_spans() -> list[WorkSpan]:
    """The few minutes before each reply or note an agent wrote, as if the case's page was open."""
    pick = random.Random(17)  # demo minutes, the same every run
    entries = TimelineEntry.objects.filter(
        kind__in=[EntryKind.AGENT_REPLY, EntryKind.INTERNAL_NOTE], author__isnull=False
    ).values_list("ticket_id", "author_id", "created_at")
    spans = []
    for ticket_id, author_id, written_at in entries:
        minutes = pick.uniform(2.5, 9.0)
        spans.append(
            WorkSpan(
                ticket_id=ticket_id,
                agent_id=author_id,
                source=SpanSource.PAGE,
                started_at=written_at - dt.timedelta(minutes=minutes),
                ended_at=written_at,
                last_beat_at=written_at,
            )
        )
    return spans
