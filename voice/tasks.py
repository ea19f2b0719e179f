from celery import shared_task

from voice.services import callbacks_overdue_sweep


@shared_task(ignore_result=True)
def voice_callbacks_overdue_task() -> int:
    """Beat, every minute: callbacks past due are marked overdue once and their people told."""
    return callbacks_overdue_sweep()
