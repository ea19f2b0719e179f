import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from casework.services import routing_overflow_sweep, ticket_escalate, ticket_transfer
from customers.models import VipLevel
from routing.models import AgentStatus, Presence, RoutingRule, Shift
from routing.services import agent_heartbeat, assignment_get_next, presence_expire
from tests.factories import make_customer, make_team, make_ticket
from tests.routing.conftest import make_online, member
from tickets.models import Category, Channel, EntryKind, Priority, Status, Ticket

pytestmark = pytest.mark.django_db


def test_a_new_ticket_is_routed_by_the_first_matching_rules_and_the_reason_is_stored(
    wallets_team, general_team
):
    RoutingRule.objects.create(
        position=1,
        name="VIP withdrawals",
        conditions=[
            {"field": "vip_level", "op": "in", "value": ["vip2", "vip3"]},
            {"field": "pending_withdrawal_usd", "op": "gt", "value": 10000},
        ],
        actions={"team": "wallets", "priority": "urgent", "tags": ["big-withdrawal"]},
    )
    customer = make_customer(vip_level=VipLevel.VIP2, pending_withdrawal_usd=25000)
    ticket = make_ticket(customer=customer, category=Category.WITHDRAWAL)
    ticket.refresh_from_db()
    assert ticket.team == wallets_team
    assert ticket.tier == 2
    assert ticket.priority == Priority.URGENT
    assert ticket.vip_rank == 2
    assert [t.name for t in ticket.tags.all()] == ["big-withdrawal"]
    assert ticket.routing["reasons"][0].startswith(
        "rule 1 (VIP withdrawals): VIP level in vip2, vip3 and pending"
    )
    assert ticket.routing["facts"]["pending_withdrawal_usd"] == "25000.00"
    routed = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="routed")
    assert routed.data["team_name"] == "Wallets"


def test_without_a_matching_rule_a_case_goes_to_a_tier_one_team_speaking_its_language(
    general_team, wallets_team
):
    ticket = make_ticket(customer=make_customer(language="es"), category=Category.FEES)
    ticket.refresh_from_db()
    assert ticket.team == general_team
    assert ticket.routing["reasons"] == ["no rule matched: default tier and team"]


def test_vip_level_raises_priority_by_its_boost(general_team):
    ticket = make_ticket(customer=make_customer(vip_level=VipLevel.VIP1), priority=Priority.NORMAL)
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH


def test_push_gives_the_case_to_the_least_loaded_online_agent(general_team):
    busy = member(general_team, "busy")
    idle = member(general_team, "idle")
    member(general_team, "offline", online=False)
    make_ticket(assignee=busy, team=general_team)
    ticket = make_ticket()
    ticket.refresh_from_db()
    assert ticket.assignee == idle
    assert ticket.status == Status.OPEN


def test_push_takes_turns_between_equally_loaded_agents(general_team):
    a = member(general_team, "a")
    b = member(general_team, "b")
    first = make_ticket()
    second = make_ticket()
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.assignee, second.assignee} == {a, b}


def test_push_never_exceeds_capacity_and_leaves_the_rest_waiting(general_team):
    only = member(general_team, "only")
    tickets = [make_ticket() for _ in range(5)]
    assigned = [t for t in tickets if Ticket.objects.get(pk=t.pk).assignee_id == only.pk]
    assert len(assigned) == general_team.ticket_capacity


def test_a_vips_account_manager_gets_the_case_first(general_team):
    member(general_team, "someone")
    manager = member(general_team, "manager")
    other_team = make_team(name="Elsewhere", slug="elsewhere")
    manager.memberships.all().delete()
    member(other_team, "x")
    from routing.models import TeamMembership

    TeamMembership.objects.create(team=other_team, user=manager)
    customer = make_customer(vip_level=VipLevel.VIP3, account_manager=manager)
    ticket = make_ticket(customer=customer)
    ticket.refresh_from_db()
    assert ticket.assignee == manager


def test_when_the_account_manager_is_away_the_backup_steps_in(general_team):
    manager = member(general_team, "manager")
    backup = member(general_team, "backup")
    AgentStatus.objects.filter(user=manager).update(presence=Presence.AWAY)
    customer = make_customer(vip_level=VipLevel.VIP3, account_manager=manager, backup_account_manager=backup)
    ticket = make_ticket(customer=customer)
    ticket.refresh_from_db()
    assert ticket.assignee == backup


def test_vip_reserved_capacity_keeps_room_for_vips_in_a_surge(general_team):
    general_team.vip_reserved_capacity = 1
    general_team.save()
    agent = member(general_team, "agent")
    standard = [make_ticket() for _ in range(4)]
    held = sum(1 for t in standard if Ticket.objects.get(pk=t.pk).assignee_id == agent.pk)
    assert held == 2  # capacity 3, one slot kept for VIPs
    vip = make_ticket(customer=make_customer(vip_level=VipLevel.VIP1))
    vip.refresh_from_db()
    assert vip.assignee == agent


def test_get_next_gives_the_most_urgent_then_oldest_waiting_case(general_team):
    agent = member(general_team, "puller", online=False)
    old_normal = make_ticket(priority=Priority.NORMAL)
    urgent = make_ticket(priority=Priority.URGENT)
    make_ticket(priority=Priority.NORMAL)
    assert assignment_get_next(agent=agent) == urgent
    assert assignment_get_next(agent=agent) == old_normal


def test_get_next_gives_nothing_past_capacity(general_team):
    agent = member(general_team, "puller", online=False)
    for _ in range(5):
        make_ticket()
    got = [assignment_get_next(agent=agent) for _ in range(5)]
    assert sum(1 for t in got if t is not None) == 3


def test_get_next_counts_only_the_cases_an_agent_has_not_solved(general_team):
    agent = member(general_team, "puller", online=False)
    for _ in range(7):
        make_ticket()
    held = [assignment_get_next(agent=agent) for _ in range(3)]
    assert assignment_get_next(agent=agent) is None  # capacity 3
    solved, closed, pending = (t.pk for t in held if t is not None)
    Ticket.objects.filter(pk=solved).update(status=Status.SOLVED)
    Ticket.objects.filter(pk=closed).update(status=Status.CLOSED)
    Ticket.objects.filter(pk=pending).update(status=Status.PENDING)  # still theirs to answer
    again = [assignment_get_next(agent=agent) for _ in range(3)]
    assert [t is not None for t in again] == [True, True, False]


def test_get_next_only_offers_cases_of_the_agents_teams(general_team, wallets_team):
    agent = member(wallets_team, "specialist", online=False)
    make_ticket(category=Category.FEES)  # routed to general
    assert assignment_get_next(agent=agent) is None


def test_presence_lapses_when_the_browser_stops_calling_in(general_team):
    agent = member(general_team, "agent")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert presence_expire() == 1
        ticket = make_ticket()
        ticket.refresh_from_db()
        assert ticket.assignee is None
        make_online(agent)
        agent_heartbeat(user=agent)
        assert AgentStatus.objects.get(user=agent).presence == Presence.ONLINE


def test_an_off_shift_team_overflows_to_an_on_shift_team_with_the_same_skill():
    night = make_team(
        name="Wallets EU", slug="wallets-eu", tier=2, skills=["wallets"], time_zone="Europe/Berlin"
    )
    for day in range(7):
        Shift.objects.create(team=night, weekday=day, start=dt.time(9), end=dt.time(10))
    sun = make_team(
        name="Wallets APAC", slug="wallets-apac", tier=2, skills=["wallets"], time_zone="Asia/Tokyo"
    )
    member(sun, "kenji", online=False)  # a team nobody belongs to takes no overflow
    RoutingRule.objects.create(position=1, name="wallets", conditions=[], actions={"team": "wallets-eu"})
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)):
        ticket = make_ticket(category=Category.WITHDRAWAL)
    ticket.refresh_from_db()
    assert ticket.team == sun
    assert "Wallets EU is off shift: follow-the-sun to Wallets APAC" in ticket.routing["reasons"]


def test_a_case_waiting_past_its_target_with_nobody_free_overflows(general_team):
    general_team.wait_target_seconds = 60
    general_team.save()
    other = make_team(name="General APAC", slug="general-apac", tier=1, languages=["en"])
    helper = member(other, "helper")
    ticket = make_ticket()
    assert routing_overflow_sweep() == 0  # not waited long enough yet
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        make_online(helper)
        assert routing_overflow_sweep() == 1
    ticket.refresh_from_db()
    assert ticket.team == other
    assert ticket.assignee == helper
    assert ticket.entries.filter(data__event="overflowed").exists()


def test_transfer_and_escalation_move_the_case_and_leave_a_note_on_the_timeline(
    general_team, wallets_team, agent
):
    exec_team = make_team(name="Executive", slug="executive", tier=3)
    ticket = make_ticket(category=Category.WITHDRAWAL, channel=Channel.EMAIL)
    ticket_transfer(ticket=ticket, actor=agent, team=wallets_team, note="On-chain question")
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier) == (wallets_team, 2)
    ticket_escalate(ticket=ticket, actor=agent, note="Customer threatens legal action")
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier) == (exec_team, 3)
    events = list(ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT).values_list("data__event", flat=True))
    assert events[-2:] == ["transferred", "escalated"]
    notes = list(ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE).values_list("body", flat=True))
    assert notes == ["On-chain question", "Customer threatens legal action"]


def test_a_waiting_case_does_not_bounce_between_teams_where_nobody_is_free(general_team):
    general_team.wait_target_seconds = 60
    general_team.save()
    other = make_team(
        name="General APAC", slug="general-apac", tier=1, languages=["en"], wait_target_seconds=60
    )
    member(other, "asleep", online=False)
    ticket = make_ticket()
    ticket.refresh_from_db()
    assert ticket.team == general_team
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert routing_overflow_sweep() == 0
        assert routing_overflow_sweep() == 0
    ticket.refresh_from_db()
    assert ticket.team == general_team
    assert not ticket.entries.filter(data__event="overflowed").exists()
