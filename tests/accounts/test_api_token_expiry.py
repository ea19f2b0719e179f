"""An API token is refused once it is older than API_TOKEN_TTL_DAYS; signing in again renews it."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ISSUED = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    # The token endpoint's rate limit lives in the cache, which outlives a test's transaction.
    cache.clear()


def sign_in(username: str = "alice") -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def get_tickets(token: str) -> tuple[int, dict]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/tickets/")
    return response.status_code, response.json()


def test_a_token_works_until_its_ttl_and_is_refused_with_token_expired_after(settings) -> None:
    settings.API_TOKEN_TTL_DAYS = 30
    AgentFactory.create(username="alice")
    with time_machine.travel(ISSUED, tick=False):
        token = sign_in()
    with time_machine.travel(ISSUED + dt.timedelta(days=29, hours=23), tick=False):
        assert get_tickets(token)[0] == 200
    with time_machine.travel(ISSUED + dt.timedelta(days=30, seconds=1), tick=False):
        status, body = get_tickets(token)
    assert status == 401
    assert body == {
        "message": "This API token has expired; sign in at /api/auth/token/ again for a new one.",
        "status": 401,
        "code": "token_expired",
    }


def test_signing_in_again_before_expiry_returns_the_same_token() -> None:
    AgentFactory.create(username="alice")
    with time_machine.travel(ISSUED, tick=False):
        first = sign_in()
    with time_machine.travel(ISSUED + dt.timedelta(days=10), tick=False):
        assert sign_in() == first


def test_signing_in_after_expiry_returns_a_new_token_that_works_and_the_old_one_stays_refused() -> None:
    agent = AgentFactory.create(username="alice")
    with time_machine.travel(ISSUED, tick=False):
        old = sign_in()
    later = ISSUED + dt.timedelta(days=45)
    with time_machine.travel(later, tick=False):
        new = sign_in()
        assert new != old
        assert Token.objects.get(user=agent).key == new
        assert get_tickets(new)[0] == 200
        status, body = get_tickets(old)
    # The old key is gone, so it is an unknown token now, not an expired one.
    assert status == 401 and body["code"] == "authentication_failed"


def test_an_inactive_users_token_is_refused_even_when_fresh() -> None:
    agent = AgentFactory.create(username="alice")
    token = sign_in()
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    status, body = get_tickets(token)
    assert status == 401
    assert body["message"] == "User inactive or deleted."


def test_the_api_document_describes_the_token_scheme_and_its_expiry() -> None:
    AgentFactory.create(username="alice")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sign_in()}")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey" and scheme["name"] == "Authorization"
    assert "token_expired" in scheme["description"]
    assert {"tokenAuth": []} in schema["paths"]["/api/tickets/"]["get"]["security"]
