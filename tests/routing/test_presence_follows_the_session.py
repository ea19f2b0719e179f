"""An agent who signs out or is deactivated is offline at once, not when their heartbeats lapse."""

import pytest
from django.test import Client

from routing.models import AgentStatus, Presence
from routing.services.assignment import agent_presence_set


@pytest.mark.django_db
def test_signing_out_sets_the_agent_offline_at_once(agent):
    agent_presence_set(user=agent, presence=Presence.ONLINE)
    browser = Client()
    browser.force_login(agent)

    response = browser.post("/accounts/logout/")

    assert response.status_code in (200, 302)
    assert AgentStatus.objects.get(user=agent).presence == Presence.OFFLINE


@pytest.mark.django_db
def test_a_deactivated_agent_is_offline_at_once(agent):
    agent_presence_set(user=agent, presence=Presence.ONLINE)

    agent.is_active = False
    agent.save()

    assert AgentStatus.objects.get(user=agent).presence == Presence.OFFLINE


@pytest.mark.django_db
def test_signing_out_writes_nothing_for_an_agent_already_offline(agent):
    browser = Client()
    browser.force_login(agent)

    browser.post("/accounts/logout/")

    assert not AgentStatus.objects.filter(user=agent).exclude(presence=Presence.OFFLINE).exists()
