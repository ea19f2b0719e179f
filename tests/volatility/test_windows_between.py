import datetime as dt

import pytest
from django.utils import timezone

from tests.volatility.conftest import at, event
from volatility.models import SurgeWindow
from volatility.windows import windows_between

pytestmark = pytest.mark.django_db


def surge(start: dt.datetime, end: dt.datetime) -> SurgeWindow:
    now = timezone.now()
    return SurgeWindow.objects.create(
        start=start, end=end, peak_arrivals=30, usual=5, ratio=6, detected_at=now, updated_at=now
    )


def test_surges_and_events_that_overlap_or_touch_are_merged_into_one_window():
    surge(at("2026-11-30 10:00"), at("2026-11-30 10:30"))
    event(at("2026-11-30 10:15"), at("2026-11-30 11:00"))
    surge(at("2026-11-30 11:00"), at("2026-11-30 11:15"))  # touches the event's end
    surge(at("2026-11-30 14:00"), at("2026-11-30 14:15"))
    assert windows_between(at("2026-11-30 00:00"), at("2026-12-01 00:00")) == (
        (at("2026-11-30 10:00"), at("2026-11-30 11:15")),
        (at("2026-11-30 14:00"), at("2026-11-30 14:15")),
    )


def test_windows_are_clipped_to_the_period_and_those_outside_it_are_left_out():
    surge(at("2026-11-30 09:45"), at("2026-11-30 10:30"))
    event(at("2026-11-30 11:30"), at("2026-11-30 13:00"))
    surge(at("2026-11-30 08:00"), at("2026-11-30 10:00"))  # ends where the period starts: outside
    event(at("2026-11-30 12:00"), at("2026-11-30 12:30"))  # starts where it ends: outside
    assert windows_between(at("2026-11-30 10:00"), at("2026-11-30 12:00")) == (
        (at("2026-11-30 10:00"), at("2026-11-30 10:30")),
        (at("2026-11-30 11:30"), at("2026-11-30 12:00")),
    )


def test_an_ongoing_event_runs_to_the_end_of_the_period():
    event(at("2026-11-30 22:00"), None)
    event(at("2026-12-02 00:00"), None)  # starts after the period
    assert windows_between(at("2026-11-30 00:00"), at("2026-12-01 00:00")) == (
        (at("2026-11-30 22:00"), at("2026-12-01 00:00")),
    )


def test_an_empty_period_has_no_windows_and_a_naive_one_is_refused():
    surge(at("2026-11-30 10:00"), at("2026-11-30 10:30"))
    assert windows_between(at("2026-11-30 12:00"), at("2026-11-30 10:00")) == ()
    with pytest.raises(ValueError):
        windows_between(dt.datetime(2026, 11, 30), dt.datetime(2026, 12, 1))


def test_windows_between_is_one_statement_however_many_windows(django_assert_num_queries):
    for hour in range(10):
        surge(at(f"2026-11-30 {hour:02d}:00"), at(f"2026-11-30 {hour:02d}:15"))
        event(at(f"2026-11-30 {hour + 12:02d}:00"), at(f"2026-11-30 {hour + 12:02d}:30"), title=f"E{hour}")
    with django_assert_num_queries(1):
        assert len(windows_between(at("2026-11-30 00:00"), at("2026-12-01 00:00"))) == 20
