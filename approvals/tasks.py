"""Thin tasks: load by id, call the service, own the retry policy."""

from typing import Any

from celery import shared_task
from django.db import OperationalError

from approvals.models import RequestStatus
from approvals.services import approval_execute, approvals_due_sweep, approvals_expire_sweep, next_attempt_at

# A lost database connection is retried with backoff; anything else is a bug to see in the logs.
RETRY_ON = (OperationalError,)


@shared_task(bind=True, acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=None)
def approval_execute_task(self: Any, request_id: int) -> str:
    """Send one approved action. Safe to run twice or at once (the claim under the row lock, and the
    idempotency key at the exchange); an unknown outcome is sent again later, up to
    APPROVALS_EXECUTE_ATTEMPTS in all, and the due sweep picks up any retry that gets lost."""
    request = approval_execute(pk=request_id)
    if request is None:
        return "skipped"
    if request.status == RequestStatus.APPROVED:
        # The outcome was unknown: the same key goes again after the backoff the service set.
        self.retry(eta=next_attempt_at(request), throw=False)
        return "retrying"
    return str(request.status)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def approvals_expire_sweep_task() -> int:
    """Pending requests past their expiry are closed (beat, every minute)."""
    return approvals_expire_sweep()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def approvals_due_sweep_task() -> int:
    """Approved requests whose cooling-off is over and that no worker is sending are queued (beat,
    every minute): a lost task or a restarted worker never strands an approved action."""
    due = approvals_due_sweep()
    for pk in due:
        approval_execute_task.delay(pk)
    return len(due)
