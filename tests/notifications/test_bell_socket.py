"""The bell's socket: staff only, each person's own counts and nobody else's."""

from collections.abc import Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from notifications.models import Kind
from notifications.services import Draft, notifications_create
from tests.factories import make_agent, make_team, make_ticket

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _in_memory_layer_and_pool_connections_close(settings: Any) -> Iterator[None]:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # The socket's database calls run in pool threads; each closes its connection after the call.
    db_settings = connections["default"].settings_dict
    max_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    yield
    db_settings["CONN_MAX_AGE"] = max_age


async def _socket(user: Any | None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        client = Client()
        await sync_to_async(client.force_login)(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    from helpdesk.asgi import application

    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


def _tell(user: Any, ticket: Any) -> None:
    notifications_create(drafts=[Draft(recipient_id=user.pk, kind=Kind.MENTIONED, ticket_id=ticket.pk)])


async def test_a_person_hears_their_own_count_and_nobody_elses() -> None:
    ana, bruno = await sync_to_async(make_agent)(), await sync_to_async(make_agent)()
    ticket = await sync_to_async(make_ticket)(team=await sync_to_async(make_team)())
    socket = await _socket(ana)
    connected, _ = await socket.connect()
    assert connected
    assert await socket.receive_json_from(timeout=5) == {"type": "unread", "unread": 0, "added": False}
    await sync_to_async(_tell)(bruno, ticket)
    assert await socket.receive_nothing(timeout=0.5)
    await sync_to_async(_tell)(ana, ticket)
    assert await socket.receive_json_from(timeout=5) == {"type": "unread", "unread": 1, "added": True}
    await socket.disconnect()


@pytest.mark.parametrize(("role", "code"), [(None, 4401), ("auditor", 4403)])
async def test_nobody_signed_out_and_no_auditor_opens_it(role: str | None, code: int) -> None:
    user = None if role is None else await sync_to_async(make_agent)(role=role)
    socket = await _socket(user)
    connected, close_code = await socket.connect()
    assert not connected and close_code == code
