"""Who else is on a case, live (workspace/consumers.py, workspace/presence.py): agents with a ticket open
see each other viewing and typing over the ticket's own group; a ticket one may not see is refused; a
seat goes with its socket, or runs out without a heartbeat; several tabs of one agent read as one."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.test import Client

from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory, TicketFactory
from workspace import presence

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")
PATH = "/ws/tickets/presence/"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _layers(settings: Any) -> Iterator[None]:
    """The in-memory channel layer; seats in the test Redis, emptied of presence keys around each test."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    db_settings = connections["default"].settings_dict
    max_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    cache.clear()
    _forget_seats()
    yield
    _forget_seats()
    db_settings["CONN_MAX_AGE"] = max_age


def _forget_seats() -> None:
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter("presence:ticket:*"):
            client.delete(key)
    presence._stores.clear()


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    inhouse = TeamFactory.create(name="General", slug="general")
    partner_team = TeamFactory.create(name="Partner BPO", slug="partner-bpo", is_outsourced=True)
    partner = AgentFactory.create(username="pat", first_name="Pat")
    TeamMembershipFactory.create(team=partner_team, user=partner)
    return {
        "emma": AgentFactory.create(username="emma", first_name="Emma"),
        "omar": AgentFactory.create(username="omar", first_name="Omar"),
        "auditor": AgentFactory.create(username="audrey", role="auditor"),
        "partner": partner,
        "ticket": TicketFactory.create(team=inhouse),
        "partner_ticket": TicketFactory.create(team=partner_team),
    }


def _cookie(user: Any) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (
        b"cookie",
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode(),
    )


async def _page(user: Any) -> WebsocketCommunicator:
    from helpdesk.asgi import application

    cookie = await sync_to_async(_cookie)(user)
    socket = WebsocketCommunicator(application, PATH, headers=[ORIGIN, HOST, cookie])
    socket.scope["client"] = ("127.0.0.1", 50000)
    connected, _ = await socket.connect()
    assert connected
    return socket


async def _until(socket: WebsocketCommunicator, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    while True:
        frame = await socket.receive_json_from(timeout=5)
        if done(frame):
            return frame


def _names(frame: dict[str, Any]) -> dict[str, str]:
    return {viewer["name"]: viewer["activity"] for viewer in frame["viewers"]}


async def _roster(socket: WebsocketCommunicator, want: dict[str, str]) -> dict[str, Any]:
    """The next presence frame whose roster is `want` (earlier rosters on the way are skipped)."""
    return await _until(socket, lambda f: f["type"] == "presence" and _names(f) == want)


async def test_agents_on_one_ticket_see_each_other_join_type_and_leave(world: dict[str, Any]):
    ticket = world["ticket"].pk
    emma = await _page(world["emma"])
    await emma.send_json_to({"type": "watch", "ticket": ticket})
    await _roster(emma, {"Emma": "viewing"})
    omar = await _page(world["omar"])
    await omar.send_json_to({"type": "watch", "ticket": ticket})
    joined = await _roster(omar, {"Emma": "viewing", "Omar": "viewing"})
    assert joined["heartbeat"] == presence.HEARTBEAT_SECONDS
    await _roster(emma, {"Emma": "viewing", "Omar": "viewing"})

    await emma.send_json_to({"type": "typing", "ticket": ticket, "activity": "reply"})
    await _roster(omar, {"Emma": "reply", "Omar": "viewing"})
    await emma.send_json_to({"type": "typing", "ticket": ticket, "activity": "note"})
    await _roster(omar, {"Emma": "note", "Omar": "viewing"})
    await emma.send_json_to({"type": "typing", "ticket": ticket, "activity": "viewing"})
    await _roster(omar, {"Emma": "viewing", "Omar": "viewing"})

    await emma.disconnect()
    await _roster(omar, {"Omar": "viewing"})
    await omar.send_json_to({"type": "unwatch", "ticket": ticket})
    await omar.send_json_to({"type": "ping"})
    await _until(omar, lambda f: f["type"] == "pong")
    assert await presence.presence_roster(ticket) == []
    await omar.disconnect()


async def test_a_partner_agent_cannot_watch_another_teams_ticket(world: dict[str, Any]):
    emma = await _page(world["emma"])
    await emma.send_json_to({"type": "watch", "ticket": world["ticket"].pk})
    await _roster(emma, {"Emma": "viewing"})
    pat = await _page(world["partner"])
    await pat.send_json_to({"type": "watch", "ticket": world["ticket"].pk, "client_id": "w"})
    refused = await _until(pat, lambda f: f["type"] == "error")
    assert refused["code"] == "not_found" and refused["client_id"] == "w"
    # Nor may they type there, and the agents on it never hear of them.
    await pat.send_json_to({"type": "typing", "ticket": world["ticket"].pk, "activity": "reply"})
    assert (await _until(pat, lambda f: f["type"] == "error"))["code"] == "forbidden"
    assert await presence.presence_roster(world["ticket"].pk) == [
        {"user": world["emma"].pk, "name": "Emma", "activity": "viewing"}
    ]
    # Their own team's case they watch as anyone does.
    await pat.send_json_to({"type": "watch", "ticket": world["partner_ticket"].pk})
    await _roster(pat, {"Pat": "viewing"})
    await emma.send_json_to({"type": "ping"})
    assert (await emma.receive_json_from(timeout=5))["type"] == "pong"
    await pat.disconnect()
    await emma.disconnect()


async def test_an_auditor_and_a_stranger_get_no_socket(world: dict[str, Any]):
    from helpdesk.asgi import application

    auditor = await _page(world["auditor"])
    refused = await auditor.receive_json_from(timeout=5)
    assert refused["code"] == "forbidden"
    assert (await auditor.receive_output(timeout=5))["type"] == "websocket.close"
    stranger = WebsocketCommunicator(application, PATH, headers=[ORIGIN, HOST])
    await stranger.connect()
    assert (await stranger.receive_json_from(timeout=5))["code"] == "unauthenticated"


async def test_two_tabs_of_one_agent_read_as_one_and_closing_one_keeps_the_other(world: dict[str, Any]):
    ticket = world["ticket"].pk
    omar = await _page(world["omar"])
    await omar.send_json_to({"type": "watch", "ticket": ticket})
    await _roster(omar, {"Omar": "viewing"})
    first, second = await _page(world["emma"]), await _page(world["emma"])
    for tab in (first, second):
        await tab.send_json_to({"type": "watch", "ticket": ticket})
        await _roster(tab, {"Emma": "viewing", "Omar": "viewing"})
    await second.send_json_to({"type": "typing", "ticket": ticket, "activity": "reply"})
    await _roster(omar, {"Emma": "reply", "Omar": "viewing"})
    await first.disconnect()
    await omar.send_json_to({"type": "heartbeat"})
    await omar.send_json_to({"type": "ping"})
    await _until(omar, lambda f: f["type"] == "pong")
    assert _names({"viewers": await presence.presence_roster(ticket)}) == {"Emma": "reply", "Omar": "viewing"}
    await second.disconnect()
    await _roster(omar, {"Omar": "viewing"})
    await omar.disconnect()


async def test_a_seat_without_a_heartbeat_runs_out(world: dict[str, Any], monkeypatch: Any):
    """A tab that vanished without closing (its process died): the next heartbeat on the ticket clears
    its seat once EXPIRY_SECONDS passed, and the others hear it."""
    ticket = world["ticket"].pk
    clock = [1_000_000.0]
    monkeypatch.setattr(presence.time, "time", lambda: clock[0])
    await presence.presence_seat(ticket_id=ticket, socket="gone-tab", user_id=world["emma"].pk, name="Emma")
    omar = await _page(world["omar"])
    await omar.send_json_to({"type": "watch", "ticket": ticket})
    await _roster(omar, {"Emma": "viewing", "Omar": "viewing"})
    clock[0] += presence.EXPIRY_SECONDS - 1
    await omar.send_json_to({"type": "heartbeat"})
    clock[0] += 2
    await omar.send_json_to({"type": "heartbeat"})
    await _roster(omar, {"Omar": "viewing"})
    await omar.disconnect()


async def test_typing_runs_out_by_itself(world: dict[str, Any], monkeypatch: Any):
    ticket = world["ticket"].pk
    clock = [2_000_000.0]
    monkeypatch.setattr(presence.time, "time", lambda: clock[0])
    emma = await _page(world["emma"])
    await emma.send_json_to({"type": "watch", "ticket": ticket})
    await emma.send_json_to({"type": "typing", "ticket": ticket, "activity": "reply"})
    await _roster(emma, {"Emma": "reply"})
    clock[0] += presence.TYPING_SECONDS + 1
    await emma.send_json_to({"type": "heartbeat"})
    await _roster(emma, {"Emma": "viewing"})
    await emma.disconnect()


async def test_a_bad_frame_is_answered_and_the_socket_stays(world: dict[str, Any]):
    emma = await _page(world["emma"])
    await emma.send_json_to({"type": "typing", "ticket": world["ticket"].pk, "activity": "dancing"})
    assert (await emma.receive_json_from(timeout=5))["code"] == "bad_frame"
    await emma.send_json_to({"type": "watch", "ticket": "HD-1"})
    assert (await emma.receive_json_from(timeout=5))["code"] == "bad_frame"
    await emma.send_json_to({"type": "watch", "ticket": world["ticket"].pk})
    await _roster(emma, {"Emma": "viewing"})
    await emma.disconnect()


def test_seats_live_in_redis_not_the_database(world: dict[str, Any], django_assert_num_queries: Any):
    """Typing and heartbeats write nothing to the database: the seat is a field of a Redis hash."""
    import asyncio

    assert settings.REDIS_URL, "the test suite runs on the machine's Redis (CI=true)"

    async def typing() -> None:
        await presence.presence_seat(
            ticket_id=world["ticket"].pk, socket="tab", user_id=1, name="Emma", activity="reply"
        )

    with django_assert_num_queries(0):
        asyncio.run(typing())
    raw: dict[bytes, bytes] = redis.Redis.from_url(settings.REDIS_URL).hgetall(  # type: ignore[assignment]
        f"presence:ticket:{world['ticket'].pk}"
    )
    assert list(raw) == [b"tab"]
