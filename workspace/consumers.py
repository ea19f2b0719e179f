"""The ticket page's socket: who else is on the case, live (docs/collision.md).

A page (or the chat console, for a chat's ticket) opens one socket and `watch`es the tickets it shows.
Watching takes the same access check as the ticket page, then a seat on the ticket (workspace/presence.py)
and a place in the ticket's own group, where every change of its roster is heard. Nothing here writes to
the database: seats live in Redis and die with the socket, or without a heartbeat.

Frames in: `watch` / `unwatch` {ticket}, `typing` {ticket, activity: reply | note | viewing},
`heartbeat`, `ping`. Frames out: `presence` {ticket, viewers, heartbeat}, `pong`, `error`
{code, message, client_id, ticket}.
"""

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import may_use_workspace, staff_session_ok
from helpdesk.errors import DomainError
from livechat.access import agent_session_valid
from livechat.consumers.base import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED
from livechat.consumers.frames import TokenBucket, _client_id, _int, _parse, _text
from livechat.consumers.pools import read
from tickets.access import ticket_for_agent
from workspace import presence
from workspace.presence import ACTIVITIES, Activity, PresenceChanged, Viewer

log = logging.getLogger(__name__)

# One page watches one ticket; the console a few chats at once.
MAX_WATCHED = 20


def _ticket_of(content: dict[str, Any]) -> int | None:
    value = content.get("ticket")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _may_see(user: Any, ticket_id: int) -> bool:
    try:
        ticket_for_agent(user, ticket_id)
    except Http404:
        return False
    return True


class TicketPresenceConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.watching: set[int] = set()
        self.ending = False
        self.bucket = TokenBucket(settings.LIVECHAT_RATE_PER_SECOND, settings.LIVECHAT_RATE_BURST)
        refusal = await self.admission()
        await self.accept()
        if refusal is not None:
            code, message, close_code = refusal
            await self.end(code, message, close_code)
            return
        self.user = self.scope["user"]
        self.session_key: str = self.scope["session"].session_key
        self.name = self.user.first_name or self.user.get_username()
        self.checked = time.monotonic()

    async def admission(self) -> tuple[str, str, int] | None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if user is None or not user.is_authenticated or not user.is_active or not session_key:
            return "unauthenticated", _("Sign in to the helpdesk first."), CLOSE_UNAUTHENTICATED
        if not may_use_workspace(user):
            return "forbidden", _("Auditors do not work on tickets."), CLOSE_FORBIDDEN
        if not await read(staff_session_ok, user, session):
            return "unauthenticated", _("Sign in again, with your second factor."), CLOSE_UNAUTHENTICATED
        return None

    async def end(self, code: str, message: str, close_code: int) -> None:
        if self.ending:
            return
        self.ending = True
        await self.send_json({"type": "error", "code": code, "message": str(message)})
        await self.close(code=close_code)

    async def disconnect(self, code: int) -> None:
        self.ending = True
        for ticket_id in list(self.watching):
            try:
                await self.unwatch_ticket(ticket_id)
            except Exception:
                # Redis away: the seat runs out by itself (presence.EXPIRY_SECONDS).
                log.warning("could not give up a presence seat", exc_info=True)

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        return {
            "watch": self.watch,
            "unwatch": self.unwatch,
            "typing": self.typing,
            "heartbeat": self.heartbeat,
        }

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if self.ending:
            return
        if not self.bucket.take():
            await self.refuse("rate_limited", _("Too many frames: slow down."))
            return
        try:
            content = _parse(text_data)
        except DomainError as exc:
            await self.refuse(exc.code, exc.message)
            return
        if content["type"] == "ping":
            await self.send_json({"type": "pong"})
            return
        client_id, ticket = _client_id(content), _ticket_of(content)
        handler = self.frame_handlers().get(content["type"])
        if handler is None:
            await self.refuse("bad_frame", _("Unknown frame type."), client_id=client_id, ticket=ticket)
            return
        try:
            await handler(content)
        except DomainError as exc:
            await self.refuse(exc.code, exc.message, client_id=client_id, ticket=ticket)
        except Exception:
            log.exception("presence frame %s failed", content["type"])
            failed = _("The frame could not be worked; try again.")
            await self.refuse("server_error", failed, client_id=client_id, ticket=ticket)

    async def refuse(
        self, code: str, message: str, *, client_id: str | None = None, ticket: int | None = None
    ) -> None:
        await self.send_json(
            {"type": "error", "code": code, "message": str(message), "client_id": client_id, "ticket": ticket}
        )

    # --- Frames ---------------------------------------------------------------------------------------

    async def watch(self, content: dict[str, Any]) -> None:
        ticket_id = _int(content.get("ticket"), minimum=1)
        if ticket_id not in self.watching:
            if len(self.watching) >= MAX_WATCHED:
                raise DomainError(_("Watching too many tickets at once."), code="forbidden")
            if not await read(_may_see, self.user, ticket_id):
                raise DomainError(_("No such ticket."), code="not_found")
            await self.channel_layer.group_add(presence.ticket_group(ticket_id), self.channel_name)
            self.watching.add(ticket_id)
        await self.seat(ticket_id, activity="viewing", answer=True)

    async def unwatch(self, content: dict[str, Any]) -> None:
        ticket_id = _int(content.get("ticket"), minimum=1)
        if ticket_id in self.watching:
            await self.unwatch_ticket(ticket_id)

    async def unwatch_ticket(self, ticket_id: int) -> None:
        self.watching.discard(ticket_id)
        await self.channel_layer.group_discard(presence.ticket_group(ticket_id), self.channel_name)
        await self.seat(ticket_id, leave=True)

    async def typing(self, content: dict[str, Any]) -> None:
        ticket_id = _int(content.get("ticket"), minimum=1)
        activity = _text(content.get("activity"))
        if activity not in ACTIVITIES:
            raise DomainError(_("activity is reply, note or viewing."), code="bad_frame")
        if ticket_id not in self.watching:
            raise DomainError(_("Watch the ticket first."), code="forbidden")
        await self.seat(ticket_id, activity=activity)

    async def heartbeat(self, content: dict[str, Any]) -> None:
        """Renews every seat of this socket; now and then also the session and the access behind them."""
        if time.monotonic() - self.checked >= settings.LIVECHAT_SESSION_CHECK_SECONDS:
            self.checked = time.monotonic()
            if not await self.still_allowed():
                return
        for ticket_id in list(self.watching):
            await self.seat(ticket_id)

    async def still_allowed(self) -> bool:
        try:
            valid = await read(agent_session_valid, self.session_key, self.user.pk)
            gone = [t for t in self.watching if not await read(_may_see, self.user, t)]
        except DatabaseError:
            log.warning("could not check a presence socket's session", exc_info=True)
            return True
        if not valid:
            await self.end("unauthenticated", _("You were signed out. Sign in again."), CLOSE_UNAUTHENTICATED)
            return False
        for ticket_id in gone:
            # The case moved out of this agent's reach (a partner's transfer): its roster is no longer theirs.
            await self.unwatch_ticket(ticket_id)
        return True

    async def seat(
        self, ticket_id: int, *, activity: Activity | None = None, leave: bool = False, answer: bool = False
    ) -> None:
        viewers, changed = await presence.presence_seat(
            ticket_id=ticket_id,
            socket=self.channel_name,
            user_id=self.user.pk,
            name=self.name,
            activity=activity,
            leave=leave,
        )
        if changed:
            await presence.publish_presence(ticket_id, viewers)
        if answer and not changed:
            # Joining without changing the roster (another tab of the same agent): this socket is told.
            await self.send_roster(ticket_id, viewers)

    async def send_roster(self, ticket_id: int, viewers: list[Viewer]) -> None:
        await self.send_json(
            {
                "type": "presence",
                "ticket": ticket_id,
                "viewers": viewers,
                "heartbeat": presence.HEARTBEAT_SECONDS,
            }
        )

    # --- Group events ---------------------------------------------------------------------------------

    async def ticket_presence_changed(self, event: PresenceChanged) -> None:
        if event["ticket"] in self.watching:
            await self.send_roster(event["ticket"], event["viewers"])
