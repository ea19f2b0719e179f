"""Django's Redis cache, with one Redis client per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call (`RedisCacheClient.get_client`),
and the construction (its tables of response callbacks copied and upper-cased) costs more
Python than the GET it then sends: a look-up on every message's path (the incidents in force, the
configuration) paid for it each time. The client is only a front for the pool, which hands each command
a connection and takes it back, so one client per pool does the same work. The same fix as the Celery
broker's (helpdesk/broker.py).

Settings use it: `CACHES["default"]["BACKEND"] = "helpdesk.cache.RedisCache"`.
"""

from typing import Any

from django.core.cache.backends import redis as django_redis

# django-stubs leave out the client's private helpers this calls.
_Client: Any = django_redis.RedisCacheClient


class RedisCacheClient(_Client):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
