"""Thin tasks: call the service."""

from celery import shared_task
from django.db import OperationalError

from volatility.services import surge_sweep


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def surge_sweep_task() -> int:
    """Judge the 15-minute buckets closed since the last sweep (beat, every 15 minutes). Safe to run
    twice or on two workers at once: the sweep's cursor row is locked and each bucket judged once."""
    return surge_sweep()
