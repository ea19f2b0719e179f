"""An exchange that fails, is slow, answers nonsense or goes away: reads retry what is safe to retry,
the breaker stops calling it, and the last good answer is shown labelled stale; nothing raises."""

import time

import pytest

from exchange import client as client_module
from exchange.reference import scenario
from exchange.reference.models import Fault, SeenNonce

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_read_retries_a_5xx_and_succeeds_on_the_third_attempt(reference_exchange):
    scenario.add_account("EX-1")
    scenario.set_fault("unavailable", times=2)
    got = reference_exchange.client().account("EX-1")
    assert got.ok and got.value.external_id == "EX-1"
    assert Fault.objects.get().remaining == 0
    assert SeenNonce.objects.count() == 3


def test_a_read_that_keeps_failing_is_an_error_after_the_retries(reference_exchange):
    scenario.add_account("EX-1")
    scenario.set_fault("unavailable", times=5)
    got = reference_exchange.client().account("EX-1")
    assert got.value is None and got.error == "The exchange failed with HTTP 503."
    # One attempt and two retries, no more.
    assert Fault.objects.get().remaining == 2


def test_a_slow_exchange_is_a_timeout_error(reference_exchange, settings):
    scenario.add_account("EX-1")
    settings.EXCHANGE_READ_TIMEOUT = 0.3
    settings.EXCHANGE_RETRIES = 0
    scenario.set_fault("slow", times=1, delay_seconds=1.0)
    got = reference_exchange.client().account("EX-1")
    assert got.value is None and got.error == "The exchange did not answer in time."


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("malformed_json", "The exchange answered with malformed JSON."),
        ("wrong_shape", "The exchange answered with malformed data: missing field 'flags'"),
        ("html", "The exchange answered with something other than JSON."),
    ],
)
def test_a_malformed_answer_is_an_error_not_an_exception(reference_exchange, settings, mode, error):
    scenario.add_account("EX-1")
    settings.EXCHANGE_RETRIES = 0
    scenario.set_fault(mode)
    got = reference_exchange.client().account("EX-1")
    assert got.value is None and got.error == error


def test_the_breaker_opens_after_consecutive_failures_and_recovers_after_the_cool_down(
    reference_exchange, settings
):
    scenario.add_account("EX-1")
    settings.EXCHANGE_RETRIES = 0
    settings.EXCHANGE_BREAKER_COOLDOWN = 1.0
    client = reference_exchange.client()
    scenario.set_fault("unavailable", times=3)
    for _ in range(3):
        assert client.account("EX-1").error == "The exchange failed with HTTP 503."
    assert client.breaker.state() == "open"
    calls = SeenNonce.objects.count()
    refused = client.account("EX-1")
    assert refused.value is None and refused.error.startswith("The exchange is unavailable (not called again")
    assert SeenNonce.objects.count() == calls  # not called while open
    time.sleep(1.1)
    assert client.breaker.state() == "half_open"
    # The probe fails: open again for a whole cool-down.
    scenario.set_fault("unavailable", times=1)
    assert client.account("EX-1").error == "The exchange failed with HTTP 503."
    assert client.breaker.state() == "open"
    time.sleep(1.1)
    probe = client.account("EX-1")
    assert probe.ok and client.breaker.state() == "closed"


def test_the_breaker_is_shared_by_every_client_through_the_cache(reference_exchange, settings):
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    first = reference_exchange.client()
    for _ in range(3):
        first.network_status()
    other = client_module.ExchangeClient(client_module.ClientConfig.from_settings())
    assert other.breaker.state() == "open"
    assert other.network_status().error.startswith("The exchange is unavailable")


def test_the_last_good_answer_is_served_stale_with_its_age_when_the_exchange_is_down(
    reference_exchange, settings, monkeypatch
):
    scenario.add_account("EX-1", vip_level="vip2")
    client = reference_exchange.client()
    fresh = client.account("EX-1")
    assert fresh.ok
    # Within its freshness the cached answer is served without a call.
    calls = SeenNonce.objects.count()
    assert client.account("EX-1") == fresh
    assert SeenNonce.objects.count() == calls
    monkeypatch.setitem(client_module.FRESH_FOR, "account", 0)
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    stale = reference_exchange.client().account("EX-1")
    assert stale.stale and stale.value == fresh.value and stale.fetched_at == fresh.fetched_at
    assert stale.error.startswith("The exchange cannot be reached")
    assert stale.age_seconds is not None and stale.age_seconds >= 0
    assert not stale.ok
    # Back up: a fresh answer again.
    reference_exchange.come_back()
    again = reference_exchange.client().account("EX-1")
    assert again.ok and not again.stale


def test_nothing_to_fall_back_on_is_an_error_with_no_value(reference_exchange, settings):
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    got = reference_exchange.client().transfers("EX-1")
    assert got.value is None and got.fetched_at is None and not got.stale
    assert got.error.startswith("The exchange cannot be reached")


def test_an_unconfigured_connector_says_so_and_calls_nobody(reference_exchange, settings):
    scenario.add_account("EX-1")
    settings.EXCHANGE_API_SECRET = ""
    client = reference_exchange.client()
    got = client.account("EX-1")
    assert got.value is None and got.error.startswith("The exchange connector is not configured")
    assert SeenNonce.objects.count() == 0
    with pytest.raises(client_module.ExchangeActionError, match="not configured"):
        client.reset_2fa("EX-1", reason="r", approver_ids=("a", "b"), idempotency_key="k")


def test_the_reference_exchange_refuses_everyone_when_it_has_no_secret(reference_exchange, settings):
    scenario.add_account("EX-1")
    settings.REFERENCE_EXCHANGE_SECRET = ""
    settings.EXCHANGE_API_SECRET = "anything"
    got = reference_exchange.client().account("EX-1")
    assert got.value is None and "HTTP 401" in got.error


def test_a_timeout_is_retried(reference_exchange, settings):
    scenario.add_account("EX-1")
    settings.EXCHANGE_READ_TIMEOUT = 0.3
    scenario.set_fault("slow", times=2, delay_seconds=0.8)
    got = reference_exchange.client().account("EX-1")
    assert got.ok and Fault.objects.get().remaining == 0


def test_a_4xx_answer_is_not_retried(reference_exchange):
    got = reference_exchange.client().account("EX-NOBODY")
    assert got.error == "The exchange has no such account."
    assert SeenNonce.objects.count() == 1


def test_reads_go_on_without_the_cache_when_it_fails(reference_exchange, settings, caplog):
    scenario.add_account("EX-1")
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    try:
        got = reference_exchange.client().account("EX-1")
        assert got.ok and got.value.external_id == "EX-1"
        assert "the cache failed" in caplog.text
    finally:
        settings.CACHES = working
