"""Off hours, a specialist case overflows to an on-shift team with its skill, never to tier 3.

The executive team works around the clock in many set-ups (no shift at all); it takes cases by
escalation only, so it must not absorb every specialist case that arrives at night.
"""

import datetime as dt

import pytest
import time_machine

from casework.services import ticket_escalate
from casework.tasks import routing_overflow_sweep_task
from routing.models import RoutingRule, Shift, Team, Tier
from tests.factories import make_team, make_ticket
from tests.routing.conftest import make_online, member
from tickets.models import Category

# Tuesday 24 November 2026, 14:00 UTC: 22:00 in Singapore (its wallets desk has gone home),
# 09:00 in New York.
OFF_HOURS_IN_ASIA = dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.UTC)


def _office_hours(team: Team) -> None:
    for day in range(5):
        Shift.objects.create(team=team, weekday=day, start=dt.time(8), end=dt.time(20))


@pytest.fixture
def wallets_asia(db: None) -> Team:
    team = make_team(
        name="Wallets Asia",
        slug="wallets-asia",
        tier=Tier.SPECIALIST,
        skills=["wallets"],
        time_zone="Asia/Singapore",
        wait_target_seconds=60,
    )
    _office_hours(team)
    member(team, "wei", online=False)
    RoutingRule.objects.create(position=1, name="wallets", conditions=[], actions={"team": "wallets-asia"})
    return team


@pytest.fixture
def executives(db: None) -> Team:
    """No shift: on duty around the clock, with someone online."""
    team = make_team(name="Executive", slug="executive", tier=Tier.EXECUTIVE, languages=[])
    member(team, "james")
    return team


@pytest.mark.django_db
def test_an_off_hours_specialist_case_goes_to_the_on_shift_team_with_the_skill(wallets_asia, executives):
    americas = make_team(
        name="Wallets Americas",
        slug="wallets-americas",
        tier=Tier.SPECIALIST,
        skills=["wallets"],
        time_zone="America/New_York",
    )
    _office_hours(americas)
    with time_machine.travel(OFF_HOURS_IN_ASIA, tick=False):
        ana = member(americas, "ana")
        ticket = make_ticket(category=Category.WITHDRAWAL)
    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (americas, ana)
    assert "Wallets Asia is off shift: follow-the-sun to Wallets Americas" in ticket.routing["reasons"]


@pytest.mark.django_db
def test_an_off_hours_specialist_case_is_not_routed_to_the_executives(wallets_asia, executives):
    with time_machine.travel(OFF_HOURS_IN_ASIA, tick=False):
        ticket = make_ticket(category=Category.WITHDRAWAL)
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier, ticket.assignee) == (wallets_asia, Tier.SPECIALIST, None)
    assert not any("Executive" in reason for reason in ticket.routing["reasons"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_overflow_sweep_leaves_an_off_hours_specialist_case_with_its_team_not_tier_3(
    wallets_asia, executives
):
    with time_machine.travel(OFF_HOURS_IN_ASIA, tick=False):
        ticket = make_ticket(category=Category.WITHDRAWAL)
    with time_machine.travel(OFF_HOURS_IN_ASIA + dt.timedelta(minutes=10), tick=False):
        make_online(executives.members.get())
        assert routing_overflow_sweep_task.delay().get() == 0
    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (wallets_asia, None)
    assert not ticket.entries.filter(data__event="overflowed").exists()

    # Tier 3 still takes the case when someone escalates it.
    ticket_escalate(ticket=ticket, actor=None, note="Customer asks for a manager")
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier) == (executives, Tier.EXECUTIVE)


@pytest.mark.django_db
def test_an_off_hours_tier_one_case_is_not_routed_to_tier_3(executives):
    general = make_team(name="General", slug="general", tier=Tier.GENERAL, time_zone="Asia/Singapore")
    _office_hours(general)
    member(general, "lin", online=False)
    with time_machine.travel(OFF_HOURS_IN_ASIA, tick=False):
        ticket = make_ticket(category=Category.FEES)
    ticket.refresh_from_db()
    assert ticket.team == general
