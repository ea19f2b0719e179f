"""The socket both sides share: a lane per conversation, one answer per frame, and exact delivery by
number."""

import asyncio
import collections
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, ClassVar

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from livechat import events, services, state
from livechat.busy import is_busy
from livechat.consumers.frames import TokenBucket, _client_id, _conversation_of, _parse
from livechat.consumers.pools import read
from livechat.events import ErrorCode, MessageData

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
        # Checks that need the database run before the accept: once accepted, the socket joins its
        # groups with no wait in between, so nothing published right after the handshake is missed.
        refusal = await self.admission()
        await self.accept()
        if refusal is not None:
            await self.end(*refusal)
            return
        await self.opened()

    async def admission(self) -> tuple[ErrorCode, str, int] | None:
        """Why this socket may not be used (sent as its first and only frame), or None."""
        return None

    async def opened(self) -> None:
        """Called once the socket is accepted and admitted."""

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
