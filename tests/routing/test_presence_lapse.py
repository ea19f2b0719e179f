"""A late heartbeat is not a choice: the agent the presence sweep marked offline comes back with it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEvent
from routing.models import AgentStatus, Presence
from routing.services import agent_heartbeat, agent_presence_set, presence_expire
from tests.factories import make_ticket
from tests.routing.conftest import member

pytestmark = pytest.mark.django_db


def _lapse() -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert presence_expire() >= 1


def test_the_presence_the_agent_had_comes_back_with_the_next_heartbeat(general_team):
    agent = member(general_team, "agent")
    _lapse()
    status = AgentStatus.objects.get(user=agent)
    assert (status.presence, status.lapsed_from) == (Presence.OFFLINE, Presence.ONLINE)

    agent_heartbeat(user=agent)
    status.refresh_from_db()
    assert (status.presence, status.lapsed_from) == (Presence.ONLINE, "")
    restored = AuditEvent.objects.get(action="agent.presence_restored")
    assert restored.after == {"presence": Presence.ONLINE}
    # Back online, they are offered cases again.
    ticket = make_ticket()
    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_away_comes_back_as_away(general_team):
    agent = member(general_team, "agent")
    agent_presence_set(user=agent, presence=Presence.AWAY)
    _lapse()
    agent_heartbeat(user=agent)
    assert AgentStatus.objects.get(user=agent).presence == Presence.AWAY


def test_an_agent_who_chose_offline_stays_offline(general_team):
    agent = member(general_team, "agent")
    agent_presence_set(user=agent, presence=Presence.OFFLINE)
    agent_heartbeat(user=agent)
    assert AgentStatus.objects.get(user=agent).presence == Presence.OFFLINE


def test_a_choice_made_after_the_lapse_is_kept(general_team):
    agent = member(general_team, "agent")
    _lapse()
    agent_presence_set(user=agent, presence=Presence.OFFLINE)
    assert AgentStatus.objects.get(user=agent).lapsed_from == ""
    agent_heartbeat(user=agent)
    assert AgentStatus.objects.get(user=agent).presence == Presence.OFFLINE
    assert not AuditEvent.objects.filter(action="agent.presence_restored").exists()
