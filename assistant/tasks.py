"""Tier 0's Celery tasks: read a message (queued by the intake step), and the sweep that re-queues
readings lost on the way to a worker and routes without tier 0 those it cannot get read in time."""

from celery import shared_task

from assistant.services import assessment_failed, assessment_run, assessments_stalled_sweep


# Queued once per new case and never waited on: no result kept, so publishing it does not subscribe
# to a result channel in Redis (a third of a publish's CPU).
@shared_task(acks_late=True, ignore_result=True)
def assistant_assess_task(assessment_id: int) -> str:
    """Read one message and act on it; the decision taken ("" when nothing was pending)."""
    try:
        assessment = assessment_run(assessment_id=assessment_id)
    except Exception as exc:
        # The case must not wait for a reading that keeps failing: route it without tier 0 now.
        assessment_failed(assessment_id=assessment_id, error=exc)
        return "failed"
    return assessment.decision if assessment else ""


@shared_task(acks_late=True)
def assistant_stalled_sweep_task() -> list[int]:
    """Beat, every 30 seconds: [queued again, routed without tier 0]."""
    queued, skipped = assessments_stalled_sweep()
    return [queued, skipped]
