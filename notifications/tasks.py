from celery import shared_task
from django.db import OperationalError

from notifications.digest import notifications_digest_send


@shared_task(
    name="notifications.tasks.notifications_digest_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def notifications_digest_task() -> int:
    """Beat: one mail per person with unread notifications they want by mail (idempotent: each is
    stamped when mailed, under its row lock)."""
    return notifications_digest_send()
