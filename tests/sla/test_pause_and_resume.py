"""The clock stops while a ticket waits on the customer or is on hold, and resumes when it opens."""

import datetime as dt

import pytest
import time_machine

from casework.services import ticket_reply, ticket_set_status
from intake.pipeline import customer_message_add
from sla.models import ClockState
from sla.services import sla_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy
from tickets.models import Status, TimelineEntry

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_pending_pauses_the_clock_and_the_customers_answer_resumes_it():
    make_policy(first_response_target=H, resolution_target=8 * H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Please send a screenshot.", status=Status.PENDING)
    paused = clock_of(ticket)
    assert paused.state == ClockState.PAUSED
    assert paused.paused_at == MONDAY + H
    assert paused.resolution_due_at is None
    assert paused.next_check_at is None

    # Four hours of waiting on the customer do not count.
    with time_machine.travel(MONDAY + 5 * H, tick=False):
        customer_message_add(ticket=ticket, body="Here it is.")
    resumed = clock_of(ticket)
    assert resumed.state == ClockState.RUNNING
    assert resumed.paused_at is None
    assert resumed.consumed_seconds == 3600
    assert resumed.resolution_due_at == MONDAY + 5 * H + 7 * H


def test_on_hold_pauses_and_reopening_by_hand_resumes():
    make_policy(first_response_target=2 * H, resolution_target=None)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + dt.timedelta(minutes=30), tick=False):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.ON_HOLD)
    assert clock_of(ticket).first_response_due_at is None
    with time_machine.travel(MONDAY + 3 * H, tick=False):
        # Due at 02:00 had it kept running; on hold, nothing breaches.
        assert sla_sweep() == 0
        ticket_set_status(ticket=ticket, actor=agent, status=Status.OPEN)
    assert clock_of(ticket).first_response_due_at == MONDAY + 3 * H + dt.timedelta(minutes=90)


def test_a_deadline_missed_before_a_pause_is_still_acted_on():
    make_policy(first_response_target=H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    # Overdue at 01:00; the agent parks it at 01:05, before any sweep ran.
    with time_machine.travel(MONDAY + dt.timedelta(minutes=65), tick=False):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.ON_HOLD)
        assert clock_of(ticket).first_response_due_at == MONDAY + H
        assert sla_sweep() == 1
    clock = clock_of(ticket)
    assert clock.first_response_breached_at == MONDAY + H
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="sla_breached").count() == 1


def test_the_ticket_page_shows_a_paused_clock_with_the_time_left(agent_client):
    make_policy(first_response_target=H, resolution_target=8 * H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Waiting for you.", status=Status.PENDING)
    with time_machine.travel(MONDAY + 30 * H, tick=False):
        page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "sla sla-paused" in page
    assert "paused, 6h 00m left" in page
