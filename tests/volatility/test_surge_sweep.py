"""The surge sweep as beat runs it: through the task, on PostgreSQL, outside a test transaction.
Run again, extended by the next bucket, or by two workers at once, each surge is stored once."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from audit.models import AuditEvent
from tests.volatility.conftest import arrive
from volatility.detection import BUCKET, WEEK, bucket_floor
from volatility.models import SurgeWindow, SweepCursor
from volatility.tasks import surge_sweep_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _windows() -> list[tuple[dt.datetime, dt.datetime, int, int]]:
    return list(
        SurgeWindow.objects.order_by("start").values_list("start", "end", "arrivals", "peak_arrivals")
    )


def test_the_sweep_task_stores_a_surge_in_the_last_closed_bucket_once():
    assert connection.vendor == "postgresql"
    last = bucket_floor(timezone.now()) - BUCKET  # the last closed bucket
    for weeks_ago in (1, 2, 3, 4):
        arrive(last - weeks_ago * WEEK, 3)
    arrive(last, 20)
    arrive(last + BUCKET, 40)  # the bucket still open: not judged yet

    assert surge_sweep_task.delay().get() == 1
    assert surge_sweep_task.delay().get() == 0

    assert _windows() == [(last, last + BUCKET, 20, 20)]
    window = SurgeWindow.objects.get()
    assert (window.usual, window.ratio) == (3.0, pytest.approx(20 / 3))
    assert SweepCursor.objects.get().swept_until == last + BUCKET
    assert AuditEvent.objects.filter(action="volatility.surge_detected").count() == 1


def test_a_surge_that_goes_on_extends_its_window_rather_than_opening_another():
    first = bucket_floor(timezone.now()) + 4 * BUCKET
    arrive(first, 15)
    arrive(first + BUCKET, 25)
    arrive(first + 2 * BUCKET, 1)

    with time_machine.travel(first + BUCKET + dt.timedelta(minutes=1), tick=False):
        assert surge_sweep_task.delay().get() == 1
    assert _windows() == [(first, first + BUCKET, 15, 15)]
    with time_machine.travel(first + 2 * BUCKET + dt.timedelta(minutes=1), tick=False):
        assert surge_sweep_task.delay().get() == 1
        assert surge_sweep_task.delay().get() == 0
    with time_machine.travel(first + 3 * BUCKET + dt.timedelta(minutes=1), tick=False):
        assert surge_sweep_task.delay().get() == 0  # the surge is over: the window stays as it is

    assert _windows() == [(first, first + 2 * BUCKET, 40, 25)]
    assert AuditEvent.objects.filter(action="volatility.surge_extended").count() == 1


def test_two_workers_sweeping_at_once_store_each_surge_once():
    last = bucket_floor(timezone.now()) - BUCKET
    arrive(last - 2 * BUCKET, 12)
    arrive(last, 30)
    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            results.append(surge_sweep_task.apply().get())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not errors, errors
    assert sorted(results) == [0, 2]
    assert _windows() == [(last - 2 * BUCKET, last - BUCKET, 12, 12), (last, last + BUCKET, 30, 30)]


def test_a_day_judged_again_after_the_cursor_was_lost_changes_nothing():
    last = bucket_floor(timezone.now()) - BUCKET
    arrive(last - BUCKET, 12)
    arrive(last, 30)
    assert surge_sweep_task.delay().get() == 1
    audits = AuditEvent.objects.count()
    SweepCursor.objects.all().delete()

    assert surge_sweep_task.delay().get() == 0

    assert _windows() == [(last - BUCKET, last + BUCKET, 42, 30)]
    assert AuditEvent.objects.count() == audits
