"""Thin tasks: each calls one service. The rollup refreshes write absolute figures, so a task that runs
twice (a redelivery after a lost worker, two beat ticks overlapping) leaves the same table."""

from celery import shared_task
from django.db import OperationalError

from reports.metric_rollup import metric_rollup_refresh
from reports.rollup import reports_rollup_refresh

RETRY_ON = (OperationalError,)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def reports_rollup_refresh_task() -> int:
    return reports_rollup_refresh()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def reports_metric_rollup_refresh_task() -> int:
    return metric_rollup_refresh()
