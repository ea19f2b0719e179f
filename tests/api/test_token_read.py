"""An API token is read anew on every request: what changed since the last one counts at once."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_agent

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def token(agent: Any) -> Token:
    return Token.objects.create(user=agent)


@pytest.mark.parametrize("path", ["/api/tickets/", "/api/tickets/?status=open", "/api/customers/"])
def test_a_user_deactivated_after_a_request_is_refused_on_the_next(token, agent, path):
    api = _client(token.key)
    assert api.get(path).status_code == 200
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    response = api.get(path)
    assert response.status_code == 401
    assert response.json()["message"] == "User inactive or deleted."


def test_a_token_that_expires_between_two_requests_is_refused_on_the_second(token, settings):
    api = _client(token.key)
    assert api.get("/api/tickets/").status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS, seconds=1)
    )
    response = api.get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_a_deleted_token_is_refused_on_the_next_request(token):
    api = _client(token.key)
    assert api.get("/api/tickets/").status_code == 200
    Token.objects.filter(pk=token.pk).delete()
    assert api.get("/api/tickets/").json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "key",
    ["x" * 41, "a\x00b", "0" * 10_000],
    ids=["longer than any key", "nul", "huge"],
)
def test_a_key_no_token_can_have_is_a_401_without_asking_the_database(token, key):
    with CaptureQueriesContext(connection) as captured:
        response = _client(key).get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not any("authtoken_token" in q["sql"] for q in captured.captured_queries)


def test_a_key_that_differs_in_case_by_a_character_or_in_length_is_refused(agent):
    key = Token.objects.create(user=agent, key="ab12" * 10).key
    assert _client(key).get("/api/tickets/").status_code == 200
    for wrong in (key.upper(), key[:-1] + "3", key[:-1], "ab12" * 9 + "ab1 "):
        assert _client(wrong).get("/api/tickets/").status_code == 401, wrong


def test_the_token_read_leaves_the_password_hash_out_and_loads_it_if_asked(token, agent):
    from accounts.authentication import _token_and_user

    with CaptureQueriesContext(connection) as captured:
        user, found = _token_and_user(token.key)
    [statement] = captured.captured_queries
    assert "password" not in statement["sql"]
    assert (user.pk, found.key, found.user_id, found.created) == (
        agent.pk,
        token.key,
        agent.pk,
        token.created,
    )
    assert user.get_deferred_fields() == {"password"}
    assert user.password == agent.password
    assert user.check_password("not the password") is False


def test_another_users_token_reads_that_user(token):
    other = make_agent(username="bob")
    other_key = Token.objects.create(user=other).key
    from accounts.authentication import _token_and_user

    assert _token_and_user(other_key)[0].username == "bob"
    assert _token_and_user(token.key)[0].username == "alice"
