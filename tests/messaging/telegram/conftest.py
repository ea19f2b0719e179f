"""The fake Telegram Bot API (messaging/fakes/telegram.py) over real HTTP from a thread, and a channel
account pointed at it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import make_server

import pytest
from django.test import Client
from django.urls import reverse

from messaging.fakes.telegram import FakeTelegram
from messaging.models import ChannelAccount, ChannelKind
from tests.fixtures.exchange import _QuietHandler, _ThreadingServer

SECRET = "s3cret-token_for-webhooks"


@pytest.fixture
def fake_telegram() -> Iterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram()
    server = make_server("127.0.0.1", 0, fake.app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="fake-telegram", daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def telegram(fake_telegram: tuple[FakeTelegram, str]) -> FakeTelegram:
    return fake_telegram[0]


@pytest.fixture
def bot(db: None, fake_telegram: tuple[FakeTelegram, str]) -> ChannelAccount:
    fake, url = fake_telegram
    account = ChannelAccount(kind=ChannelKind.TELEGRAM, name="Support bot")
    account.credentials = {"bot_token": fake.token, "secret_token": SECRET, "api_base": url}
    account.save()
    return account


def deliver(client: Client, account: ChannelAccount, update: dict[str, Any], secret: str = SECRET) -> Any:
    """POST an Update to the account's webhook as Telegram does."""
    url = reverse("messaging:webhook", args=[account.kind, account.webhook_key])
    return client.post(
        url,
        data=json.dumps(update),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": secret},
    )
