"""Celery's Redis transport, with one Redis client per channel for what it publishes.

kombu's Redis channel builds a new `redis.Redis` object for every command it sends outside a consumer
(`Channel.conn_or_acquire`): each task published paid for a client's construction (its tables of response
callbacks copied and upper-cased), which cost more than the LPUSH it then sent. The
client is only a front for the channel's connection pool, which hands each command a connection and
takes it back, so one client per channel and pool does the same work. A channel is used by one
thread at a time (Celery's producer pool lends a producer, and its channel, to one caller); the
pool is thread-safe anyway. When the channel drops its pools (a fork, a reconnect) the next command
builds a client over the new one.

Settings use it for the Redis broker: `CELERY_BROKER_TRANSPORT = "helpdesk.broker:RedisTransport"`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu.transport import redis as kombu_redis

# kombu's type stubs leave out the channel's private helpers this overrides and calls.
_Channel: Any = kombu_redis.Channel


class RedisChannel(_Channel):
    _held_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        held, pool = self._held_client, self.pool
        if held is None or held.connection_pool is not pool:
            held = self._held_client = self._create_client()
        yield held

    def _disconnect_pools(self) -> None:
        self._held_client = None
        super()._disconnect_pools()


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel
