"""The fake Twilio (messaging/fakes/twilio.py) over real HTTP, a voice channel account pointed at it,
and signed webhooks posted through Django's test client as Twilio would post them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from messaging.fakes.twilio import FakeTwilio, new_sid, serving, signature
from messaging.models import ChannelAccount, ChannelKind
from routing.models import Team
from tests.factories import make_team
from voice.hooks import hook_url

OUR_NUMBER = "+15550100000"
CALLER = "+447700900123"


@pytest.fixture(scope="session")
def fake_twilio_server() -> Iterator[tuple[FakeTwilio, str]]:
    with serving() as served:
        yield served


@pytest.fixture
def twilio(fake_twilio_server: tuple[FakeTwilio, str]) -> FakeTwilio:
    fake, _base = fake_twilio_server
    fake.reset()
    return fake


@pytest.fixture(autouse=True)
def _exchange_vouches_for_nobody(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Whose number the exchange vouches for (number -> exchange user id); nobody's unless a test says."""
    vouched: dict[str, str] = {}
    monkeypatch.setattr("messaging.services._vouched_owner", lambda kind, value: vouched.get(value))
    return vouched


@pytest.fixture
def vouched(_exchange_vouches_for_nobody: dict[str, str]) -> dict[str, str]:
    return _exchange_vouches_for_nobody


def make_voice_account(
    fake: FakeTwilio, base: str, *, team: Team | None = None, **fields: Any
) -> ChannelAccount:
    account = ChannelAccount(
        kind=ChannelKind.VOICE, name=fields.pop("name", "Support line"), team=team, **fields
    )
    account.credentials = {
        "account_sid": fake.account_sid,
        "auth_token": fake.auth_token,
        "from_number": OUR_NUMBER,
        "api_base": base,
    }
    account.save()
    return account


@pytest.fixture
def phone_team(db: None) -> Team:
    return make_team(name="Phones", slug="phones", languages=["en", "de", "es"])


@pytest.fixture
def voice_account(
    db: None, twilio: FakeTwilio, fake_twilio_server: tuple[FakeTwilio, str], phone_team: Team
) -> ChannelAccount:
    return make_voice_account(twilio, fake_twilio_server[1], team=phone_team)


@dataclass
class Caller:
    """One call, as Twilio would make its requests: each step signed over its public URL."""

    client: Client
    account: ChannelAccount
    sid: str
    number: str = CALLER

    def post(
        self, name: str, params: dict[str, str] | None = None, /, *, token: str | None = None, **query: Any
    ) -> HttpResponse:
        form = {
            "CallSid": self.sid,
            "AccountSid": self.account.credentials["account_sid"],
            "From": self.number,
            "To": OUR_NUMBER,
            **(params or {}),
        }
        url = hook_url(self.account, name, **query)
        sig = signature(token or self.account.credentials["auth_token"], url, form)
        path = url.split("://", 1)[1].split("/", 1)[1]
        return self.client.post("/" + path, form, headers={"X-Twilio-Signature": sig})  # type: ignore[return-value]

    def ring(self, **params: str) -> HttpResponse:
        return self.post("incoming", {"CallStatus": "ringing", "Direction": "inbound", **params})

    def press(self, step: str, digits: str, attempt: int = 1) -> HttpResponse:
        return self.post("menu", {"Digits": digits}, step=step, n=attempt)


def twilio_posts(url: str, form: dict[str, str], *, token: str, client: Client | None = None) -> HttpResponse:
    """POST `form` to the public `url` as Twilio does: signed over that URL with the auth token."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    return (client or Client()).post(  # type: ignore[return-value]
        "/" + path, form, headers={"X-Twilio-Signature": signature(token, url, form)}
    )


@pytest.fixture
def caller(voice_account: ChannelAccount) -> Caller:
    return Caller(client=Client(), account=voice_account, sid=new_sid("CA"))


def new_caller(account: ChannelAccount, number: str = CALLER) -> Caller:
    return Caller(client=Client(), account=account, sid=new_sid("CA"), number=number)
