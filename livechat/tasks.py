from celery import shared_task

from livechat.services import chat_offer_lapse, chat_offers_sweep, chat_transcript_send


@shared_task(acks_late=True)
def chat_offers_sweep_task() -> int:
    return chat_offers_sweep()


@shared_task(acks_late=True)
def chat_offer_lapse_task(conversation_id: int) -> bool:
    return chat_offer_lapse(conversation_id=conversation_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def chat_transcript_send_task(conversation_id: int, email: str) -> None:
    chat_transcript_send(conversation_id=conversation_id, email=email)
