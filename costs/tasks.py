"""Thin tasks: call the service."""

from celery import shared_task
from django.db import OperationalError

from costs.services import chat_work_sweep

# A lost database connection is retried with backoff; anything else is a bug to see in the logs.
RETRY_ON = (OperationalError,)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def chat_work_sweep_task() -> int:
    """Chats that ended since the last run become their agents' work spans, each chat once (beat,
    every minute)."""
    return chat_work_sweep()
