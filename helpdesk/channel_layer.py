"""The Redis channel layer, with a connection pool that gives connections back.

channels_redis opens its pool without a bound and keeps every connection it ever opened: each
socket's group_add, group_discard and send takes one, so a burst of sockets connecting or leaving
at once opens as many Redis connections as the burst was wide, and they stay open, idle, for the
life of the process (measured in bench/livechat_redis.py: about half the sockets of a burst of 2,000).
This pool waits for a free connection past `max_connections` instead of opening another, and closes
the idle ones past `max_idle` as they come back.

Several Redis servers (settings.CHANNEL_REDIS_URLS) shard the layer as channels_redis does: a group
lives on the server its name hashes to, and so does each channel, whatever process sends to it; each
server gets a pool of its own, bounded as above. Every process must list the same servers in the same
order, or a message sent to a group on one server misses the members another process added elsewhere
(tests/ops/test_channel_shards.py runs two processes over two servers; docs/scaling.md).
"""

from typing import Any

from channels_redis.core import RedisChannelLayer as BaseRedisChannelLayer
from redis.asyncio import BlockingConnectionPool, ConnectionPool
from redis.asyncio.connection import AbstractConnection


class TrimmingConnectionPool(BlockingConnectionPool):
    """At most `max_connections` open, at most `max_idle` of them idle."""

    def __init__(self, *, max_idle: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_idle = max_idle

    async def release(self, connection: AbstractConnection) -> None:
        await super().release(connection)
        surplus: list[AbstractConnection] = []
        async with self._condition:
            while len(self._available_connections) > self.max_idle:
                # The least recently used: get_available_connection takes from the end.
                surplus.append(self._available_connections.pop(0))
        for idle in surplus:
            await idle.disconnect()


class RedisChannelLayer(BaseRedisChannelLayer):
    def __init__(
        self,
        *args: Any,
        max_connections: int = 32,
        max_idle: int = 2,
        pool_timeout: float = 20,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_connections = max_connections
        self.max_idle = max_idle
        self.pool_timeout = pool_timeout

    def create_pool(self, index: int) -> ConnectionPool:
        """The pool of shard `index` (the position of its server in the hosts list)."""
        host = dict(self.hosts[index])
        pool_options: dict[str, Any] = {
            "max_connections": self.max_connections,
            "max_idle": self.max_idle,
            "timeout": self.pool_timeout,
        }
        if "address" in host:
            return TrimmingConnectionPool.from_url(host.pop("address"), **pool_options, **host)
        return TrimmingConnectionPool(**pool_options, **host)
