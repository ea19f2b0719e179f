"""Sign-in in two steps: the password, then a code from the authenticator app or a recovery code. Wrong
codes lock the second step out like wrong passwords, and each sign-in is audited with its factor."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import demo_code
from accounts.models import User
from accounts.services import recovery_codes_generate
from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> Any:
    settings.STAFF_2FA_REQUIRED = True
    # The second step's lockout counts in the cache, which outlives a test's transaction.
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def supervisor_with_app() -> tuple[User, TOTPDevice]:
    user = make_agent(username="sofia", role="supervisor")
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def password_step(client: Client, username: str = "sofia", next_url: str = "/tickets/?queue=all") -> str:
    response = client.post(f"/accounts/login/?next={next_url}", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return str(response["Location"])


def verify(client: Client, code: str) -> Any:
    return client.post("/accounts/login/verify/", {"code": code, "next": "/tickets/?queue=all"})


def test_the_password_leads_to_the_second_step_which_admits_with_the_apps_code() -> None:
    user, device = supervisor_with_app()
    client = Client()

    assert password_step(client).startswith("/accounts/login/verify/?next=")
    # Signed in with the password only: nothing else yet.
    assert client.get("/tickets/")["Location"].startswith("/accounts/login/verify/")
    assert client.get("/accounts/login/verify/").status_code == 200

    response = verify(client, demo_code(device))

    assert response.status_code == 302
    assert response["Location"] == "/tickets/?queue=all"
    assert client.get("/tickets/").status_code == 200
    event = AuditEvent.objects.filter(action="accounts.signed_in", object_id=str(user.pk)).get()
    assert event.after == {"factor": "totp"}


def test_a_code_from_the_app_works_once() -> None:
    _, device = supervisor_with_app()
    code = demo_code(device)
    first = Client()
    password_step(first)
    assert verify(first, code).status_code == 302

    second = Client()
    password_step(second)
    assert verify(second, code).status_code == 400


def test_an_agent_who_enrolled_voluntarily_is_asked_at_sign_in_too() -> None:
    agent = make_agent(username="ana")
    device = TOTPDevice.objects.create(user=agent, name="phone", confirmed=True)
    client = Client()

    assert password_step(client, "ana").startswith("/accounts/login/verify/")
    assert client.get("/tickets/")["Location"].startswith("/accounts/login/verify/")
    assert verify(client, demo_code(device)).status_code == 302
    assert client.get("/tickets/").status_code == 200


def test_an_agent_without_a_device_signs_in_with_the_password_alone_and_it_is_audited() -> None:
    agent = make_agent(username="ana")
    client = Client()

    assert password_step(client, "ana") == "/tickets/?queue=all"
    assert client.get("/tickets/").status_code == 200
    event = AuditEvent.objects.get(action="accounts.signed_in", object_id=str(agent.pk))
    assert event.after == {"factor": "password"}


def test_someone_who_must_have_a_second_factor_and_has_none_is_sent_to_add_one() -> None:
    make_agent(username="sofia", role="supervisor")
    client = Client()

    assert password_step(client).startswith("/accounts/security/?next=")


def test_a_recovery_code_admits_once_and_only_once() -> None:
    user, _ = supervisor_with_app()
    codes = recovery_codes_generate(actor=user)
    client = Client()
    password_step(client)

    assert verify(client, codes[0]).status_code == 302
    event = AuditEvent.objects.filter(action="accounts.signed_in").latest("pk")
    assert event.after == {"factor": "recovery_code"}
    assert StaticDevice.objects.get(user=user).token_set.count() == 9

    again = Client()
    password_step(again)
    assert verify(again, codes[0]).status_code == 400
    assert again.get("/tickets/")["Location"].startswith("/accounts/login/verify/")


def test_five_wrong_codes_lock_the_second_step_even_against_the_right_code() -> None:
    user, device = supervisor_with_app()
    client = Client()
    password_step(client)

    statuses = [verify(client, f"00000{n}").status_code for n in range(5)]
    assert statuses == [400, 400, 400, 400, 429]

    response = verify(client, demo_code(device))
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/tickets/")["Location"].startswith("/accounts/login/verify/")
    assert (
        AuditEvent.objects.filter(action="accounts.second_factor.failed", object_id=str(user.pk)).count() == 5
    )
    # The lockout is the account's, not the browser's.
    other = Client()
    password_step(other)
    assert verify(other, demo_code(device)).status_code == 429


def test_the_lockout_ends_after_the_cool_off(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _, device = supervisor_with_app()
    client = Client()
    password_step(client)
    for n in range(5):
        verify(client, f"00000{n}")

    with time_machine.travel(NOW + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1), tick=False):
        client = Client()
        password_step(client)
        assert verify(client, demo_code(device)).status_code == 302


def test_a_wrong_code_then_the_right_one_admits(settings: Any) -> None:
    # django-otp's own throttle slows guessing by seconds; the lockout above is what stops it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _, device = supervisor_with_app()
    client = Client()
    password_step(client)

    assert verify(client, "123456" if demo_code(device) != "123456" else "654321").status_code == 400
    assert verify(client, demo_code(device)).status_code == 302


def test_the_next_address_must_be_on_this_site() -> None:
    _, device = supervisor_with_app()
    client = Client()
    password_step(client)

    response = client.post(
        "/accounts/login/verify/", {"code": demo_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_a_security_key_cannot_sign_anyone_in_without_the_password() -> None:
    response = Client().post("/accounts/webauthn/authentication/begin/", content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "passwordless_login_disabled"
