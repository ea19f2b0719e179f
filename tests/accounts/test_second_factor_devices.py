"""The security page: an authenticator app counts once confirmed with a code from it, recovery codes are
shown once and replaced as a set, the last factor of someone who must have one stays, and every change
is audited without its secret."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import demo_code
from accounts.models import User
from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True


def signed_in(user: User, device: TOTPDevice | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def remove(client: Client, device: Any) -> Any:
    return client.post("/accounts/security/devices/remove/", {"device": device.persistent_id})


def audit_text(user: User) -> str:
    events = AuditEvent.objects.filter(object_id=str(user.pk), action__startswith="accounts.second_factor")
    return json.dumps([event.after for event in events])


def test_an_authenticator_app_counts_only_once_confirmed_with_a_code(settings: Any) -> None:
    # django-otp's throttle would hold the right code back for a second after the wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    supervisor = make_agent(username="sofia", role="supervisor")
    client = signed_in(supervisor)

    assert client.post("/accounts/security/authenticator/", {"name": "Work phone"}).status_code == 302
    device = TOTPDevice.objects.get(user=supervisor)
    assert not device.confirmed
    page = client.get("/accounts/security/").content.decode()
    assert "<svg" in page
    shown_key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page)
    assert shown_key is not None
    # Still unconfirmed: the queue stays out of reach.
    assert client.get("/tickets/")["Location"].startswith("/accounts/security/")

    wrong = client.post("/accounts/security/authenticator/confirm/", {"code": "000000"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed

    right = client.post("/accounts/security/authenticator/confirm/", {"code": demo_code(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # Confirming proved possession: this session is verified with it.
    assert client.get("/tickets/").status_code == 200
    actions = list(AuditEvent.objects.filter(object_id=str(supervisor.pk)).values_list("action", flat=True))
    assert "accounts.second_factor.totp_started" in actions
    assert "accounts.second_factor.totp_confirmed" in actions
    secret = shown_key.group(1).replace(" ", "")
    assert secret not in audit_text(supervisor)
    assert device.key not in audit_text(supervisor)


def test_recovery_codes_are_ten_shown_once_and_replaced_as_a_set() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    client = signed_in(supervisor, device)

    first = client.post("/accounts/security/recovery-codes/").content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", first)
    assert len(codes) == 10
    assert not any(code in client.get("/accounts/security/").content.decode() for code in codes)

    second = client.post("/accounts/security/recovery-codes/").content.decode()
    new_codes = re.findall(r"<li><code>(\w+)</code></li>", second)
    tokens = set(StaticDevice.objects.get(user=supervisor).token_set.values_list("token", flat=True))
    assert tokens == set(new_codes)
    assert not tokens & set(codes)
    assert not any(code in audit_text(supervisor) for code in codes + new_codes)


def test_removing_the_last_factor_of_someone_who_must_have_one_is_refused() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    client = signed_in(supervisor, device)

    response = remove(client, device)

    assert response.status_code == 409
    assert "last authenticator app" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    spare = TOTPDevice.objects.create(user=supervisor, name="tablet", confirmed=True)
    assert remove(client, spare).status_code == 302
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()
    assert AuditEvent.objects.filter(
        action="accounts.second_factor.removed", object_id=str(supervisor.pk)
    ).exists()


def test_an_agent_may_remove_their_only_device() -> None:
    agent = make_agent(username="ana")
    device = TOTPDevice.objects.create(user=agent, name="phone", confirmed=True)
    client = signed_in(agent, device)

    assert remove(client, device).status_code == 302
    assert not TOTPDevice.objects.filter(user=agent).exists()


def test_nobody_removes_another_persons_device() -> None:
    agent = make_agent(username="ana")
    theirs = TOTPDevice.objects.create(user=make_agent(username="ben"), name="phone", confirmed=True)

    response = signed_in(agent).post("/accounts/security/devices/remove/", {"device": theirs.persistent_id})

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_a_session_that_has_not_used_its_factor_cannot_change_the_factors(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = False
    agent = make_agent(username="ana")
    device = TOTPDevice.objects.create(user=agent, name="phone", confirmed=True)
    client = signed_in(agent)

    assert remove(client, device).status_code == 403
    assert client.post("/accounts/security/authenticator/", {"name": "mine now"}).status_code == 403
    assert TOTPDevice.objects.filter(user=agent).count() == 1


def test_the_page_shows_the_api_token_and_revokes_it() -> None:
    from rest_framework.authtoken.models import Token

    agent = make_agent(username="ana")
    Token.objects.create(user=agent)
    client = signed_in(agent)

    page = client.get("/accounts/security/").content.decode()
    assert "Issued" in page and "expires" in page

    assert client.post("/accounts/security/token/revoke/").status_code == 302
    assert not Token.objects.filter(user=agent).exists()
    assert AuditEvent.objects.filter(action="accounts.token.revoked", object_id=str(agent.pk)).exists()
