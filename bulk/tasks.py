from celery import shared_task

from bulk.services import bulk_job_run


@shared_task(name="bulk.tasks.bulk_job_run_task", acks_late=True, reject_on_worker_lost=True)
def bulk_job_run_task(job_id: int) -> int:
    """A worker killed mid-job hands the message back (acks late); the rerun starts at the first
    pending row, since each row's outcome commits with its ticket's change."""
    return bulk_job_run(job_id=job_id).processed
