from celery import shared_task

from audit.services import audit_seal_pending


@shared_task(acks_late=True)
def audit_seal_pending_task() -> int:
    """Seal everything that has settled; loops so a backlog is sealed in one run."""
    sealed = 0
    while (seal := audit_seal_pending()) is not None:
        sealed += seal.event_count
    return sealed
