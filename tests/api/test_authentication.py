import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    # The token endpoint's rate limit lives in the cache, which outlives a test's transaction.
    cache.clear()


@pytest.mark.parametrize("url", ["/api/tickets/", "/api/customers/", "/api/tickets/1/entries/"])
def test_requests_without_credentials_get_a_401_with_a_json_message(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "message": "Authentication credentials were not provided.",
        "status": 401,
        "code": "not_authenticated",
    }
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_endpoint_trades_a_password_for_a_token_that_authenticates(agent, ticket):
    response = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=agent).key == token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = client.get("/api/tickets/")
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()["results"]] == [ticket.pk]


def test_a_wrong_password_gets_no_token(agent):
    response = APIClient().post("/api/auth/token/", {"username": "alice", "password": "guess"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Unable to log in with provided credentials."
    assert not Token.objects.filter(user=agent).exists()


def test_password_guessing_on_the_token_endpoint_is_stopped_at_the_fifth_failure_from_one_address(agent):
    client = APIClient()
    # Spread over usernames, so it is the address that is locked (tests/accounts/test_login_lockout.py).
    statuses = [
        client.post(
            "/api/auth/token/", {"username": f"nobody{n}", "password": "guess"}, format="json"
        ).status_code
        for n in range(21)
    ]
    assert statuses[:4] == [400] * 4
    assert set(statuses[4:]) == {429}


def test_an_unknown_token_is_a_401(ticket):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid token."


def test_a_signed_in_browser_session_reads_the_api(agent_client: Client, ticket):
    response = agent_client.get("/api/tickets/")
    assert response.status_code == 200
    assert response.json()["results"][0]["reference"] == ticket.reference


def test_a_session_write_without_the_csrf_token_is_refused_and_writes_nothing(agent, ticket, row_counts):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    before = row_counts()
    response = client.patch(f"/api/tickets/{ticket.pk}/", {"priority": "urgent"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    assert row_counts() == before
    assert Ticket.objects.get(pk=ticket.pk).priority == 2


def test_the_token_endpoint_also_takes_a_plain_form_post(agent):
    response = APIClient().post(
        "/api/auth/token/",
        "username=alice&password=correct-horse-battery",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=agent).key}
