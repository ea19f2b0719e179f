"""The visitor's socket: the widget, which says hello with its chat token first."""

import collections
import time
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from livechat import events, services, state
from livechat.access import conversation_for_visitor
from livechat.consumers.base import (
    CLOSE_FORBIDDEN,
    CLOSE_HELLO_TIMEOUT,
    CLOSE_TOO_MANY,
    CLOSE_UNAUTHENTICATED,
    ChatConsumer,
)
from livechat.consumers.frames import _flag, _int, _text
from livechat.consumers.pools import db, read
from livechat.events import ErrorCode
from livechat.identity import conversation_token_expires_at


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


# --- Database work, one call each (run on the pool) -----------------------------------------------


def _visitor_welcome(token: object) -> dict[str, Any]:
    conversation = conversation_for_visitor(token)
    welcome = state.conversation_welcome(conversation, for_customer=True)
    welcome["visitor"] = state.customer_name(conversation)
    assert isinstance(token, str)
    welcome["expires_at"] = conversation_token_expires_at(token)
    return welcome
