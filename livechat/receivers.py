"""Live chat listens to routing: when agents may have gained room, waiting chats are offered; when
agents come or go, waiting visitors hear their new expected wait."""

from typing import Any

from django.dispatch import receiver

from livechat.services import chat_offers_fill, chat_offers_withdraw, chat_queues_refresh
from routing.signals import agent_left, agents_gained_room


@receiver(agents_gained_room)
def offer_waiting_chats(**kwargs: Any) -> None:
    chat_offers_fill()
    chat_queues_refresh()


@receiver(agent_left)
def withdraw_offers(*, user_id: int, **kwargs: Any) -> None:
    chat_offers_withdraw(agent_id=user_id)
    chat_queues_refresh()
