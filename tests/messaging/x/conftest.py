"""The fake X API (messaging/fakes/x.py) over real HTTP from a thread, and an X channel account pointed
at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from messaging.fakes.x import FakeX, serving
from messaging.models import ChannelAccount, ChannelKind


@pytest.fixture
def fake_x() -> Iterator[tuple[FakeX, str]]:
    with serving() as (fake, url):
        yield fake, url


@pytest.fixture
def x(fake_x: tuple[FakeX, str]) -> FakeX:
    return fake_x[0]


@pytest.fixture
def x_account(db: None, fake_x: tuple[FakeX, str]) -> ChannelAccount:
    fake, url = fake_x
    account = ChannelAccount(kind=ChannelKind.X, name="X support")
    account.credentials = credentials(fake, url)
    account.save()
    return account


def credentials(fake: FakeX, url: str) -> dict[str, str]:
    return {
        "consumer_key": fake.consumer_key,
        "consumer_secret": fake.consumer_secret,
        "access_token": fake.access_token,
        "access_token_secret": fake.access_token_secret,
        "user_id": fake.user_id,
        "api_base": url,
    }


def hook_path(account: ChannelAccount) -> str:
    return reverse("messaging:webhook", args=[account.kind, account.webhook_key])


def deliver(client: Client, account: ChannelAccount, fake: FakeX, body: bytes, *, signature: str = "") -> Any:
    """POST an Account Activity payload as X does."""
    return client.post(
        hook_path(account),
        data=body,
        content_type="application/json",
        headers={"x-twitter-webhooks-signature": signature or fake.signature_header(body)},
    )
