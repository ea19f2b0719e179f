"""The bell's socket: a signed-in staff member's own group, nothing else. It receives counts, never
text, and accepts no frames: reading and marking go through the pages and the API."""

import asyncio
import contextlib
import logging
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError

from accounts.access import may_use_workspace, staff_session_ok
from livechat.access import agent_session_valid
from livechat.consumers.pools import read
from notifications.events import UnreadChanged, user_group
from notifications.querysets import unread_count

log = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Joins `notifications.<own user id>` only: the group comes from the session, never the client.
    Like the chat console's socket it lives only as long as the session that opened it."""

    group = ""
    checker: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if user is None or not user.is_authenticated or not user.is_active or not session_key:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not may_use_workspace(user):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await read(staff_session_ok, user, session):
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "unread", "unread": await read(unread_count, user), "added": False})
        self.checker = asyncio.create_task(self.check_session(session_key, user.pk))

    async def check_session(self, session_key: str, user_id: int) -> None:
        while True:
            await asyncio.sleep(settings.LIVECHAT_SESSION_CHECK_SECONDS)
            try:
                valid = await read(agent_session_valid, session_key, user_id)
            except DatabaseError:
                log.warning("could not check the session of a notifications socket", exc_info=True)
                continue
            if not valid:
                await self.close(code=CLOSE_UNAUTHENTICATED)
                return

    async def disconnect(self, code: int) -> None:
        if self.checker is not None:
            self.checker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.checker
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Frames are not read: the socket only tells."""

    async def notifications_changed(self, event: UnreadChanged) -> None:
        await self.send_json({"type": "unread", "unread": event["unread"], "added": event["added"]})
