"""Repeated wrong passwords lock out the username and the address, at every sign-in door."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOCKED = "Too many failed sign-in attempts"


def sign_in(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> tuple[int, str]:
    response = client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)
    return response.status_code, response.content.decode()


def fail_five_times(client: Client, username: str, ip: str = "203.0.113.7") -> None:
    # The fifth failure is the one that locks; it is answered with the lockout already.
    statuses = [sign_in(client, username, f"guess-{n}", ip)[0] for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one() -> None:
    AgentFactory.create(username="alice")
    client = Client()
    fail_five_times(client, "alice")

    status, body = sign_in(client, "alice", PASSWORD)
    assert status == 429
    assert LOCKED in body
    assert "15 minutes" in body
    assert "_auth_user_id" not in client.session


def test_the_locked_account_stays_locked_from_another_address() -> None:
    AgentFactory.create(username="alice")
    fail_five_times(Client(), "alice", ip="203.0.113.7")

    status, body = sign_in(Client(), "alice", PASSWORD, ip="198.51.100.20")
    assert status == 429
    assert LOCKED in body


def test_the_address_is_locked_for_other_accounts_too() -> None:
    AgentFactory.create(username="alice")
    AgentFactory.create(username="bob")
    fail_five_times(Client(), "alice", ip="203.0.113.7")

    status, body = sign_in(Client(), "bob", PASSWORD, ip="203.0.113.7")
    assert status == 429
    assert LOCKED in body


def test_another_address_still_signs_in_to_another_account() -> None:
    AgentFactory.create(username="alice")
    AgentFactory.create(username="bob")
    fail_five_times(Client(), "alice", ip="203.0.113.7")

    client = Client()
    status, _body = sign_in(client, "bob", PASSWORD, ip="198.51.100.20")
    assert status == 302
    assert client.session["_auth_user_id"]


def test_the_right_password_before_the_limit_resets_the_count() -> None:
    AgentFactory.create(username="alice")
    client = Client()
    for n in range(4):
        sign_in(client, "alice", f"guess-{n}")
    assert sign_in(client, "alice", PASSWORD)[0] == 302
    client.post("/accounts/logout/")
    for n in range(4):
        sign_in(client, "alice", f"again-{n}")
    assert sign_in(client, "alice", PASSWORD)[0] == 302


@override_settings(HELPDESK_TRUST_X_FORWARDED_FOR=True)
def test_behind_the_proxy_the_lockout_follows_the_clients_address_not_the_proxys() -> None:
    AgentFactory.create(username="alice")
    AgentFactory.create(username="bob")
    proxy = "10.0.0.2"
    for n in range(5):
        Client().post(
            "/accounts/login/",
            {"username": "alice", "password": f"guess-{n}"},
            REMOTE_ADDR=proxy,
            # A client-supplied first entry is ignored; our nginx appends the address it saw.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )
    other = Client().post(
        "/accounts/login/",
        {"username": "bob", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302
    same = Client().post(
        "/accounts/login/",
        {"username": "bob", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert same.status_code == 429


def test_the_admin_sign_in_is_locked_out_as_well() -> None:
    AgentFactory.create(username="root", role="admin", is_staff=True, is_superuser=True)
    client = Client()
    statuses = [
        client.post(
            "/admin/login/", {"username": "root", "password": f"guess-{n}"}, REMOTE_ADDR="203.0.113.9"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_api_token_endpoint_is_locked_out_with_a_json_message() -> None:
    AgentFactory.create(username="alice")
    client = APIClient()
    statuses = [
        client.post(
            "/api/auth/token/", {"username": "alice", "password": f"guess-{n}"}, format="json"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]
    response = client.post("/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert LOCKED in response.json()["message"]
    assert int(response["Retry-After"]) == 15 * 60
