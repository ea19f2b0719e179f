"""The chat console's socket ends with its session: when the session goes idle or reaches its maximum
length, and it never opens for a session that still owes its second factor."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from livechat import consumers
from tests.factories import make_agent
from tests.livechat.conftest import HOST, ORIGIN, _chat_layers, anyio_backend, application, next_of

__all__ = ["_chat_layers", "anyio_backend"]

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


def signed_in(user: User, device: TOTPDevice | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


async def console_of(client: Client) -> WebsocketCommunicator:
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    socket = WebsocketCommunicator(application(), "/ws/chat/agent/", headers=[ORIGIN, HOST, cookie])
    assert (await socket.connect())[0]
    return socket


async def closed_with(socket: WebsocketCommunicator) -> tuple[dict[str, Any], int]:
    error = await next_of(socket, "error", timeout=5)
    closed = await socket.receive_output(timeout=5)
    assert closed["type"] == "websocket.close"
    return error, closed["code"]


@pytest.mark.parametrize("minutes", [61, 12 * 60 + 1], ids=["idle", "past the maximum"])
async def test_the_console_closes_once_its_session_has_expired(settings: Any, minutes: int) -> None:
    settings.LIVECHAT_SESSION_CHECK_SECONDS = 0.2
    browser = await sync_to_async(signed_in)(await sync_to_async(make_agent)(username="ana"))
    socket = await console_of(browser)
    assert await socket.receive_nothing(timeout=0.5)

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=minutes)):
        error, code = await closed_with(socket)

    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    await socket.disconnect()


async def test_an_unverified_session_of_a_supervisor_gets_no_console(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True
    supervisor = await sync_to_async(make_agent)(username="sofia", role="supervisor")
    socket = await console_of(await sync_to_async(signed_in)(supervisor))

    error, code = await closed_with(socket)

    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    await socket.disconnect()


async def test_a_verified_session_of_a_supervisor_keeps_its_console(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True
    settings.LIVECHAT_SESSION_CHECK_SECONDS = 0.2
    supervisor = await sync_to_async(make_agent)(username="sofia", role="supervisor")
    device = await sync_to_async(TOTPDevice.objects.create)(user=supervisor, name="phone", confirmed=True)
    socket = await console_of(await sync_to_async(signed_in)(supervisor, device))

    # Several session checks go by and the socket stays.
    assert await socket.receive_nothing(timeout=0.8)

    await sync_to_async(device.delete)()
    error, code = await closed_with(socket)
    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    await socket.disconnect()
