"""The exchange API takes only requests signed with the helpdesk's key, fresh, and each once."""

import math
import secrets
import time

import httpx
import pytest

from exchange.client import canonical_query, canonical_request, sign
from exchange.reference import scenario

pytestmark = pytest.mark.django_db(transaction=True)


def signed_get(exchange, path, params=None, *, secret=None, timestamp=None, nonce=None, key_id=None):
    url = httpx.URL(exchange.api_url + path, params=params or {})
    ts = str(int(timestamp if timestamp is not None else time.time()))
    nonce = nonce or secrets.token_hex(16)
    message = canonical_request(
        method="GET", path=url.path, query=canonical_query(url.params.multi_items()), timestamp=ts,
        nonce=nonce, body=b"",
    )  # fmt: skip
    headers = {
        "X-Exchange-Key-Id": key_id or exchange.key_id,
        "X-Exchange-Timestamp": ts,
        "X-Exchange-Nonce": nonce,
        "X-Exchange-Signature": sign(secret or exchange.secret, message),
    }
    return url, headers


def problem_of(response):
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()["type"].rsplit("/", 1)[-1]


def test_a_correctly_signed_request_is_answered(reference_exchange):
    scenario.add_account("EX-1")
    url, headers = signed_get(reference_exchange, "/accounts/EX-1")
    response = httpx.get(url, headers=headers)
    assert response.status_code == 200 and response.json()["external_id"] == "EX-1"


def test_an_unsigned_request_is_refused(reference_exchange):
    scenario.add_account("EX-1")
    response = httpx.get(reference_exchange.api_url + "/accounts/EX-1")
    assert response.status_code == 401 and problem_of(response) == "unsigned"


def test_a_request_signed_with_another_secret_or_key_is_refused(reference_exchange):
    scenario.add_account("EX-1")
    url, headers = signed_get(reference_exchange, "/accounts/EX-1", secret="not-the-secret")
    assert problem_of(httpx.get(url, headers=headers)) == "bad-signature"
    url, headers = signed_get(reference_exchange, "/accounts/EX-1", key_id="someone-else")
    assert problem_of(httpx.get(url, headers=headers)) == "unknown-key"


def test_the_signature_covers_the_path_and_the_query(reference_exchange):
    scenario.add_account("EX-1")
    scenario.add_account("EX-2")
    _url, headers = signed_get(reference_exchange, "/accounts/EX-1/transfers", {"limit": "1"})
    tampered = httpx.get(reference_exchange.api_url + "/accounts/EX-1/transfers?limit=100", headers=headers)
    assert tampered.status_code == 401 and problem_of(tampered) == "bad-signature"
    other = httpx.get(reference_exchange.api_url + "/accounts/EX-2/transfers?limit=1", headers=headers)
    assert other.status_code == 401 and problem_of(other) == "bad-signature"


def test_the_same_signed_request_twice_is_a_replay_and_refused(reference_exchange):
    scenario.add_account("EX-1")
    url, headers = signed_get(reference_exchange, "/accounts/EX-1")
    assert httpx.get(url, headers=headers).status_code == 200
    replay = httpx.get(url, headers=headers)
    assert replay.status_code == 401 and problem_of(replay) == "replayed-request"


def test_a_request_older_or_newer_than_five_minutes_is_refused(reference_exchange):
    scenario.add_account("EX-1")
    for skew in (-301, 301):
        # Whole seconds rounded away from now: Unix seconds cut to an integer would put a request
        # "301 s ahead" up to a second nearer, within the window once it reaches the server.
        whole = math.floor(time.time()) if skew < 0 else math.ceil(time.time())
        url, headers = signed_get(reference_exchange, "/accounts/EX-1", timestamp=whole + skew)
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401 and problem_of(response) == "stale-request"
    url, headers = signed_get(reference_exchange, "/accounts/EX-1", timestamp=time.time() - 290)
    assert httpx.get(url, headers=headers).status_code == 200


def test_the_client_reports_a_refused_signature_as_an_error(reference_exchange, settings):
    scenario.add_account("EX-1")
    settings.EXCHANGE_API_SECRET = "a-wrong-secret"
    got = reference_exchange.client().account("EX-1")
    assert got.value is None
    assert got.error.startswith("The exchange refused the request (HTTP 401)")
