"""The policy a case's facts chose is kept per configuration: an edit is followed from the next write."""

import datetime as dt

import pytest
import time_machine

from casework.services import ticket_reply, ticket_update
from intake.pipeline import customer_message_add
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy
from tickets.models import Priority

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_a_policy_edited_between_two_messages_sets_the_next_messages_deadline():
    policy = make_policy(first_response_target=H, next_response_target=2 * H)
    agent = make_agent()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    with time_machine.travel(MONDAY + dt.timedelta(minutes=10), tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Which transaction?")
    with time_machine.travel(MONDAY + H, tick=False):
        customer_message_add(ticket=ticket, body="This one: 0xabc")
    assert clock_of(ticket).next_response_due_at == MONDAY + 3 * H

    policy.next_response_target = dt.timedelta(minutes=30)
    policy.save()
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Found it.")
    with time_machine.travel(MONDAY + 3 * H, tick=False):
        customer_message_add(ticket=ticket, body="And now?")
    clock = clock_of(ticket)
    assert clock.next_response_target == 30 * 60
    assert clock.next_response_due_at == MONDAY + 3 * H + dt.timedelta(minutes=30)


def test_two_cases_with_other_facts_keep_their_own_policies_under_one_configuration():
    make_policy("Standard", position=100, is_default=True, first_response_target=4 * H)
    make_policy(
        "Urgent", position=10, priorities=[Priority.URGENT], first_response_target=dt.timedelta(seconds=15)
    )
    team = make_team()
    with time_machine.travel(MONDAY, tick=False):
        standard = make_ticket(team=team)
        urgent = make_ticket(team=team, priority=Priority.URGENT)
        customer_message_add(ticket=standard, body="Any news?")
        customer_message_add(ticket=urgent, body="Any news?")
    assert clock_of(standard).first_response_due_at == MONDAY + 4 * H
    assert clock_of(urgent).first_response_due_at == MONDAY + dt.timedelta(seconds=15)
    with time_machine.travel(MONDAY + dt.timedelta(minutes=5), tick=False):
        ticket_update(ticket=standard, actor=None, priority=Priority.URGENT)
        customer_message_add(ticket=urgent, body="Still?")
    assert clock_of(standard).policy.name == "Urgent"  # type: ignore[union-attr]
    assert clock_of(urgent).policy.name == "Urgent"  # type: ignore[union-attr]
