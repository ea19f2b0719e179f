"""/api/routing/presence/: an agent sets their own presence; heartbeats keep it alive."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from routing.models import AgentStatus, Presence

pytestmark = pytest.mark.django_db


def test_an_agent_who_never_set_a_presence_reads_offline_and_nothing_is_written(api_client):
    response = api_client.get("/api/routing/presence/")
    assert response.json() == {"presence": "offline", "last_seen_at": None}
    assert not AgentStatus.objects.exists()


def test_setting_presence_is_stored_and_audited(api_client, agent):
    response = api_client.put("/api/routing/presence/", {"presence": "online"}, format="json")
    assert response.status_code == 200
    assert response.json()["presence"] == "online"
    status = AgentStatus.objects.get(user=agent)
    assert status.presence == Presence.ONLINE
    event = AuditEvent.objects.get(action="agent.presence_changed")
    assert (event.actor, event.before, event.after) == (
        agent,
        {"presence": "offline"},
        {"presence": "online"},
    )
    assert api_client.get("/api/routing/presence/").json()["presence"] == "online"


def test_presence_without_heartbeats_reads_offline_and_a_heartbeat_keeps_it(api_client, agent):
    api_client.put("/api/routing/presence/", {"presence": "away"}, format="json")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        assert api_client.get("/api/routing/presence/").json()["presence"] == "offline"
        response = api_client.post("/api/routing/presence/heartbeat/")
        assert response.status_code == 200
        assert response.json()["presence"] == "away"
        seen = AgentStatus.objects.get(user=agent).last_seen_at
        assert seen is not None and timezone.now() - seen < dt.timedelta(seconds=5)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"presence": "busy"}, 'presence: "busy" is not a valid choice.'),
        ({}, "presence: This field is required."),
        ({"presence": "online", "user": 1}, "user: Unknown field."),
    ],
)
def test_a_bad_presence_is_refused(api_client, body, message):
    response = api_client.put("/api/routing/presence/", body, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert not AgentStatus.objects.exists()


def test_presence_needs_a_signed_in_agent(db):
    client = APIClient()
    assert client.get("/api/routing/presence/").status_code == 401
    assert client.post("/api/routing/presence/heartbeat/").status_code == 401
