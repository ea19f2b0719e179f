"""/api/auth/token/ asks for the second factor too (`otp`) from accounts that sign in with one, and a
token revoked from the security page stops working at once."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.demo import demo_code
from accounts.services import recovery_codes_generate
from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True
    cache.clear()


def token_request(username: str, otp: str | None = None) -> Any:
    body = {"username": username, "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return APIClient().post("/api/auth/token/", body, format="json")


def test_a_supervisor_needs_the_code_from_their_app() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)

    missing = token_request("sofia")
    assert missing.status_code == 400
    assert missing.json()["code"] == "otp_required"
    wrong = token_request("sofia", "000000" if demo_code(device) != "000000" else "111111")
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "otp_invalid"
    assert not Token.objects.filter(user=supervisor).exists()

    cache.clear()  # django-otp's own throttle aside, the right code now admits
    device.throttle_reset()
    right = token_request("sofia", demo_code(device))
    assert right.status_code == 200
    assert Token.objects.get(user=supervisor).key == right.json()["token"]


def test_a_recovery_code_also_serves_as_otp() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    codes = recovery_codes_generate(actor=supervisor)

    assert token_request("sofia", codes[3]).status_code == 200
    assert token_request("sofia", codes[3]).json()["code"] == "otp_invalid"


def test_someone_who_must_have_a_second_factor_and_has_none_gets_no_token() -> None:
    make_agent(username="ada", role="admin")

    response = token_request("ada")

    assert response.status_code == 400
    assert response.json()["code"] == "second_factor_required"
    assert "/accounts/security/" in response.json()["message"]


def test_an_agent_without_a_device_needs_no_otp() -> None:
    make_agent(username="ana")

    assert token_request("ana").status_code == 200


def test_wrong_codes_lock_the_token_door_too() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    wrong = "000000" if demo_code(device) != "000000" else "111111"

    statuses = [token_request("sofia", wrong).status_code for _ in range(5)]

    assert statuses == [400, 400, 400, 400, 429]
    locked = token_request("sofia", demo_code(device))
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"


def test_the_api_document_describes_the_otp_field() -> None:
    document = Client().get("/api/schema/?format=json").json()

    fields = document["components"]["schemas"]["TokenRequestRequest"]["properties"]
    assert "otp" in fields
    assert "second factor" in fields["otp"]["description"]


def test_a_token_revoked_on_the_security_page_is_refused_at_once() -> None:
    agent = make_agent(username="ana")
    key = token_request("ana").json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/tickets/").status_code == 200

    browser = Client()
    browser.force_login(agent)
    assert browser.post("/accounts/security/token/revoke/").status_code == 302

    assert api.get("/api/tickets/").status_code == 401
    event = AuditEvent.objects.filter(action="accounts.token.revoked").get()
    assert event.actor_id == agent.pk
