"""A chat socket lives as long as what signed it in: the agent's session, the visitor's chat token, and
a `hello` said in time."""

import datetime as dt
import time
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import User
from livechat import consumers
from livechat.consumers import visitor as visitor_consumer
from tests.livechat.conftest import HOST, ORIGIN, application, next_of, start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def console_of(client: Client) -> WebsocketCommunicator:
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    socket = WebsocketCommunicator(application(), "/ws/chat/agent/", headers=[ORIGIN, HOST, cookie])
    assert (await socket.connect())[0]
    return socket


async def closed_with(socket: WebsocketCommunicator, timeout: float = 5) -> tuple[dict[str, Any], int]:
    """The error frame that explains the close, and the close code."""
    error = await next_of(socket, "error", timeout=timeout)
    closed = await socket.receive_output(timeout=timeout)
    assert closed["type"] == "websocket.close"
    return error, closed["code"]


async def test_signing_out_closes_the_console_sockets_of_that_session_and_subscribe_stops_working(agents):
    chat = await sync_to_async(start_chat)(message="my card was charged twice")
    ana = agents[0]
    browser = await sync_to_async(signed_in)(ana)
    other_browser = await sync_to_async(signed_in)(ana)
    first, second = await console_of(browser), await console_of(browser)
    elsewhere = await console_of(other_browser)

    response = await sync_to_async(browser.post)("/accounts/logout/")
    assert response.status_code == 302

    for socket in (first, second):
        error, code = await closed_with(socket)
        assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
        await socket.send_json_to({"type": "subscribe", "conversation": chat["conversation"], "last_seq": 0})
        assert await socket.receive_nothing(timeout=0.3)
    # The same agent's other session is another browser: it stays signed in.
    await elsewhere.send_json_to({"type": "subscribe", "conversation": chat["conversation"], "last_seq": 0})
    assert (await next_of(elsewhere, "welcome"))["conversation"] == chat["conversation"]
    # And the old cookie no longer opens a console.
    cookie = (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode())
    again = WebsocketCommunicator(application(), "/ws/chat/agent/", headers=[ORIGIN, HOST, cookie])
    assert (await again.connect())[0]
    assert (await closed_with(again))[1] == consumers.CLOSE_UNAUTHENTICATED
    for socket in (first, second, elsewhere, again):
        await socket.disconnect()


async def test_deactivating_an_agent_closes_every_console_socket_they_opened(agents):
    ana = agents[0]
    sockets = [await console_of(await sync_to_async(signed_in)(ana)) for _ in range(2)]
    ben = await console_of(await sync_to_async(signed_in)(agents[1]))

    def deactivate() -> None:
        user = User.objects.get(pk=ana.pk)
        user.is_active = False
        user.save()

    await sync_to_async(deactivate)()

    for socket in sockets:
        error, code = await closed_with(socket)
        assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    assert await ben.receive_nothing(timeout=0.3)
    for socket in (*sockets, ben):
        await socket.disconnect()


def end_session(session_key: str, how: str) -> None:
    sessions = Session.objects.filter(session_key=session_key)
    if how == "expired":
        sessions.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    elif how == "deleted":
        sessions.delete()
    else:
        user = User.objects.get(pk=sessions.get().get_decoded()["_auth_user_id"])
        user.set_password("a whole new password 2026")
        user.save()


@pytest.mark.parametrize("how", ["expired", "deleted", "password changed"])
async def test_a_console_whose_session_ended_otherwise_closes_at_the_next_check(agents, settings, how):
    settings.LIVECHAT_SESSION_CHECK_SECONDS = 0.2
    browser = await sync_to_async(signed_in)(agents[0])
    socket = await console_of(browser)
    assert await socket.receive_nothing(timeout=0.5)

    await sync_to_async(end_session)(browser.cookies["sessionid"].value, how)

    error, code = await closed_with(socket)
    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    await socket.disconnect()


async def test_a_widget_socket_closes_when_its_chat_token_expires(agents, settings):
    settings.LIVECHAT_TOKEN_MAX_AGE_SECONDS = 3
    chat = await sync_to_async(start_chat)()
    customer, _welcome = await visitor(chat["token"], last_seq=1)

    error, code = await closed_with(customer, timeout=10)
    assert (error["code"], code) == ("forbidden", consumers.CLOSE_FORBIDDEN)
    await customer.disconnect()


async def widget_socket() -> WebsocketCommunicator:
    socket = WebsocketCommunicator(application(), "/ws/chat/customer/", headers=[ORIGIN, HOST])
    assert (await socket.connect())[0]
    return socket


async def test_a_widget_socket_that_never_says_hello_is_closed(settings):
    settings.LIVECHAT_HELLO_TIMEOUT_SECONDS = 0.2
    socket = await widget_socket()

    error, code = await closed_with(socket)
    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_HELLO_TIMEOUT)
    await socket.disconnect()


async def test_a_hello_said_in_time_is_not_cut_off_while_it_waits_for_the_database(
    agents, settings, monkeypatch
):
    settings.LIVECHAT_HELLO_TIMEOUT_SECONDS = 0.2
    chat = await sync_to_async(start_chat)()
    welcome_of = visitor_consumer._visitor_welcome

    def slow_welcome(token: object) -> dict[str, Any]:
        time.sleep(0.6)  # a burst of reconnects queues for the pool
        return welcome_of(token)

    monkeypatch.setattr(visitor_consumer, "_visitor_welcome", slow_welcome)
    socket = await widget_socket()
    await socket.send_json_to({"type": "hello", "token": chat["token"], "last_seq": 0})

    assert (await socket.receive_json_from(timeout=5))["type"] == "welcome"
    assert (await next_of(socket, "message"))["seq"] == 1
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


@pytest.mark.parametrize(
    "first_frame", ["not json", "[1, 2]", '{"no": "type"}', '{"type": "message.send"}', "{" * 20]
)
async def test_anything_but_a_hello_as_the_first_frame_closes_with_4401(first_frame):
    socket = await widget_socket()
    await socket.send_to(text_data=first_frame)

    error, code = await closed_with(socket)
    assert (error["code"], code) == ("unauthenticated", consumers.CLOSE_UNAUTHENTICATED)
    await socket.disconnect()


async def test_one_address_holds_only_so_many_sockets_that_have_not_said_hello(agents, settings):
    settings.LIVECHAT_UNAUTHENTICATED_PER_ADDRESS = 3
    chat = await sync_to_async(start_chat)()
    waiting = [await widget_socket() for _ in range(3)]

    refused = await widget_socket()
    error, code = await closed_with(refused)
    assert (error["code"], code) == ("rate_limited", consumers.CLOSE_TOO_MANY)

    # Saying hello, or leaving, frees a place.
    await waiting[0].send_json_to({"type": "hello", "token": chat["token"], "last_seq": 1})
    assert (await next_of(waiting[0], "welcome"))["conversation"] == chat["conversation"]
    await waiting[1].disconnect()
    admitted = [await widget_socket() for _ in range(2)]
    for socket in admitted:
        assert await socket.receive_nothing(timeout=0.2)
    for socket in (refused, waiting[0], waiting[2], *admitted):
        await socket.disconnect()
    assert not visitor_consumer._unauthenticated
