"""Live chat fixtures: a team with agents online, chats started through the widget API, and
websocket clients for the visitor and the agent driven through the real ASGI application."""

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.db import connections
from django.test import Client

from accounts.models import User
from routing.models import Team
from tests.factories import make_team
from tests.routing.conftest import member

ORIGIN = (b"origin", b"http://testserver")
# The Host a browser sends with the handshake: the Origin check compares it, port included.
HOST = (b"host", b"testserver")
# Channels' testing default is 1 s, which a burst of 50 sockets at once on a busy machine can exceed
# (every one is accepted, later); a refused socket still answers at once.
CONNECT_SECONDS = 10


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _chat_layers(request: pytest.FixtureRequest, settings: Any) -> Iterator[None]:
    """The in-memory channel layer, except for tests marked `redis`, which keep the real one."""
    if not request.node.get_closest_marker("redis"):
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Each service call runs in a pool thread with its own connection; let it close after each call
    # so no connection outlives the test database.
    db_settings = connections["default"].settings_dict
    max_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    cache.clear()
    yield
    db_settings["CONN_MAX_AGE"] = max_age


@pytest.fixture
def chat_team(db: None) -> Team:
    return make_team(name="Chat", slug="chat", tier=1, languages=["en", "es"], chat_capacity=3)


@pytest.fixture
def agents(chat_team: Team) -> list[User]:
    """Two agents of the chat team, online."""
    return [member(chat_team, "ana"), member(chat_team, "ben")]


def start_chat(**body: Any) -> dict[str, Any]:
    """Start a chat through the widget API, as the widget does."""
    body.setdefault("topic", "withdrawal")
    body.setdefault("language", "en")
    response = Client().post("/chat/api/start/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def session_cookie(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


def application() -> Any:
    from helpdesk.asgi import application

    return application


async def visitor(token: str, last_seq: int = 0) -> tuple[WebsocketCommunicator, dict[str, Any]]:
    """A widget connection that said hello; returns it with its welcome frame."""
    socket = WebsocketCommunicator(application(), "/ws/chat/customer/", headers=[ORIGIN, HOST])
    connected, _ = await socket.connect(timeout=CONNECT_SECONDS)
    assert connected
    await socket.send_json_to({"type": "hello", "token": token, "last_seq": last_seq})
    welcome = await socket.receive_json_from(timeout=5)
    assert welcome["type"] == "welcome", welcome
    return socket, welcome


async def console(user: User) -> WebsocketCommunicator:
    cookie = await sync_to_async(session_cookie)(user)
    socket = WebsocketCommunicator(application(), "/ws/chat/agent/", headers=[ORIGIN, HOST, cookie])
    connected, _ = await socket.connect(timeout=CONNECT_SECONDS)
    assert connected
    return socket


async def frames_until(
    socket: WebsocketCommunicator, done: Callable[[dict[str, Any]], bool], timeout: float = 5
) -> list[dict[str, Any]]:
    """Every frame up to and including the first one `done` accepts."""
    seen = []
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        seen.append(frame)
        if done(frame):
            return seen


async def next_of(socket: WebsocketCommunicator, kind: str, timeout: float = 5) -> dict[str, Any]:
    """The next frame of type `kind`, skipping others."""
    return (await frames_until(socket, lambda f: f["type"] == kind, timeout))[-1]


def messages(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in frames if f["type"] == "message"]
