from celery import shared_task

from audit.partitions import partitions_ensure
from audit.services import audit_seal_pending


@shared_task(acks_late=True)
def audit_seal_pending_task() -> int:
    """Seal everything that has settled; loops so a backlog is sealed in one run."""
    sealed = 0
    while (seal := audit_seal_pending()) is not None:
        sealed += seal.event_count
    return sealed


@shared_task(acks_late=True)
def audit_partitions_ensure_task() -> int:
    """Prepare the coming months' partitions of the audit log and empty its default partition; returns
    how many partitions were created."""
    return len(partitions_ensure().created)
