"""With STAFF_2FA_REQUIRED on, admins, supervisors, auditors, approvers and partner agents reach nothing
but the sign-in, verify and enrol pages (and the public ones) until their session has used a second
factor; in-house agents are not forced."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import second_factor_required
from accounts.models import User
from tests.factories import TeamMembershipFactory, make_agent, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = True


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def approver() -> User:
    user = make_agent(username="amara")
    user.user_permissions.add(Permission.objects.filter(codename__startswith="approve_")[0])
    return User.objects.get(pk=user.pk)


def partner_agent() -> User:
    user = make_agent(username="pablo")
    TeamMembershipFactory.create(team=make_team(name="Partner desk", is_outsourced=True), user=user)
    return user


def page_of(user: User) -> str:
    # Auditors' own landing page is the audit log; everyone else's is the queue.
    return "/audit/" if user.role == "auditor" else "/tickets/"


def test_an_in_house_agent_without_a_device_is_not_forced() -> None:
    agent = make_agent(username="ana")
    assert not second_factor_required(agent)
    assert signed_in(agent).get("/tickets/").status_code == 200


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_agent(username="sofia", role="supervisor"),
        lambda: make_agent(username="ada", role="admin"),
        lambda: make_agent(username="otto", role="auditor"),
        approver,
        partner_agent,
    ],
    ids=["supervisor", "admin", "auditor", "approver", "partner agent"],
)
def test_those_who_must_verify_are_sent_to_enrol_and_then_to_verify(make: Any) -> None:
    user = make()
    assert second_factor_required(user)
    client = signed_in(user)

    response = client.get(page_of(user))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/security/?next=")
    assert client.get("/accounts/security/").status_code == 200

    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.get(page_of(user))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/verify/?next=")
    # With a device, the enrol page is no way around the second step.
    assert client.get("/accounts/security/")["Location"].startswith("/accounts/login/verify/")


def test_a_verified_session_reaches_the_pages() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    client = signed_in(supervisor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert client.get("/tickets/").status_code == 200


def test_an_unconfirmed_device_does_not_verify_a_session() -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=False)
    client = signed_in(supervisor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert client.get("/tickets/")["Location"].startswith("/accounts/security/")


def test_public_pages_and_sign_out_stay_reachable_before_verifying() -> None:
    client = signed_in(make_agent(username="sofia", role="supervisor"))

    assert client.get("/healthz").status_code == 200
    assert not client.get("/help/").get("Location", "").startswith("/accounts/")
    assert client.get("/chat/api/start/").status_code != 302
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_session_api_calls_of_an_unverified_user_get_403_with_a_clear_message() -> None:
    client = signed_in(make_agent(username="sofia", role="supervisor"))

    response = client.get("/api/tickets/")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert "/accounts/security/" in response.json()["message"]


def test_an_htmx_fragment_is_refused_without_moving_the_page() -> None:
    client = signed_in(make_agent(username="sofia", role="supervisor"))

    response = client.post("/tickets/presence/heartbeat/", headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert "HX-Redirect" not in response


def test_nobody_is_forced_when_the_setting_is_off(settings: Any) -> None:
    settings.STAFF_2FA_REQUIRED = False
    supervisor = make_agent(username="sofia", role="supervisor")

    assert signed_in(supervisor).get("/tickets/").status_code == 200


def queries_for(client: Client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: the session's first request marks it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_check_costs_an_agents_request_three_queries_at_most(settings: Any) -> None:
    client = signed_in(make_agent(username="ana"))
    settings.STAFF_2FA_REQUIRED = False
    without = queries_for(client, "/tickets/")
    settings.STAFF_2FA_REQUIRED = True

    # Their permissions (own and groups'), and whether they are in a partner team.
    assert queries_for(client, "/tickets/") - without <= 3


def test_a_verified_session_costs_one_query_for_its_device(settings: Any) -> None:
    supervisor = make_agent(username="sofia", role="supervisor")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    client = signed_in(supervisor)
    settings.STAFF_2FA_REQUIRED = False
    without = queries_for(client, "/tickets/")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    settings.STAFF_2FA_REQUIRED = True

    assert queries_for(client, "/tickets/") - without == 1
