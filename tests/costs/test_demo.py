"""The demo's costs: every team priced (the partner's lower), handle time on the answered cases, so
cost per resolution has numbers in-house and at the partner; seeding again changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from costs.demo import seed_costs_demo
from costs.metrics import COST_PER_RESOLUTION
from costs.models import CostRate, WorkSpan
from reports.metrics import Breakdown, Scope
from tests.costs.conftest import case
from tests.factories import make_agent
from tickets.models import Channel, EntryKind, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


def test_the_demo_prices_every_team_and_gives_answered_cases_handle_time(
    ana, pat, inhouse_team, partner_team
):
    make_agent(username="admin", role="admin")
    for agent, team in ((ana, inhouse_team), (pat, partner_team)):
        ticket = case(team)
        Ticket.objects.filter(pk=ticket.pk).update(status=Status.SOLVED)
        TimelineEntry.objects.create(
            ticket=ticket,
            kind=EntryKind.AGENT_REPLY,
            channel=Channel.EMAIL,
            author=agent,
            body="Sent again.",
            created_at=timezone.now(),
        )

    assert seed_costs_demo() == 2
    assert seed_costs_demo() == 0

    assert set(CostRate.objects.values_list("team_id", flat=True)) == {inhouse_team.pk, partner_team.pk}
    assert WorkSpan.objects.count() == 2
    now = timezone.now()
    costs = COST_PER_RESOLUTION.compute(Scope(start=now - dt.timedelta(days=1), end=now), Breakdown.SOURCING)
    assert costs["inhouse"].numerator > 0 and costs["partner"].numerator > 0
