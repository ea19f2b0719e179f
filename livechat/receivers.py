"""Live chat listens to routing: when agents may have gained room, waiting chats are offered."""

from typing import Any

from django.dispatch import receiver

from livechat.services import chat_offers_fill, chat_offers_withdraw
from routing.signals import agent_left, agents_gained_room


@receiver(agents_gained_room)
def offer_waiting_chats(**kwargs: Any) -> None:
    chat_offers_fill()


@receiver(agent_left)
def withdraw_offers(*, user_id: int, **kwargs: Any) -> None:
    chat_offers_withdraw(agent_id=user_id)
