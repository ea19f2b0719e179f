"""The Redis cache (helpdesk/cache.py) answers as Django's does, through one Redis client per pool
rather than a new one per call."""

from typing import Any

import pytest
from django.core.cache import cache, caches

from helpdesk.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def clients_built(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every Redis client the cache builds from now on."""
    built: list[object] = []
    backend: Any = cache
    make = backend._cache._client  # redis.Redis, as Django's client holds it

    def counting(**kwargs: Any) -> Any:
        client = make(**kwargs)
        built.append(client)
        return client

    monkeypatch.setattr(backend._cache, "_client", counting)
    backend._cache._clients.clear()
    return built


def test_the_cache_is_the_backend_that_keeps_its_client():
    assert isinstance(caches["default"], RedisCache)


def test_values_round_trip_through_one_client(clients_built):
    for n in range(20):
        cache.set(f"cache-client-test:{n}", {"n": n}, 30)
    assert [cache.get(f"cache-client-test:{n}") for n in range(20)] == [{"n": n} for n in range(20)]
    assert cache.add("cache-client-test:0", "again", 30) is False
    cache.delete_many([f"cache-client-test:{n}" for n in range(20)])
    assert cache.get("cache-client-test:3", "gone") == "gone"
    assert len(clients_built) == 1


def test_a_pool_made_anew_gets_a_client_of_its_own(clients_built):
    backend: Any = cache
    cache.set("cache-client-test:pool", 1, 30)
    # What a process does after losing its pools (Django keeps them per cache object).
    backend._cache._pools.clear()
    assert cache.get("cache-client-test:pool") == 1
    pool = backend._cache._pools[0]
    assert clients_built and clients_built[-1].connection_pool is pool
    cache.delete("cache-client-test:pool")
