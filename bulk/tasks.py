from celery import shared_task

from bulk.services import bulk_job_run, bulk_jobs_stalled_requeue


@shared_task(name="bulk.tasks.bulk_job_run_task", acks_late=True, reject_on_worker_lost=True)
def bulk_job_run_task(job_id: int) -> int:
    """A worker killed mid-job hands the message back (acks late); the rerun starts at the first
    pending row, since each row's outcome commits with its ticket's change."""
    return bulk_job_run(job_id=job_id).processed


@shared_task(name="bulk.tasks.bulk_jobs_stalled_sweep_task")
def bulk_jobs_stalled_sweep_task() -> int:
    """Beat: unfinished jobs that stopped moving are queued again (bulk_jobs_stalled_requeue)."""
    return len(bulk_jobs_stalled_requeue())
