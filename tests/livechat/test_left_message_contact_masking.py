"""A signed-in customer who leaves a message with another address for the answer: the address is kept
on the ticket's timeline as contact data, masked for agents and partner agents (API and page) and
shown to supervisors, never written into the message body."""

import json
import time
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from livechat.identity import identity_sign
from tests.factories import TeamMembershipFactory, make_agent, make_team
from tests.livechat.conftest import start_chat
from tickets.models import EntryKind, Ticket

pytestmark = pytest.mark.django_db

ASKED = "maya.private@mail.example"


@pytest.fixture
def left_message(chat_team: Any) -> Ticket:
    token = identity_sign(
        {"sub": "EX-777", "name": "Maya Chen", "email": "maya@mail.example", "exp": int(time.time()) + 600}
    )
    chat = start_chat(identity=token)
    response = Client().post(
        "/chat/api/leave-message/",
        json.dumps({"token": chat["token"], "email": ASKED, "body": "Call me back"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Ticket.objects.get(pk=int(response.json()["ticket"].split("-")[1]))


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("partner", [False, True])
def test_agents_see_the_address_asked_for_masked_and_it_is_not_in_the_body(left_message, partner):
    agent = make_agent(username="pat" if partner else "alice")
    team = make_team(name="Desk", slug="desk", is_outsourced=partner)
    TeamMembershipFactory(team=team, user=agent)
    Ticket.objects.filter(pk=left_message.pk).update(team=team)

    message = left_message.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert message.body == "Call me back"
    body = _api(agent).get(f"/api/tickets/{left_message.pk}/entries/").content.decode()
    assert ASKED not in body
    assert "m•••@mail.example" in body
    page_client = Client()
    page_client.force_login(agent)
    page = page_client.get(f"/tickets/{left_message.pk}/").content.decode()
    assert ASKED not in page
    assert "asks for the answer at m•••@mail.example" in page


def test_a_supervisor_sees_the_address_asked_for(left_message, supervisor):
    body = _api(supervisor).get(f"/api/tickets/{left_message.pk}/entries/").json()
    message = next(e for e in body["results"] if e["kind"] == EntryKind.CUSTOMER_MESSAGE)
    assert message["data"]["email"]["reply_to"] == ASKED
