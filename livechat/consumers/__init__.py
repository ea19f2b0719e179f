"""The live chat websockets: the visitor's widget and the agent's console (docs/livechat-protocol.md).

A consumer authenticates, joins narrow groups, checks each frame and calls a service. It keeps only
ids and, per conversation it watches, the highest `seq` it has sent. That number is what makes
delivery exact whatever the channel layer does: a message numbered past it first pulls the gap from
the database, one at or below it was already sent and is dropped.

Receiving and working are apart. `receive` only checks a frame (rate, size, JSON, text) and puts it
in a lane: one per conversation, worked in order by a task of its own. So a slow query (a row
another transaction holds) never stops the socket from reading: pings are answered, the server's
keepalive pongs are read, the rate limit counts frames as they arrive, and a frame for another chat
is not held up. Every frame a lane takes is answered once, with its result or an `error`.

Split by concern; the consumers and what the routing and tests use are importable from
`livechat.consumers` as before: `base` (what both sides share: lanes, answers, delivery), `visitor`
(the widget), `agent` (the console), `frames` (rate limit and frame checks) and `pools` (where
database work runs).
"""

from livechat.consumers.agent import AgentConsumer
from livechat.consumers.base import (
    BACKLOG_PAGE,
    CLOSE_FORBIDDEN,
    CLOSE_HELLO_TIMEOUT,
    CLOSE_TOO_MANY,
    CLOSE_UNAUTHENTICATED,
    ERROR_CODES,
    RETRY_CEILING_SECONDS,
    ChatConsumer,
)
from livechat.consumers.frames import TokenBucket
from livechat.consumers.pools import db, read
from livechat.consumers.visitor import CustomerConsumer, client_address

__all__ = [
    "BACKLOG_PAGE",
    "CLOSE_FORBIDDEN",
    "CLOSE_HELLO_TIMEOUT",
    "CLOSE_TOO_MANY",
    "CLOSE_UNAUTHENTICATED",
    "ERROR_CODES",
    "RETRY_CEILING_SECONDS",
    "AgentConsumer",
    "ChatConsumer",
    "CustomerConsumer",
    "TokenBucket",
    "client_address",
    "db",
    "read",
]
