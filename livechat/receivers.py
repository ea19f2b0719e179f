"""Live chat listens to routing: when agents may have gained room, waiting chats are offered."""

from typing import Any

from django.dispatch import receiver

from livechat.services import chat_offers_fill
from routing.signals import agents_gained_room


@receiver(agents_gained_room)
def offer_waiting_chats(**kwargs: Any) -> None:
    chat_offers_fill()
