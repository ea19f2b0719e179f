"""The fake Twilio REST API (messaging/fakes/twilio.py) over real HTTP from a thread, and an SMS channel
account pointed at it, whose public webhook URL is an https address (the helpdesk behind a proxy)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from messaging.fakes.twilio import FakeTwilio, serving, webhook_headers
from messaging.models import ChannelAccount, ChannelKind

PUBLIC_BASE = "https://help.example.com"
OUR_NUMBER = "+15005550006"


@pytest.fixture
def fake_twilio() -> Iterator[tuple[FakeTwilio, str]]:
    with serving() as (fake, url):
        yield fake, url


@pytest.fixture
def twilio(fake_twilio: tuple[FakeTwilio, str]) -> FakeTwilio:
    return fake_twilio[0]


@pytest.fixture
def sms_account(db: None, fake_twilio: tuple[FakeTwilio, str]) -> ChannelAccount:
    fake, url = fake_twilio
    account = ChannelAccount(kind=ChannelKind.SMS, name="SMS support")
    account.credentials = {
        "account_sid": fake.account_sid,
        "auth_token": fake.auth_token,
        "from_number": OUR_NUMBER,
        "webhook_url": public_url(account),
        "api_base": url,
    }
    account.save()
    return account


def hook_path(account: ChannelAccount) -> str:
    return reverse("messaging:webhook", args=[account.kind, account.webhook_key])


def public_url(account: ChannelAccount) -> str:
    return PUBLIC_BASE + hook_path(account)


def deliver(
    client: Client, account: ChannelAccount, form: dict[str, str], *, token: str = "", url: str = ""
) -> Any:
    """POST a form to the account's webhook as Twilio does, signed over the public URL."""
    headers = webhook_headers(token or account.credentials["auth_token"], url or public_url(account), form)
    return client.post(hook_path(account), data=form, headers=headers)
