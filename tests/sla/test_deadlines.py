"""Deadlines follow the ticket: created, answered, re-prioritised, moved, solved and reopened."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from casework.services import ticket_assign, ticket_reply, ticket_set_status, ticket_update
from intake.pipeline import customer_message_add
from sla.models import ClockState, Target
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy, office_calendar
from tickets.models import Channel, Priority, Status

pytestmark = pytest.mark.django_db
MALTA = zoneinfo.ZoneInfo("Europe/Malta")
H = dt.timedelta(hours=1)


def test_an_email_gets_deadlines_in_its_teams_business_hours():
    team = make_team()
    office_calendar(team)
    make_policy("Email", channels=[Channel.EMAIL], first_response_target=4 * H, resolution_target=16 * H)
    friday_4pm = dt.datetime(2026, 3, 6, 16, 0, tzinfo=MALTA)
    with time_machine.travel(friday_4pm, tick=False):
        ticket = make_ticket(team=team, channel=Channel.EMAIL)
    clock = clock_of(ticket)
    assert clock.policy is not None and clock.policy.name == "Email"
    # One hour on Friday, three on Monday.
    assert clock.first_response_due_at == dt.datetime(2026, 3, 9, 12, 0, tzinfo=MALTA)
    # 80% of four hours: one hour on Friday, 2h12m on Monday.
    assert clock.first_response_warn_at == dt.datetime(2026, 3, 9, 11, 12, tzinfo=MALTA)
    # 1 + 8 + 7 hours.
    assert clock.resolution_due_at == dt.datetime(2026, 3, 10, 16, 0, tzinfo=MALTA)
    assert clock.next_check_at == clock.first_response_warn_at
    assert clock.exec_due_at == friday_4pm + dt.timedelta(days=7)


def test_the_first_matching_policy_by_position_wins_and_the_default_catches_the_rest():
    make_policy("Default", position=1000, is_default=True, first_response_target=8 * H)
    make_policy("Chat", position=20, channels=[Channel.CHAT], first_response_target=dt.timedelta(seconds=60))
    make_policy(
        "Urgent chat",
        position=10,
        channels=[Channel.CHAT],
        priorities=[Priority.URGENT],
        first_response_target=dt.timedelta(seconds=20),
    )
    with time_machine.travel(MONDAY, tick=False):
        urgent_chat = make_ticket(team=make_team(), channel=Channel.CHAT, priority=Priority.URGENT)
        chat = make_ticket(team=make_team(), channel=Channel.CHAT)
        email = make_ticket(team=make_team(), channel=Channel.EMAIL)
    assert clock_of(urgent_chat).first_response_due_at == MONDAY + dt.timedelta(seconds=20)
    assert clock_of(chat).first_response_due_at == MONDAY + dt.timedelta(seconds=60)
    assert clock_of(email).first_response_due_at == MONDAY + 8 * H


def test_raising_the_priority_applies_the_stricter_policy_from_the_ticket_opening():
    make_policy("Standard", position=100, is_default=True, first_response_target=4 * H)
    make_policy(
        "Urgent", position=10, priorities=[Priority.URGENT], first_response_target=dt.timedelta(minutes=15)
    )
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    assert clock_of(ticket).first_response_due_at == MONDAY + 4 * H
    with time_machine.travel(MONDAY + dt.timedelta(minutes=5), tick=False):
        ticket_update(ticket=ticket, actor=None, priority=Priority.URGENT)
    clock = clock_of(ticket)
    assert clock.policy is not None and clock.policy.name == "Urgent"
    assert clock.first_response_due_at == MONDAY + dt.timedelta(minutes=15)


def test_moving_to_a_team_with_office_hours_counts_the_rest_on_its_calendar():
    make_policy(first_response_target=4 * H)
    round_the_clock, office = make_team(), make_team()
    office_calendar(office)
    with time_machine.travel(MONDAY, tick=False):  # 11:00 in Malta
        ticket = make_ticket(team=round_the_clock)
    with time_machine.travel(MONDAY + H, tick=False):
        ticket_assign(ticket=ticket, actor=None, assignee=None, team=office)
    clock = clock_of(ticket)
    assert clock.consumed_seconds == 3600
    # Three hours left from 12:00 Malta time, inside office hours.
    assert clock.first_response_due_at == dt.datetime(2026, 3, 2, 15, 0, tzinfo=MALTA)


def test_a_reply_in_time_meets_the_first_response_target_and_stops_its_clock():
    make_policy(first_response_target=H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + dt.timedelta(minutes=40), tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Looking into it.")
    clock = clock_of(ticket)
    assert clock.first_response_due_at is None
    assert clock.first_response_breached_at is None


def test_a_late_reply_the_sweep_had_not_seen_yet_still_counts_as_a_breach():
    make_policy(first_response_target=H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Sorry for the wait.")
    clock = clock_of(ticket)
    assert clock.first_response_due_at is None
    assert clock.first_response_breached_at == MONDAY + H


def test_each_customer_message_starts_a_next_response_clock_that_the_next_reply_stops():
    make_policy(first_response_target=H, next_response_target=2 * H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + dt.timedelta(minutes=10), tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Which transaction?")
    assert clock_of(ticket).next_response_due_at is None

    asked = MONDAY + H
    with time_machine.travel(asked, tick=False):
        customer_message_add(ticket=ticket, body="This one: 0xabc")
    clock = clock_of(ticket)
    assert clock.next_response_due_at == asked + 2 * H
    assert clock.next_response_cycle == 1

    with time_machine.travel(asked + H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Found it.")
    with time_machine.travel(asked + 2 * H, tick=False):
        customer_message_add(ticket=ticket, body="And now?")
    with time_machine.travel(asked + 5 * H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Credited.")
    clock = clock_of(ticket)
    assert (clock.next_response_met, clock.next_response_missed) == (1, 1)
    assert clock.next_response_due_at is None
    assert clock.next_response_cycle == 2


def test_solving_stops_the_resolution_clock_and_reopening_resumes_it_where_it_stopped():
    make_policy(first_response_target=None, resolution_target=8 * H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Done.", status=Status.SOLVED)
    clock = clock_of(ticket)
    assert clock.state == ClockState.STOPPED
    assert clock.resolution_due_at is None
    assert clock.exec_due_at is None

    reopened = MONDAY + 12 * H
    with time_machine.travel(reopened, tick=False):
        customer_message_add(ticket=ticket, body="It happened again.")
    clock = clock_of(ticket)
    assert clock.state == ClockState.RUNNING
    assert clock.consumed_seconds == 2 * 3600
    assert clock.resolution_due_at == reopened + 6 * H
    assert clock.exec_due_at == MONDAY + dt.timedelta(days=7)


def test_a_target_the_policy_leaves_empty_has_no_deadline():
    make_policy(first_response_target=None, next_response_target=None, resolution_target=None)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    clock = clock_of(ticket)
    for target in Target:
        assert getattr(clock, f"{target}_due_at") is None
    assert clock.next_check_at is None


def test_without_any_policy_a_ticket_still_gets_its_executive_escalation_date():
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    clock = clock_of(ticket)
    assert clock.policy is None
    assert clock.first_response_due_at is None
    assert clock.exec_due_at == MONDAY + dt.timedelta(days=7)


def test_closing_keeps_the_clock_stopped():
    make_policy()
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
        ticket_reply(ticket=ticket, author=agent, body="Done.", status=Status.SOLVED)
        ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    clock = clock_of(ticket)
    assert clock.state == ClockState.STOPPED
    assert clock.next_check_at is None and clock.attention_at is None and clock.exec_due_at is None
