"""Thin tasks: each calls one service. Every service here is idempotent, so a task that runs twice
(acks_late redelivery after a lost worker, a retry, two beat ticks overlapping) acts once."""

from celery import shared_task
from django.db import OperationalError

from sla.services import (
    sla_executive_escalation_sweep,
    sla_notifications_send,
    sla_recompute_open,
    sla_sweep,
)

# A lost database connection is retried with backoff; anything else is a bug to see in the logs.
RETRY_ON = (OperationalError,)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def sla_sweep_task() -> int:
    return sla_sweep()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def sla_executive_escalation_task() -> int:
    return sla_executive_escalation_sweep()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def sla_notification_email_task(*notification_ids: int) -> int:
    """Mail these notices (a sweep queues a few tasks of many; older messages carry one id)."""
    return sla_notifications_send(ids=list(notification_ids))


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def sla_notifications_outbox_task() -> int:
    """Mail what was recorded but never mailed (a worker lost between commit and queueing)."""
    return sla_notifications_send()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def sla_recompute_open_task() -> int:
    return sla_recompute_open()
