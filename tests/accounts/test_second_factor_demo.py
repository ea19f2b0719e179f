"""The demo's second factor: seeded authenticators with a published key, and `demo_code` that prints a
demo account's current code, never another device's, and never in production."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_KEY, seed_second_factor_demo
from tests.factories import make_agent

pytestmark = pytest.mark.django_db


def demo_code(username: str) -> str:
    out = io.StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


def test_the_demo_accounts_get_one_confirmed_authenticator_each_however_often_it_runs() -> None:
    make_agent(username="sofia", role="supervisor")
    make_agent(username="someone-else")

    assert seed_second_factor_demo() == 1
    assert seed_second_factor_demo() == 0

    device = TOTPDevice.objects.get(user__username="sofia")
    assert device.confirmed and device.key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user__username="someone-else").exists()


def test_the_printed_code_completes_the_demo_sign_in(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True
    make_agent(username="sofia", role="supervisor")
    seed_second_factor_demo()
    client = Client()
    client.post("/accounts/login/", {"username": "sofia", "password": "correct-horse-battery"})

    code = demo_code("sofia")

    assert len(code) == 6 and code.isdigit()
    assert client.post("/accounts/login/verify/", {"code": code})["Location"] == "/"
    assert client.get("/tickets/").status_code == 200


def test_demo_code_refuses_devices_the_demo_did_not_create() -> None:
    user = make_agent(username="sofia", role="supervisor")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    with pytest.raises(CommandError, match="no demo authenticator"):
        demo_code("sofia")
    with pytest.raises(CommandError, match="no demo authenticator"):
        demo_code("nobody")


def test_demo_code_refuses_in_production(settings: Any) -> None:
    make_agent(username="sofia", role="supervisor")
    seed_second_factor_demo()
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="never runs in production"):
        demo_code("sofia")
