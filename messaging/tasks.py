"""Thin tasks: load by id, call the service. The outbox row holds the retry state (next_attempt_at),
so a lost task or a broker that is down costs a delay, never a message: the sweep sends what is due."""

from celery import shared_task
from django.db import OperationalError

from messaging.services import outbound_send, outbox_sweep

RETRY_ON = (OperationalError,)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def messaging_send_task(message_id: int) -> str:
    message = outbound_send(message_id=message_id)
    return message.status if message is not None else "skipped"


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def messaging_outbox_sweep_task() -> int:
    return outbox_sweep()


# WhatsApp's approved templates (the hourly refresh), registered with the app's tasks for the worker.
from messaging.whatsapp_templates import whatsapp_templates_refresh_task  # noqa: E402, F401
