"""Thin tasks: load by id, call the service."""

from celery import shared_task
from django.db import OperationalError

from incidents.services import incident_deliveries_run, incident_stalled_requeue, incident_update_deliver

# A lost database connection is retried with backoff; anything else is a bug to see in the logs.
RETRY_ON = (OperationalError,)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def incident_update_deliver_task(update_id: int) -> dict[str, int]:
    """Post one update to every linked ticket. Safe to run again or twice at once (SKIP LOCKED on the
    unique delivery rows): a rerun after a killed worker posts only what was not posted."""
    progress = incident_update_deliver(update_id=update_id)
    return {"total": progress.total, "done": progress.done, "failed": progress.failed}


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def incident_deliveries_task(update_id: int, delivery_ids: list[int]) -> int:
    """The answer to a ticket just linked: its delivery row of the current update."""
    return incident_deliveries_run(update_id=update_id, delivery_ids=delivery_ids)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def incident_stalled_sweep_task() -> int:
    """Update jobs and answers lost on their way to a worker are queued again (beat, every minute)."""
    return incident_stalled_requeue()
