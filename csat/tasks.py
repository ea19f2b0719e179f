from celery import shared_task

from csat.services import surveys_send_due


@shared_task(name="csat.tasks.csat_survey_sweep_task", acks_late=True)
def csat_survey_sweep_task() -> int:
    """Beat: a survey (sent or skipped) for every ticket solved since the last run that has none."""
    return surveys_send_due()
