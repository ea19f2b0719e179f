"""The helpdesk's ASGI application plus a bare Channels echo room, for bench/livechat.py only.

The echo room is the floor live chat stands on: two members, and every frame one sends is
group_sent to both over the same channel layer, with no authentication, storage or numbering.
"""

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import URLRouter
from django.urls import path

from helpdesk.asgi import application as helpdesk_application


class EchoRoom(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.room = f"bench.echo.{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.channel_layer.group_send(self.room, {"type": "room.message", "text": text_data})

    async def room_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


echo = URLRouter([path("ws/bench/echo/<int:room>/", EchoRoom.as_asgi())])


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "websocket" and scope["path"].startswith("/ws/bench/"):
        await echo(scope, receive, send)
    else:
        await helpdesk_application(scope, receive, send)
