"""The live chat websockets: the visitor's widget and the agent's console (docs/livechat-protocol.md).

A consumer authenticates, joins narrow groups, checks each frame and calls a service. It keeps only
ids and, per conversation it watches, the highest `seq` it has sent. That number is what makes
delivery exact whatever the channel layer does: a message numbered past it first pulls the gap from
the database, one at or below it was already sent and is dropped.
"""

import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, TypeVar

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import close_old_connections
from django.http import Http404
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from livechat import events, services, state
from livechat.access import check_agent_access, conversation_for_agent, conversation_for_visitor
from livechat.events import ErrorCode, MessageData

log = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
BACKLOG_PAGE = 200
ERROR_CODES: dict[str, ErrorCode] = {
    "bad_frame": "bad_frame",
    "too_large": "too_large",
    "forbidden": "forbidden",
    "not_found": "not_found",
    "closed": "closed",
    "taken": "taken",
}

# Service calls run on a pool of their own rather than Channels' single thread per process, so one
# slow query (a row lock held by a busy chat) does not hold every socket of the process; the pool's
# size bounds the database connections a server process opens. SQLite takes one writer at a time:
# there the pool is one thread.
_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
_db_pool = ThreadPoolExecutor(
    max_workers=1 if _sqlite else settings.LIVECHAT_DB_THREADS, thread_name_prefix="livechat-db"
)
R = TypeVar("R")


def _with_fresh_connection(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    # As Django does around a request: drop a connection that broke or outlived CONN_MAX_AGE.
    close_old_connections()
    try:
        return func(*args, **kwargs)
    finally:
        close_old_connections()


async def db(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func` on the pool; its transaction is its own."""
    run = sync_to_async(_with_fresh_connection, thread_sensitive=False, executor=_db_pool)
    return await run(func, *args, **kwargs)


class TokenBucket:
    """At most `rate` frames a second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.clock = clock
        self.updated = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _int(value: object, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise DomainError(_("Expected a whole number."), code="bad_frame")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise DomainError(_("Expected text."), code="bad_frame")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise DomainError(_("Expected true or false."), code="bad_frame")
    return value


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """What both sides share: frame limits, errors, and exact delivery by number."""

    for_customer: ClassVar[bool]

    async def connect(self) -> None:
        self.bucket = TokenBucket(settings.LIVECHAT_RATE_PER_SECOND, settings.LIVECHAT_RATE_BURST)
        # conversation id -> highest seq sent on this connection; present only while watching it.
        self.sent: dict[int, int] = {}
        await self.accept()
        await self.opened()

    async def opened(self) -> None:
        """Called once the socket is accepted."""

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        raise NotImplementedError

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if not self.bucket.take():
            slow_down = _("Too many frames: at most %(rate)s a second.") % {"rate": f"{self.bucket.rate:g}"}
            await self.refuse("rate_limited", slow_down)
            return
        if text_data is None:
            await self.refuse("bad_frame", _("Frames are JSON text."))
            return
        limit = settings.LIVECHAT_MAX_FRAME_BYTES
        if len(text_data) > limit or (len(text_data) * 4 > limit and len(text_data.encode()) > limit):
            await self.refuse("too_large", _("Frames are limited to 16 KiB."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.refuse("bad_frame", _("Each frame is a JSON object with a type."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        handler = self.frame_handlers().get(content["type"])
        if handler is None:
            await self.refuse("bad_frame", _("Unknown frame type."))
            return
        try:
            await handler(content)
        except DomainError as exc:
            code = ERROR_CODES.get(exc.code, "bad_frame")
            client_id = content.get("client_id")
            await self.refuse(code, exc.message, client_id=client_id if isinstance(client_id, str) else None)
        except Http404:
            await self.refuse("not_found", _("No such chat."))

    async def refuse(self, code: ErrorCode, message: str, *, client_id: str | None = None) -> None:
        await self.send_json(events.error_frame(code, str(message), client_id=client_id))

    # --- Groups and delivery ------------------------------------------------------------------------

    async def join(self, groups: Iterable[str]) -> None:
        for group in groups:
            if group not in self.groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups.append(group)

    async def leave(self, groups: Iterable[str]) -> None:
        for group in groups:
            if group in self.groups:
                await self.channel_layer.group_discard(group, self.channel_name)
                self.groups.remove(group)

    async def resume(self, welcome: dict[str, Any], last_seq: int) -> None:
        """After joining the chat's groups: the welcome, then every stored message after `last_seq`.
        Events that arrived meanwhile are handled after this returns and find them already sent."""
        conversation = welcome["conversation"]
        self.sent[conversation] = min(last_seq, welcome["last_seq"])
        await self.send_json(welcome)
        await self.catch_up(conversation, up_to=None)

    async def catch_up(self, conversation: int, *, up_to: int | None) -> None:
        while True:
            after = self.sent[conversation]
            page = await db(
                state.messages_after,
                conversation,
                after,
                for_customer=self.for_customer,
                up_to=up_to,
                limit=BACKLOG_PAGE,
            )
            for message in page:
                await self.send_message(message)
            if len(page) < BACKLOG_PAGE:
                return

    async def deliver(self, message: MessageData) -> None:
        conversation = message["conversation"]
        last = self.sent.get(conversation)
        if last is None or message["seq"] <= last:
            return
        if self.for_customer and message["kind"] == "note":
            return
        if message["seq"] > last + 1:
            await self.catch_up(conversation, up_to=message["seq"] - 1)
        await self.send_message(message)

    async def send_message(self, message: MessageData) -> None:
        await self.send_json(events.message_frame(message, for_customer=self.for_customer))
        self.sent[message["conversation"]] = message["seq"]

    async def acknowledge(self, posted: services.Posted) -> None:
        await self.send_json(
            {"type": "ack", "client_id": posted.message["client_id"], "seq": posted.message["seq"]}
        )
        await self.deliver(posted.message)

    # --- Group events -------------------------------------------------------------------------------

    async def chat_message_posted(self, event: events.MessagePosted) -> None:
        await self.deliver(event["message"])

    async def chat_typing_changed(self, event: events.TypingChanged) -> None:
        if event["sender"] != self.channel_name and event["conversation"] in self.sent:
            await self.send_json(events.typing_frame(event))

    async def chat_read_marked(self, event: events.ReadMarked) -> None:
        if event["conversation"] in self.sent:
            await self.send_json(events.read_frame(event))

    async def chat_status_changed(self, event: events.StatusChanged) -> None:
        await self.send_json(events.status_frame(event))


class CustomerConsumer(ChatConsumer):
    """The widget. Its first frame is `hello` with the conversation token; the token alone decides
    which chat the connection joins, whatever else a frame names."""

    for_customer = True

    async def opened(self) -> None:
        self.conversation_id: int | None = None

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        if self.conversation_id is None:
            return {"hello": self.hello}
        return {"message.send": self.message_send, "typing": self.typing, "read": self.read}

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.conversation_id is None and content["type"] != "hello":
            await self.refuse("unauthenticated", _("Say hello with your chat token first."))
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        await super().receive_json(content, **kwargs)

    async def hello(self, content: dict[str, Any]) -> None:
        last_seq = _int(content.get("last_seq", 0))
        try:
            welcome = await db(_visitor_welcome, content.get("token"))
        except DomainError as exc:
            await self.refuse("forbidden", exc.message)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        conversation = welcome["conversation"]
        self.conversation_id = conversation
        self.name = welcome.pop("visitor")
        await self.join([events.chat_group(conversation)])
        await self.resume(welcome, last_seq)

    async def message_send(self, content: dict[str, Any]) -> None:
        assert self.conversation_id is not None
        posted = await db(
            services.chat_message_post,
            conversation_id=self.conversation_id,
            body=_text(content.get("body")),
            client_id=_text(content.get("client_id")),
        )
        await self.acknowledge(posted)

    async def typing(self, content: dict[str, Any]) -> None:
        assert self.conversation_id is not None
        await events.apublish(
            events.chat_group(self.conversation_id),
            {
                "type": "chat.typing_changed",
                "conversation": self.conversation_id,
                "who": "customer",
                "name": self.name,
                "active": _flag(content.get("active")),
                "sender": self.channel_name,
            },
        )

    async def read(self, content: dict[str, Any]) -> None:
        assert self.conversation_id is not None
        await db(
            services.chat_read_mark,
            conversation_id=self.conversation_id,
            by="customer",
            seq=_int(content.get("seq"), minimum=1),
        )


class AgentConsumer(ChatConsumer):
    """The console of a signed-in agent: offers arrive on the agent's own group; each chat is watched
    after `subscribe` (or `accept`), for the chats `tickets.access` lets the agent see."""

    for_customer = False

    async def opened(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.refuse("unauthenticated", _("Sign in to the helpdesk first."))
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        # conversation id -> the status last heard, to notice a chat moving away (a transfer).
        self.statuses: dict[int, str] = {}
        await self.join([events.agent_group(user.pk)])
        for offer in await db(state.offers_pending, agent=user):
            await self.send_json(events.offer_frame(offer))

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        return {
            "subscribe": self.subscribe,
            "unsubscribe": self.unsubscribe,
            "accept": self.accept_chat,
            "message.send": self.message_send,
            "note.send": self.note_send,
            "typing": self.typing,
            "read": self.read,
            "transfer": self.transfer,
            "end": self.end,
        }

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not hasattr(self, "user"):
            await self.refuse("unauthenticated", _("Sign in to the helpdesk first."))
            return
        await super().receive_json(content, **kwargs)

    async def watch(self, conversation: int, last_seq: int) -> None:
        welcome = await db(_agent_welcome, self.user, conversation)
        await self.join([events.chat_group(conversation), events.chat_agents_group(conversation)])
        self.statuses[conversation] = welcome["status"]
        await self.resume(welcome, last_seq)

    async def unwatch(self, conversation: int) -> None:
        await self.leave([events.chat_group(conversation), events.chat_agents_group(conversation)])
        self.sent.pop(conversation, None)
        self.statuses.pop(conversation, None)

    async def subscribe(self, content: dict[str, Any]) -> None:
        await self.watch(_int(content.get("conversation"), minimum=1), _int(content.get("last_seq", 0)))

    async def unsubscribe(self, content: dict[str, Any]) -> None:
        await self.unwatch(_int(content.get("conversation"), minimum=1))

    async def accept_chat(self, content: dict[str, Any]) -> None:
        conversation = _int(content.get("conversation"), minimum=1)
        await db(_agent_accept, self.user, conversation)
        if conversation not in self.sent:
            await self.watch(conversation, _int(content.get("last_seq", 0)))

    async def message_send(self, content: dict[str, Any], *, internal: bool = False) -> None:
        posted = await db(
            _agent_post,
            self.user,
            _int(content.get("conversation"), minimum=1),
            body=_text(content.get("body")),
            client_id=_text(content.get("client_id")),
            internal=internal,
        )
        await self.acknowledge(posted)

    async def note_send(self, content: dict[str, Any]) -> None:
        await self.message_send(content, internal=True)

    async def typing(self, content: dict[str, Any]) -> None:
        conversation = _int(content.get("conversation"), minimum=1)
        if conversation not in self.sent:
            raise DomainError(_("Subscribe to the chat first."), code="forbidden")
        await events.apublish(
            events.chat_group(conversation),
            {
                "type": "chat.typing_changed",
                "conversation": conversation,
                "who": "agent",
                "name": self.user.first_name or self.user.get_username(),
                "active": _flag(content.get("active")),
                "sender": self.channel_name,
            },
        )

    async def read(self, content: dict[str, Any]) -> None:
        await db(
            _agent_read,
            self.user,
            _int(content.get("conversation"), minimum=1),
            _int(content.get("seq"), minimum=1),
        )

    async def transfer(self, content: dict[str, Any]) -> None:
        note = content.get("note", "")
        await db(
            _agent_transfer,
            self.user,
            _int(content.get("conversation"), minimum=1),
            team=_int(content.get("team"), minimum=1),
            note=_text(note if note is not None else ""),
        )

    async def end(self, content: dict[str, Any]) -> None:
        await db(_agent_end, self.user, _int(content.get("conversation"), minimum=1))

    async def chat_offered(self, event: events.Offered) -> None:
        await self.send_json(events.offer_frame(event))

    async def sla_notice(self, event: dict[str, Any]) -> None:
        """SLA warnings and breaches share the agent's group; the console shows them as notices."""
        await self.send_json({"type": "notice", "notice": event["notice"]})

    async def chat_status_changed(self, event: events.StatusChanged) -> None:
        conversation = event["conversation"]
        before = self.statuses.get(conversation)
        if before is not None:
            self.statuses[conversation] = event["status"]
            # A chat sent back to the queue may have left this agent's reach (a partner team's agent
            # after a transfer): stop watching it if so.
            moved_back = event["status"] == "waiting" and before not in ("waiting", "offered")
            if moved_back and not await db(_agent_may_see, self.user, conversation):
                await self.unwatch(conversation)
        await super().chat_status_changed(event)


# --- Database work, one call each (run on the pool) -----------------------------------------------


def _visitor_welcome(token: object) -> dict[str, Any]:
    conversation = conversation_for_visitor(token)
    welcome = state.conversation_welcome(conversation, for_customer=True)
    welcome["visitor"] = state.customer_name(conversation)
    return welcome


def _agent_welcome(user: Any, conversation_id: int) -> dict[str, Any]:
    return state.conversation_welcome(conversation_for_agent(user, conversation_id), for_customer=False)


def _agent_may_see(user: Any, conversation_id: int) -> bool:
    try:
        check_agent_access(user, conversation_id)
    except Http404:
        return False
    return True


def _agent_accept(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_accept(conversation_id=conversation_id, agent=user)


def _agent_post(
    user: Any, conversation_id: int, *, body: str, client_id: str, internal: bool
) -> services.Posted:
    check_agent_access(user, conversation_id)
    return services.chat_message_post(
        conversation_id=conversation_id, body=body, client_id=client_id, agent=user, internal=internal
    )


def _agent_read(user: Any, conversation_id: int, seq: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_read_mark(conversation_id=conversation_id, by="agent", seq=seq)


def _agent_transfer(user: Any, conversation_id: int, *, team: int, note: str) -> None:
    check_agent_access(user, conversation_id)
    services.chat_transfer(conversation_id=conversation_id, actor=user, team_id=team, note=note)


def _agent_end(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_end(conversation_id=conversation_id, actor=user)
