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
"""

import asyncio
import collections
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, TypeVar

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.http import Http404
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from helpdesk.parsing import INT_MAX, InvalidJSON, json_loads, text_problem
from livechat import events, services, state
from livechat.access import (
    agent_session_valid,
    check_agent_access,
    conversation_for_agent,
    conversation_for_visitor,
)
from livechat.busy import is_busy
from livechat.events import ErrorCode, MessageData
from livechat.identity import conversation_token_expires_at

log = logging.getLogger(__name__)

# Close codes (docs/livechat-protocol.md, "Closing").
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_HELLO_TIMEOUT = 4408
CLOSE_TOO_MANY = 4429
BACKLOG_PAGE = 200
ERROR_CODES: dict[str, ErrorCode] = {
    "bad_frame": "bad_frame",
    "too_large": "too_large",
    "forbidden": "forbidden",
    "not_found": "not_found",
    "closed": "closed",
    "taken": "taken",
}
RETRY_CEILING_SECONDS = 1.0

# Service calls run on a pool of their own rather than Channels' single thread per process, so one
# slow query (a row lock held by a busy chat) does not hold every socket of the process; the pool's
# size bounds the database connections a server process opens. SQLite takes one writer at a time:
# there the pool is one thread. Reads (welcomes, catch-ups, access checks) have a pool apart: they
# never wait for a row lock, so writes queued behind a busy row never hold up a socket's delivery.
_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
_db_pool = ThreadPoolExecutor(
    max_workers=1 if _sqlite else settings.LIVECHAT_DB_THREADS, thread_name_prefix="livechat-db"
)
_read_pool = ThreadPoolExecutor(
    max_workers=1 if _sqlite else settings.LIVECHAT_DB_READ_THREADS, thread_name_prefix="livechat-read"
)
# The pool's PostgreSQL connections that already have their timeouts set.
_bounded: "weakref.WeakSet[Any]" = weakref.WeakSet()
R = TypeVar("R")


def _bound_waits() -> None:
    """A pool thread waits for a row lock at most LIVECHAT_LOCK_TIMEOUT_MS and runs a statement at most
    LIVECHAT_STATEMENT_TIMEOUT_MS: a thread stuck behind a long transaction would starve every other
    socket of the process of the pool."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw in _bounded:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
            [f"{settings.LIVECHAT_LOCK_TIMEOUT_MS}ms", f"{settings.LIVECHAT_STATEMENT_TIMEOUT_MS}ms"],
        )
    _bounded.add(raw)


def _with_fresh_connection(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    # As Django does around a request: drop a connection that broke or outlived CONN_MAX_AGE.
    close_old_connections()
    try:
        _bound_waits()
        return func(*args, **kwargs)
    finally:
        close_old_connections()


async def db(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which may write, on the pool; its transaction is its own."""
    run = sync_to_async(_with_fresh_connection, thread_sensitive=False, executor=_db_pool)
    return await run(func, *args, **kwargs)


async def read(func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run `func`, which only reads (no row locks), on the readers' pool."""
    run = sync_to_async(_with_fresh_connection, thread_sensitive=False, executor=_read_pool)
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
    # Ids and numbers are PostgreSQL integers: anything larger is a bad frame, not a database error.
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= INT_MAX:
        raise DomainError(
            _("Expected a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": INT_MAX},
            code="bad_frame",
        )
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise DomainError(_("Expected text."), code="bad_frame")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise DomainError(_("Expected true or false."), code="bad_frame")
    return value


def _conversation_of(content: dict[str, Any]) -> int | None:
    value = content.get("conversation")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INT_MAX:
        return value
    return None


def _client_id(content: dict[str, Any]) -> str | None:
    value = content.get("client_id")
    return value if isinstance(value, str) else None


def _parse(text_data: str | None) -> dict[str, Any]:
    """The frame as a dict with a `type`, or DomainError(bad_frame / too_large)."""
    if text_data is None:
        raise DomainError(_("Frames are JSON text."), code="bad_frame")
    limit = settings.LIVECHAT_MAX_FRAME_BYTES
    if len(text_data) > limit or (
        len(text_data) * 4 > limit and len(text_data.encode("utf-8", "surrogatepass")) > limit
    ):
        raise DomainError(_("Frames are limited to 16 KiB."), code="too_large")
    try:
        content = json_loads(text_data)
    except InvalidJSON as exc:
        raise DomainError(_("The frame is %(problem)s.") % {"problem": exc}, code="bad_frame") from None
    except ValueError:
        content = None
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        raise DomainError(_("Each frame is a JSON object with a type."), code="bad_frame")
    # Text PostgreSQL cannot store (NUL, a lone surrogate such as "\ud800") is refused here, whatever
    # field carries it, before any service sees it.
    for value in content.values():
        if isinstance(value, str) and (problem := text_problem(value)):
            raise DomainError(problem, code="bad_frame")
    return content


def client_address(scope: dict[str, Any]) -> str:
    """The peer's address, as audit.middleware.client_ip reads it for HTTP."""
    address = (scope.get("client") or ("", 0))[0] or ""
    if settings.HELPDESK_TRUST_X_FORWARDED_FOR:
        for name, value in scope.get("headers", []):
            if name == b"x-forwarded-for" and value:
                # Our own proxy appends the address it saw last; anything before it is client-supplied.
                address = value.decode("latin-1").split(",")[-1].strip()
    return str(address)


# Sockets of each address that have not said `hello` yet, in this process.
_unauthenticated: collections.Counter[str] = collections.Counter()


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """What both sides share: frame limits, lanes, errors, and exact delivery by number."""

    for_customer: ClassVar[bool]

    async def connect(self) -> None:
        self.bucket = TokenBucket(settings.LIVECHAT_RATE_PER_SECOND, settings.LIVECHAT_RATE_BURST)
        # conversation id -> highest seq sent on this connection; present only while watching it.
        self.sent: dict[int, int] = {}
        # Frames taken and not yet answered, per lane, and the task working each lane.
        self.lanes: dict[object, collections.deque[dict[str, Any]]] = {}
        self.workers: dict[object, asyncio.Task[None]] = {}
        self.waiting = 0
        # Held while messages go out, so a lane's ack and a group event never send one message twice.
        self.delivering = asyncio.Lock()
        self.timers: list[asyncio.Task[None]] = []
        self.ending = False
        await self.accept()
        await self.opened()

    async def opened(self) -> None:
        """Called once the socket is accepted."""

    async def disconnect(self, code: int) -> None:
        self.ending = True
        for task in [*self.workers.values(), *self.timers]:
            task.cancel()

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        raise NotImplementedError

    def lane(self, content: dict[str, Any]) -> object:
        """Frames of one lane are worked in the order they came."""
        raise NotImplementedError

    def about(self, content: dict[str, Any]) -> int | None:
        """The conversation an answer to `content` names."""
        return _conversation_of(content)

    async def admit(self, content: dict[str, Any]) -> bool:
        """Whether a well-formed frame may be queued; a refusal has been sent if not."""
        return True

    async def refuse_unparsed(self, code: ErrorCode, message: str) -> None:
        await self.refuse(code, message, conversation=self.about({}))

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if self.ending:
            return
        # Counted as it arrives, whatever the lanes are waiting for.
        if not self.bucket.take():
            slow_down = _("Too many frames: at most %(rate)s a second.") % {"rate": f"{self.bucket.rate:g}"}
            await self.refuse_unparsed("rate_limited", slow_down)
            return
        try:
            content = _parse(text_data)
        except DomainError as exc:
            await self.refuse_unparsed(ERROR_CODES.get(exc.code, "bad_frame"), exc.message)
            return
        if content["type"] == "ping":
            await self.send_json({"type": "pong"})
            return
        if not await self.admit(content):
            return
        if self.waiting >= settings.LIVECHAT_FRAME_QUEUE:
            await self.refuse(
                "rate_limited",
                _("Too many frames waiting: send this one again in a moment."),
                client_id=_client_id(content),
                conversation=self.about(content),
            )
            return
        key = self.lane(content)
        self.lanes.setdefault(key, collections.deque()).append(content)
        self.waiting += 1
        if key not in self.workers:
            self.workers[key] = asyncio.create_task(self.work(key))

    async def work(self, key: object) -> None:
        lane = self.lanes[key]
        try:
            while lane and not self.ending:
                await self.answer(lane[0])
                lane.popleft()
                self.waiting -= 1
        finally:
            if self.lanes.get(key) is lane and not lane:
                del self.lanes[key]
            self.workers.pop(key, None)

    async def answer(self, content: dict[str, Any]) -> None:
        """Work one frame and answer it: its result, or an `error`. A busy row is waited out."""
        refusal: dict[str, Any] = {
            "client_id": _client_id(content),
            "conversation": self.about(content),
        }
        handler = self.frame_handlers().get(content["type"])
        if handler is None:
            await self.refuse("bad_frame", _("Unknown frame type."), **refusal)
            return
        pause = 0.05
        while not self.ending:
            try:
                await handler(content)
                return
            except DomainError as exc:
                await self.refuse(ERROR_CODES.get(exc.code, "bad_frame"), exc.message, **refusal)
                return
            except Http404:
                await self.refuse("not_found", _("No such chat."), **refusal)
                return
            except DatabaseError as exc:
                # A busy row (livechat/busy.py): nothing was written, so the frame is worked again.
                if not is_busy(exc):
                    log.exception("chat frame %s failed", content["type"])
                    await self.refuse(
                        "server_error", _("The frame could not be worked; try again."), **refusal
                    )
                    return
                log.info("chat frame %s waits for a busy row: %s", content["type"], exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, RETRY_CEILING_SECONDS)
            except Exception:
                # A bug answers this one frame; it does not take the socket and the frames behind it.
                log.exception("chat frame %s failed", content["type"])
                await self.refuse("server_error", _("The frame could not be worked; try again."), **refusal)
                return

    async def refuse(
        self,
        code: ErrorCode,
        message: str,
        *,
        client_id: str | None = None,
        conversation: int | None = None,
    ) -> None:
        await self.send_json(
            events.error_frame(code, str(message), client_id=client_id, conversation=conversation)
        )

    async def end(self, code: ErrorCode, message: str, close_code: int) -> None:
        """Answer nothing more on this socket: say why, then close it."""
        if self.ending:
            return
        self.ending = True
        await self.refuse(code, message)
        await self.close(code=close_code)

    def after(self, seconds: float, then: Callable[[], Awaitable[None]]) -> None:
        """Run `then` in `seconds` unless the socket closes first."""

        async def timer() -> None:
            await asyncio.sleep(max(0.0, seconds))
            try:
                await then()
            except Exception:
                log.exception("chat socket timer %s failed", getattr(then, "__name__", then))

        # The session check re-arms itself for as long as the socket lives: keep only live timers.
        self.timers = [task for task in self.timers if not task.done()]
        self.timers.append(asyncio.create_task(timer()))

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
        Events that arrived meanwhile wait for the delivery lock and find them already sent."""
        conversation = welcome["conversation"]
        async with self.delivering:
            self.sent[conversation] = min(last_seq, welcome["last_seq"])
            await self.send_json(welcome)
            await self.catch_up(conversation, up_to=None)

    async def catch_up(self, conversation: int, *, up_to: int | None) -> None:
        while True:
            after = self.sent[conversation]
            page = await read(
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
        async with self.delivering:
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
    which chat the connection joins, whatever else a frame names. A socket that has not said hello
    is closed after LIVECHAT_HELLO_TIMEOUT_SECONDS, and one address holds at most
    LIVECHAT_UNAUTHENTICATED_PER_ADDRESS of them at once."""

    for_customer = True

    async def opened(self) -> None:
        self.conversation_id: int | None = None
        self.greeted = False
        self.address: str | None = client_address(self.scope)
        if _unauthenticated[self.address] >= settings.LIVECHAT_UNAUTHENTICATED_PER_ADDRESS:
            self.address = None
            await self.end("rate_limited", _("Too many chat connections from your address."), CLOSE_TOO_MANY)
            return
        _unauthenticated[self.address] += 1
        self.after(settings.LIVECHAT_HELLO_TIMEOUT_SECONDS, self.hello_missed)

    async def disconnect(self, code: int) -> None:
        self.authenticated()
        await super().disconnect(code)

    def authenticated(self) -> None:
        """The socket said hello (or left): it no longer counts against its address."""
        if self.address is not None:
            _unauthenticated[self.address] -= 1
            if _unauthenticated[self.address] <= 0:
                del _unauthenticated[self.address]
            self.address = None

    async def hello_missed(self) -> None:
        # A hello that came in time but waits for the database (a burst of reconnects) is not late.
        if not self.greeted:
            await self.end("unauthenticated", _("Say hello with your chat token first."), CLOSE_HELLO_TIMEOUT)

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        if self.conversation_id is None:
            return {"hello": self.hello}
        return {"message.send": self.message_send, "typing": self.typing, "read": self.read}

    def lane(self, content: dict[str, Any]) -> object:
        return "chat"

    def about(self, content: dict[str, Any]) -> int | None:
        return self.conversation_id

    async def refuse_unparsed(self, code: ErrorCode, message: str) -> None:
        if not self.greeted:
            await self.end(
                "unauthenticated", _("Say hello with your chat token first."), CLOSE_UNAUTHENTICATED
            )
            return
        await super().refuse_unparsed(code, message)

    async def admit(self, content: dict[str, Any]) -> bool:
        if not self.greeted:
            if content["type"] != "hello":
                await self.end(
                    "unauthenticated", _("Say hello with your chat token first."), CLOSE_UNAUTHENTICATED
                )
                return False
            self.greeted = True
        return True

    async def hello(self, content: dict[str, Any]) -> None:
        last_seq = _int(content.get("last_seq", 0))
        try:
            welcome = await read(_visitor_welcome, content.get("token"))
        except DomainError as exc:
            await self.end("forbidden", exc.message, CLOSE_FORBIDDEN)
            return
        conversation = welcome["conversation"]
        self.conversation_id = conversation
        self.authenticated()
        self.name = welcome.pop("visitor")
        # The token stops opening the chat at its expiry; a socket it opened closes then too.
        self.after(welcome.pop("expires_at") - time.time(), self.token_expired)
        await self.join([events.chat_group(conversation)])
        await self.resume(welcome, last_seq)

    async def token_expired(self) -> None:
        await self.end("forbidden", _("This chat link is not valid any more."), CLOSE_FORBIDDEN)

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
    after `subscribe` (or `accept`), for the chats `tickets.access` lets the agent see.

    The socket lives as long as the session that opened it: signing out or deactivating the agent
    closes it at once (an `agent.session_ended` event on the agent's group), and the session is
    looked up again every LIVECHAT_SESSION_CHECK_SECONDS, which catches one that expired or was
    ended by a password change."""

    for_customer = False

    async def opened(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if user is None or not user.is_authenticated or not user.is_active or not session_key:
            await self.end("unauthenticated", _("Sign in to the helpdesk first."), CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        self.session_key: str = session_key
        self.session = events.session_digest(session_key)
        # conversation id -> the status last heard, to notice a chat moving away (a transfer).
        self.statuses: dict[int, str] = {}
        await self.join([events.agent_group(user.pk)])
        self.after(settings.LIVECHAT_SESSION_CHECK_SECONDS, self.check_session)
        for offer in await read(state.offers_pending, agent=user):
            await self.send_json(events.offer_frame(offer))

    async def check_session(self) -> None:
        try:
            valid = await read(agent_session_valid, self.session_key, self.user.pk)
        except DatabaseError:
            # The database is away: the session is looked up again at the next check.
            log.warning("could not check the session of a chat console", exc_info=True)
            valid = True
        if valid:
            self.after(settings.LIVECHAT_SESSION_CHECK_SECONDS, self.check_session)
        else:
            await self.session_ended()

    async def session_ended(self) -> None:
        await self.end("unauthenticated", _("You were signed out. Sign in again."), CLOSE_UNAUTHENTICATED)

    async def agent_session_ended(self, event: events.SessionEnded) -> None:
        if event["session"] is None or event["session"] == self.session:
            await self.session_ended()

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
            "end": self.end_chat,
            "decline": self.decline_chat,
        }

    def lane(self, content: dict[str, Any]) -> object:
        return _conversation_of(content)

    async def watch(self, conversation: int, last_seq: int) -> None:
        welcome = await read(_agent_welcome, self.user, conversation)
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
        last_seq = _int(content.get("last_seq", 0))
        await db(_agent_accept, self.user, conversation)
        if conversation not in self.sent:
            await self.watch(conversation, last_seq)

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

    async def end_chat(self, content: dict[str, Any]) -> None:
        await db(_agent_end, self.user, _int(content.get("conversation"), minimum=1))

    async def decline_chat(self, content: dict[str, Any]) -> None:
        await db(_agent_decline, self.user, _int(content.get("conversation"), minimum=1))

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
            if moved_back and not await read(_agent_may_see, self.user, conversation):
                await self.unwatch(conversation)
        await super().chat_status_changed(event)


# --- Database work, one call each (run on the pool) -----------------------------------------------


def _visitor_welcome(token: object) -> dict[str, Any]:
    conversation = conversation_for_visitor(token)
    welcome = state.conversation_welcome(conversation, for_customer=True)
    welcome["visitor"] = state.customer_name(conversation)
    assert isinstance(token, str)
    welcome["expires_at"] = conversation_token_expires_at(token)
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


def _agent_decline(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_decline(conversation_id=conversation_id, agent=user)
