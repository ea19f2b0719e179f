from celery import shared_task

from livechat.services import chat_offer_lapse, chat_offers_sweep


@shared_task(acks_late=True)
def chat_offers_sweep_task() -> int:
    return chat_offers_sweep()


@shared_task(acks_late=True)
def chat_offer_lapse_task(conversation_id: int) -> bool:
    return chat_offer_lapse(conversation_id=conversation_id)
