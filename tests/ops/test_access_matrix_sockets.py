"""The access matrix's socket half (helpdesk/access_matrix.py; the FRAME_TABLE of livechat/access_table.py
and workspace/access_table.py): every frame the chat sockets and the ticket page's socket accept has rows,
and every row holds for every role over a real socket.

Apart from tests/ops/test_access_matrix.py because sockets work on the database from pool threads,
which see only committed rows: these tests commit their world, where that module builds its world
once in a transaction it rolls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from helpdesk.access_matrix import ROLES, FrameRule, Ref, frame_rules
from livechat.consumers import AgentConsumer, CustomerConsumer
from notifications.consumers import NotificationConsumer
from tests.ops.access_world import World, build_world, chat_for
from workspace.consumers import TicketPresenceConsumer

FRAME_TABLE = frame_rules()

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")
PATHS = {
    "agent": "/ws/chat/agent/",
    "customer": "/ws/chat/customer/",
    "ticket": "/ws/tickets/presence/",
    # The bell's socket takes no frames (tests/notifications/test_bell_socket.py checks who opens it).
    "notifications": "/ws/notifications/",
}
# Sent after the frame under test, in its lane: its error (an unknown type) says the frame before it
# was worked, so a frame that answers nothing when it succeeds needs no waiting for a silence.
SENTINEL = {"type": "sentinel.unknown", "client_id": "sentinel"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _chat_layers(settings: Any) -> Iterator[None]:
    """The in-memory channel layer; pool threads' connections close after each call, so none outlives
    the test database (as tests/livechat/conftest.py does)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    db_settings = connections["default"].settings_dict
    max_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    cache.clear()
    yield
    db_settings["CONN_MAX_AGE"] = max_age


def accepted_frames() -> dict[str, set[str]]:
    """The frame types each consumer dispatches, read from its own dispatch table (the widget's
    before and after its hello)."""
    agent = AgentConsumer.__new__(AgentConsumer)
    customer = CustomerConsumer.__new__(CustomerConsumer)
    types = set(agent.frame_handlers())
    ticket = TicketPresenceConsumer.__new__(TicketPresenceConsumer)
    found = {
        "agent": types,
        "customer": set(),
        "ticket": set(ticket.frame_handlers()),
        "notifications": set(),
    }
    for conversation in (None, 1):
        customer.conversation_id = conversation
        found["customer"] |= set(customer.frame_handlers())
    return found


def test_every_frame_a_chat_socket_accepts_has_access_rows():
    """A new frame type fails here until livechat/access_table.py says who may send it."""
    declared = {socket: {r.frame for r in FRAME_TABLE if r.socket == socket} for socket in PATHS}
    assert accepted_frames() == declared


def _consumer(app: Any) -> Any:
    """The consumer class under a route's wrappers (origin checks, guards)."""
    while not hasattr(app, "consumer_class"):
        app = app.application
    return app.consumer_class


def test_every_websocket_route_is_a_socket_the_frame_table_covers():
    """A new socket fails here until it has a frame table and this test walks it."""
    from helpdesk.ws_urls import websocket_urlpatterns

    routes = {f"/{p.pattern}": _consumer(p.callback) for p in websocket_urlpatterns}
    assert routes == {
        PATHS["agent"]: AgentConsumer,
        PATHS["customer"]: CustomerConsumer,
        PATHS["ticket"]: TicketPresenceConsumer,
        PATHS["notifications"]: NotificationConsumer,
    }


def _fill(value: Any, world: World) -> Any:
    if isinstance(value, Ref):
        return world.value(value.key)
    return value


async def _next(socket: WebsocketCommunicator) -> dict[str, Any] | None:
    """The next frame, or None once the socket has closed."""
    message = await socket.receive_output(timeout=5)
    if message["type"] == "websocket.close":
        return None
    import json

    return dict(json.loads(message["text"]))


async def _until(socket: WebsocketCommunicator, done: Any) -> list[dict[str, Any]] | None:
    """Frames up to the first `done` accepts; None if the socket closed first."""
    seen = []
    while True:
        frame = await _next(socket)
        if frame is None:
            return None
        seen.append(frame)
        if done(frame):
            return seen


async def _open(socket_kind: str, role: str, world: World, token: str | None) -> WebsocketCommunicator | None:
    """The role's socket, open and ready for frames; None when it did not open or was closed."""
    headers = [ORIGIN, HOST]
    if role in world.sessions:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={world.sessions[role]}".encode()))
    socket = WebsocketCommunicator(_application(), PATHS[socket_kind], headers=headers)
    # The address the partner team's clean room allows, as the HTTP tests' client has it.
    socket.scope["client"] = ("127.0.0.1", 50000)
    connected, _ = await socket.connect()
    if not connected:
        return None
    if socket_kind in ("agent", "ticket"):
        await socket.send_json_to({"type": "ping"})
        opened = await _until(socket, lambda f: f["type"] == "pong")
    else:
        hello = {"type": "hello", "token": token if role == "visitor" else None, "client_id": "hello"}
        await socket.send_json_to(hello)
        opened = await _until(socket, lambda f: f["type"] in ("welcome", "error"))
        if opened is not None and opened[-1]["type"] == "error":
            opened = await _until(socket, lambda f: False)
    if opened is None:
        await socket.disconnect()
        return None
    return socket


async def _answer(socket: WebsocketCommunicator, rule: FrameRule, conversation: int, world: World) -> str:
    """How the socket answers the rule's frame (after its `before` frames) about `conversation` (on the
    ticket page's socket: about that ticket)."""
    about = {"ticket" if rule.socket == "ticket" else "conversation": conversation}
    for frame in rule.before:
        await socket.send_json_to({**frame, **about, "client_id": "before"})
    body = {key: _fill(value, world) for key, value in rule.body.items()}
    await socket.send_json_to({**body, "type": rule.frame, **about, "client_id": "probe"})
    await socket.send_json_to({**SENTINEL, **about})
    frames = await _until(socket, lambda f: f["type"] == "error" and f.get("client_id") == "sentinel")
    if frames is None:
        return "closed"
    errors = [f["code"] for f in frames if f["type"] == "error" and f.get("client_id") == "probe"]
    return errors[0] if errors else "ok"


async def widget_outcome(rule: FrameRule, role: str, world: World) -> str:
    """The widget's socket opens with one chat's token: one socket per row. Only the visitor, who says
    hello with the token, needs a chat made for it."""
    conversation, token = 0, None
    if role == "visitor":
        conversation, token = await sync_to_async(chat_for)(rule.conversation)
    socket = await _open("customer", role, world, token)
    if socket is None:
        return "closed"
    got = "ok" if rule.frame == "hello" else await _answer(socket, rule, conversation, world)
    await socket.disconnect()
    return got


def _application() -> Any:
    from helpdesk.asgi import application

    return application


@pytest.fixture
def socket_world(db: None) -> World:
    return build_world()


async def test_every_role_gets_what_the_frame_table_says(socket_world: World, settings: Any) -> None:
    """One world for all rows, one console socket per role for all its rows (each row's frame about a
    fresh chat of the kind the row names); the failure lists every row and role that disagrees."""
    # Frames come faster here than a person sends them: the rate limit is not what is tested.
    settings.LIVECHAT_RATE_PER_SECOND = 1000
    settings.LIVECHAT_RATE_BURST = 1000
    wrong = {}
    for role in ROLES:
        console = await _open("agent", role, socket_world, None)
        page = await _open("ticket", role, socket_world, None)
        for rule in FRAME_TABLE:
            if rule.socket == "customer":
                got = await widget_outcome(rule, role, socket_world)
            elif rule.socket == "ticket":
                ticket = int(socket_world.value(rule.conversation))
                got = "closed" if page is None else await _answer(page, rule, ticket, socket_world)
            elif console is None:
                got = "closed"
            else:
                conversation, _token = await sync_to_async(chat_for)(rule.conversation)
                got = await _answer(console, rule, conversation, socket_world)
            if got != rule.expect[role]:
                wrong[f"{rule.label} as {role}"] = f"got {got}, the table says {rule.expect[role]}"
        for opened in (console, page):
            if opened is not None:
                await opened.disconnect()
    assert wrong == {}
