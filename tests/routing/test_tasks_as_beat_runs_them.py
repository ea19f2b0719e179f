"""The routing tasks as beat runs them: on PostgreSQL, outside any test transaction, through the task."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from casework.tasks import routing_overflow_sweep_task
from routing.models import AgentStatus, Presence
from routing.tasks import presence_expire_task
from tests.factories import make_customer, make_team, make_ticket
from tests.routing.conftest import make_online, member
from tickets.models import Category, Status, Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _events(ticket: Ticket, name: str) -> int:
    return ticket.entries.filter(data__event=name).count()


def test_the_overflow_sweep_gives_a_waiting_case_to_an_agent_who_came_online():
    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    team = make_team(name="General", slug="general", tier=1, wait_target_seconds=60)
    agent = member(team, "late", online=False)
    ticket = make_ticket(category=Category.FEES)
    assert ticket.team == team and ticket.assignee is None

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        make_online(agent)
        assert routing_overflow_sweep_task.delay().get() == 0  # assigned in its own team, not moved
        assert routing_overflow_sweep_task.delay().get() == 0

    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee, ticket.status) == (team, agent, Status.OPEN)
    assert _events(ticket, "assigned") == 1


def test_the_overflow_sweep_moves_a_case_past_its_wait_target_to_a_team_with_someone_free_once():
    busy = make_team(name="General 1", slug="general-1", tier=1, wait_target_seconds=60)
    member(busy, "asleep", online=False)
    helpers = make_team(name="General 2", slug="general-2", tier=1)
    helper = member(helpers, "helper", online=False)
    ticket = make_ticket(category=Category.FEES)
    assert ticket.team == busy

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        make_online(helper)
        assert routing_overflow_sweep_task.delay().get() == 1
        assert routing_overflow_sweep_task.delay().get() == 0

    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (helpers, helper)
    assert _events(ticket, "overflowed") == 1
    assert _events(ticket, "assigned") == 1


def test_the_overflow_sweep_gives_a_case_left_without_a_team_a_team_once():
    ticket = make_ticket(customer=make_customer(language="ja"), category=Category.FEES)
    assert ticket.team is None  # no team existed when it arrived
    team = make_team(name="General", slug="general", tier=1, languages=["en"])
    agent = member(team, "alice")

    assert routing_overflow_sweep_task.delay().get() == 1
    assert routing_overflow_sweep_task.delay().get() == 0

    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (team, agent)
    assert "had no team: sent to General" in ticket.routing["reasons"][-1]
    assert ticket.entries.filter(data__event="routed", data__team=team.pk).count() == 1


def test_presence_lapses_through_the_task_once():
    team = make_team()
    agent = member(team, "gone")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert presence_expire_task.delay().get() == 1
        assert presence_expire_task.delay().get() == 0
    assert AgentStatus.objects.get(user=agent).presence == Presence.OFFLINE


def test_one_case_that_cannot_be_moved_does_not_hold_up_the_others(monkeypatch):
    from routing.services import transfers

    busy = make_team(name="General 1", slug="general-1", tier=1, wait_target_seconds=60)
    helpers = make_team(name="General 2", slug="general-2", tier=1)
    helper = member(helpers, "helper", online=False)
    broken, fine = make_ticket(category=Category.FEES), make_ticket(category=Category.FEES)
    assert broken.team == fine.team == busy

    real_push = transfers.assignment_push

    def push(*, ticket: Ticket, **kwargs: object) -> object:
        if ticket.pk == broken.pk:
            raise RuntimeError("this case is broken")
        return real_push(ticket=ticket, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transfers, "assignment_push", push)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        make_online(helper)
        assert routing_overflow_sweep_task.delay().get() == 1

    fine.refresh_from_db()
    broken.refresh_from_db()
    assert (fine.team, fine.assignee) == (helpers, helper)
    assert (broken.team, broken.assignee) == (busy, None)
