"""The fake Graph API (messaging/fakes/meta.py) over real HTTP from a thread, and a WhatsApp channel
account pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from messaging.fakes.meta import MetaGraphFake, serving
from messaging.models import ChannelAccount, ChannelKind

CUSTOMER = "491701234567"


@pytest.fixture
def graph() -> Iterator[MetaGraphFake]:
    with serving() as fake:
        yield fake


@pytest.fixture
def whatsapp_account(db: None, graph: MetaGraphFake) -> ChannelAccount:
    account = ChannelAccount(kind=ChannelKind.WHATSAPP, name="WhatsApp support")
    account.credentials = graph.whatsapp_credentials()
    account.save()
    return account


def deliver(
    client: Client, account: ChannelAccount, graph: MetaGraphFake, payload: dict[str, Any], **kw: Any
) -> Any:
    """POST a webhook to the account's URL, signed as Meta signs it (`secret=` signs with another)."""
    body, headers = graph.signed(payload, **kw)
    url = reverse("messaging:webhook", args=[account.kind, account.webhook_key])
    return client.generic("POST", url, body, content_type="application/json", headers=headers)
