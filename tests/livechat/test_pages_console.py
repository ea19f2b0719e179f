import json
import re
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import AccountFlag, Customer
from livechat.identity import identity_sign
from livechat.models import Conversation
from livechat.services import chat_accept, chat_start
from livechat.views import console_strings
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tests.routing.conftest import make_online

pytestmark = pytest.mark.django_db

CONSOLE = reverse("livechat:console")
WAITING = reverse("livechat:console-waiting")


def _json_script(response, element_id: str) -> Any:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, f"no {element_id} on the page"
    return json.loads(match.group(1))


def _signed(sub: str, name: str, vip_level: str = "standard") -> str:
    return identity_sign(
        {
            "sub": sub,
            "name": name,
            "vip_level": vip_level,
            "kyc_status": "verified",
            "exp": int(time.time()) + 600,
        }
    )


@pytest.fixture
def team() -> Any:
    return make_team(name="General", slug="general", languages=["en"], chat_capacity=3)


@pytest.fixture
def on_duty(agent: Any, team: Any) -> Any:
    TeamMembershipFactory(team=team, user=agent)
    make_online(agent)
    return agent


@pytest.mark.parametrize(
    "url",
    [CONSOLE, WAITING, reverse("livechat:conversation-context", args=[1])],
    ids=["console", "waiting", "context"],
)
def test_the_console_sends_whoever_is_not_signed_in_to_the_sign_in_page(client: Client, url: str):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_workspace_page_links_to_the_chats(agent_client: Client):
    page = agent_client.get(reverse("tickets:queue")).content.decode()

    assert f'href="{CONSOLE}"' in page
    assert ">Chats</a>" in page


def test_the_console_opens_with_the_agents_own_active_chats_only(
    agent_client: Client, on_duty: Any, team: Any
):
    mine = chat_start(topic="withdrawal", identity=_signed("EX-1", "Mia Chen", "vip2"), language="es")
    chat_accept(conversation_id=mine.pk, agent=on_duty)
    bob = make_agent(username="bob")
    TeamMembershipFactory(team=team, user=bob)
    theirs = chat_start(topic="deposit", identity=_signed("EX-2", "Noah Park"))
    chat_accept(conversation_id=theirs.pk, agent=bob)
    chat_start(topic="kyc", name="Waiting Walt")

    chats = _json_script(agent_client.get(CONSOLE), "console-chats")

    assert [c["conversation"] for c in chats] == [mine.pk]
    assert chats[0]["customer"] == "Mia Chen"
    assert chats[0]["vip_level"] == "vip2"
    assert chats[0]["language"] == "es"
    assert chats[0]["verified"] is True


def test_the_console_gives_its_script_the_capacity_teams_labels_and_strings(
    agent_client: Client, on_duty: Any
):
    response = agent_client.get(CONSOLE)
    page = response.content.decode()

    assert 'data-capacity="3"' in page
    assert 'data-ws="/ws/chat/agent/"' in page
    assert {"id": on_duty.teams.get().pk, "name": "General"} in _json_script(response, "console-teams")
    assert _json_script(response, "console-strings") == console_strings()
    assert _json_script(response, "console-labels")["vip"]["vip2"] == "VIP 2"
    assert 'src="/static/livechat/console.js"' in page


def test_an_agent_without_chat_capacity_is_told_so(agent_client: Client):
    page = agent_client.get(CONSOLE).content.decode()

    assert 'data-capacity="0"' in page
    assert "You have no chat capacity" in page


def test_the_waiting_list_puts_vips_first_in_a_fixed_number_of_queries(agent_client: Client, team: Any):
    chat_start(topic="trading", name="Early Eve")
    chat_start(topic="kyc", identity=_signed("EX-3", "Vic Vip", "vip3"))
    agent_client.get(WAITING)  # the session and user are loaded once

    with CaptureQueriesContext(connection) as two:
        first = agent_client.get(WAITING).content.decode()
    for n in range(3):
        chat_start(topic="other", name=f"Later {n}")
    with CaptureQueriesContext(connection) as five:
        agent_client.get(WAITING)

    assert first.index("Vic Vip") < first.index("Early Eve")
    assert 'data-accept="' in first
    assert "Unverified" in first.split("Early Eve", 1)[1].split("</li>", 1)[0]
    assert len(five) == len(two)


def test_the_waiting_list_leaves_out_chats_that_are_no_longer_waiting(agent_client: Client, on_duty: Any):
    taken = chat_start(topic="deposit", name="Taken Tom")
    chat_accept(conversation_id=taken.pk, agent=on_duty)

    page = agent_client.get(WAITING).content.decode()

    assert "Taken Tom" not in page
    assert "Nobody is waiting." in page


def test_the_customer_context_shows_status_flags_and_recent_tickets(agent_client: Client, on_duty: Any):
    conversation = chat_start(topic="withdrawal", identity=_signed("EX-9", "Mia Chen", "vip2"))
    customer = Customer.objects.get(external_id="EX-9")
    Customer.objects.filter(pk=customer.pk).update(account_flags=[AccountFlag.WITHDRAWALS_LOCKED])
    earlier = make_ticket(customer=customer, subject="Card deposit missing")

    page = agent_client.get(reverse("livechat:conversation-context", args=[conversation.pk])).content.decode()

    assert "VIP 2" in page
    assert "Verified" in page
    assert "Withdrawals locked" in page
    assert "Card deposit missing" in page and earlier.reference in page
    assert "EX-9" in page
    assert "Anonymous visitor" not in page


def test_an_anonymous_visitors_context_says_their_claims_are_unverified(agent_client: Client, on_duty: Any):
    conversation = chat_start(topic="other", name="Claims To Be Satoshi", email="sat@mail.example")

    page = agent_client.get(reverse("livechat:conversation-context", args=[conversation.pk])).content.decode()

    assert "Anonymous visitor" in page
    assert Conversation.objects.get(pk=conversation.pk).ticket.customer.external_id not in page


def test_an_agent_who_may_not_see_the_chat_gets_no_context(team: Any):
    partner_team = make_team(name="Partner BPO", slug="partner", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    # Routing sends a chat only to a team with members, so the in-house team has one.
    TeamMembershipFactory(team=team, user=make_agent(username="gina"))
    conversation = chat_start(topic="withdrawal", name="Someone")
    client = Client()
    client.force_login(partner)

    assert client.get(reverse("livechat:conversation-context", args=[conversation.pk])).status_code == 404
    assert "Someone" not in client.get(WAITING).content.decode()
