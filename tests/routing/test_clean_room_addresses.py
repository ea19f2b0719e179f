"""A partner agent works only from the networks their teams allow: pages, the API (session or token)
and the console's websocket are refused from anywhere else, and each refusal is audited. An empty list
allows any address; X-Forwarded-For counts only where the helpdesk is told to trust it."""

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from audit.models import AuditEvent
from routing.cleanroom import address_allowed
from routing.models import Team
from tests.factories import TeamMembershipFactory
from tests.livechat.conftest import HOST, ORIGIN, application, session_cookie
from tests.routing.clean_room_world import build_clean_room, page_client, token_client

OFFICE = "203.0.113.0/24"
INSIDE = "203.0.113.7"
OUTSIDE = "198.51.100.9"


def _refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="cleanroom.address_refused"))


@pytest.mark.django_db
@pytest.mark.parametrize("address", [INSIDE, OUTSIDE])
def test_a_partner_page_is_served_only_inside_the_allow_list(address: str):
    room = build_clean_room(ip_allow_list=[OFFICE])
    response = page_client(room.partner, REMOTE_ADDR=address).get("/tickets/")
    if address == INSIDE:
        assert response.status_code == 200
        assert _refusals() == []
    else:
        assert response.status_code == 403
        assert b"Not from this address" in response.content
        (event,) = _refusals()
        assert event.actor == room.partner and event.ip == OUTSIDE
        assert event.after == {"path": "/tickets/", "address": OUTSIDE}


@pytest.mark.django_db
@pytest.mark.parametrize("address", [INSIDE, OUTSIDE])
def test_the_api_with_a_token_is_served_only_inside_the_allow_list(address: str):
    room = build_clean_room(ip_allow_list=[OFFICE])
    response = token_client(room.partner, REMOTE_ADDR=address).get(f"/api/tickets/{room.ticket.pk}/")
    if address == INSIDE:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "address_refused"
        assert [(e.after or {})["path"] for e in _refusals()] == [f"/api/tickets/{room.ticket.pk}/"]


@pytest.mark.django_db
def test_the_api_with_the_session_is_refused_outside_the_allow_list():
    room = build_clean_room(ip_allow_list=[OFFICE])
    response = page_client(room.partner, REMOTE_ADDR=OUTSIDE).get("/api/tickets/")
    assert response.status_code == 403
    assert response.json()["message"] == "Your team may not use the helpdesk from this network address."


@pytest.mark.django_db
def test_an_empty_allow_list_allows_any_address():
    room = build_clean_room(ip_allow_list=[])
    assert page_client(room.partner, REMOTE_ADDR=OUTSIDE).get("/tickets/").status_code == 200
    assert _refusals() == []


@pytest.mark.django_db
def test_the_allow_lists_of_all_a_partners_teams_add_up():
    room = build_clean_room(ip_allow_list=[OFFICE])
    second = Team.objects.create(
        name="Night desk", slug="night", is_outsourced=True, ip_allow_list=["198.51.100.0/28"]
    )
    TeamMembershipFactory(team=second, user=room.partner)
    assert page_client(room.partner, REMOTE_ADDR=OUTSIDE).get("/tickets/").status_code == 200
    assert page_client(room.partner, REMOTE_ADDR="198.51.100.77").get("/tickets/").status_code == 403


@pytest.mark.django_db
def test_one_partner_team_without_a_list_allows_any_address():
    room = build_clean_room(ip_allow_list=[OFFICE])
    TeamMembershipFactory(
        team=Team.objects.create(name="Open", slug="open", is_outsourced=True), user=room.partner
    )
    assert page_client(room.partner, REMOTE_ADDR=OUTSIDE).get("/tickets/").status_code == 200


@pytest.mark.django_db
def test_in_house_agents_and_visitors_are_not_held_to_any_list():
    room = build_clean_room(ip_allow_list=[OFFICE])
    assert page_client(room.agent, REMOTE_ADDR=OUTSIDE).get("/tickets/").status_code == 200
    assert page_client(room.partner, REMOTE_ADDR=OUTSIDE).get("/help/en/").status_code == 403
    from django.test import Client

    assert Client(REMOTE_ADDR=OUTSIDE).get("/help/en/").status_code == 200


@pytest.mark.django_db
def test_x_forwarded_for_counts_only_when_trusted(settings: Any):
    room = build_clean_room(ip_allow_list=[OFFICE])
    # A client-supplied header names an inside address from outside: ignored unless trusted.
    settings.HELPDESK_TRUST_X_FORWARDED_FOR = False
    spoofed = page_client(room.partner, REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR=INSIDE)
    assert spoofed.get("/tickets/").status_code == 403
    # Behind our proxy the last entry is the address it saw; anything before it is the client's own claim.
    settings.HELPDESK_TRUST_X_FORWARDED_FOR = True
    proxied = page_client(room.partner, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{OUTSIDE}, {INSIDE}")
    assert proxied.get("/tickets/").status_code == 200
    claimed = page_client(room.partner, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{INSIDE}, {OUTSIDE}")
    assert claimed.get("/tickets/").status_code == 403


@pytest.mark.django_db
def test_an_entry_saved_around_the_check_allows_nothing():
    room = build_clean_room(ip_allow_list=["not a network"])
    Team.objects.filter(pk=room.partner_team.pk).update(ip_allow_list=["not a network", OFFICE])
    assert not address_allowed(room.partner, OUTSIDE)
    assert address_allowed(room.partner, INSIDE)
    assert not address_allowed(room.partner, None)


# --- The console's websocket --------------------------------------------------------------------
async def _console_opens(user: Any, forwarded: str) -> bool:
    cookie = await database_sync_to_async(session_cookie)(user)
    headers = [ORIGIN, HOST, cookie, (b"x-forwarded-for", forwarded.encode())]
    socket = WebsocketCommunicator(application(), "/ws/chat/agent/", headers=headers)
    connected, _ = await socket.connect()
    await socket.disconnect()
    return bool(connected)


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("address", [INSIDE, OUTSIDE])
async def test_the_console_socket_opens_only_inside_the_allow_list(address: str, settings: Any):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.HELPDESK_TRUST_X_FORWARDED_FOR = True
    room = await database_sync_to_async(build_clean_room)(ip_allow_list=[OFFICE])
    assert await _console_opens(room.partner, address) is (address == INSIDE)
    refusals = await database_sync_to_async(_refusals)()
    assert [(e.after or {})["path"] for e in refusals] == ([] if address == INSIDE else ["/ws/chat/agent/"])


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
