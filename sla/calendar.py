"""Business-time arithmetic: pure functions over a calendar, no queries.

A calendar is a time zone, weekly opening hours in that zone and holidays, or "always open". The
SLA clock counts only the seconds a calendar is open. Opening hours are wall-clock times, so an
8-hour day stays 8 hours across a DST change, while an interval that spans the change itself (a
night shift) lasts the real number of seconds between its two wall-clock ends. A local time that
does not exist (skipped by a spring-forward) or occurs twice (a fall-back) resolves as `zoneinfo`
does with fold=0: the earlier offset.

A holiday closes the intervals that start on it; a night shift that started the evening before runs
to its end, as routing's `on_shift` reads shifts.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field

# A calendar whose open intervals are further apart than this is treated as never opening again
# (for example one with hours on no weekday); deadlines then do not exist.
HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class Hours:
    weekday: int  # 0 = Monday, in the calendar's time zone
    start: dt.time
    end: dt.time  # an end at or before the start runs past midnight


@dataclass(frozen=True)
class Calendar:
    time_zone: str = "UTC"
    hours: tuple[Hours, ...] = ()
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    always_open: bool = False

    @property
    def is_continuous(self) -> bool:
        """Open every second: business time is wall time."""
        return self.always_open and not self.holidays

    @property
    def zone(self) -> dt.tzinfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return dt.UTC


# A team without a calendar works around the clock.
ALWAYS_OPEN = Calendar(always_open=True)


def _local(day: dt.date, at: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, at).replace(tzinfo=zone).astimezone(dt.UTC)


def _day_intervals(
    calendar: Calendar, day: dt.date, zone: dt.tzinfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    if day in calendar.holidays:
        return []
    if calendar.always_open:
        return [(_local(day, dt.time(0), zone), _local(day + dt.timedelta(days=1), dt.time(0), zone))]
    spans = []
    for h in calendar.hours:
        if h.weekday != day.weekday():
            continue
        end_day = day if h.end > h.start else day + dt.timedelta(days=1)
        start, end = _local(day, h.start, zone), _local(end_day, h.end, zone)
        if end > start:
            spans.append((start, end))
    return sorted(spans)


def open_intervals(calendar: Calendar, since: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The calendar's open intervals (UTC, half-open) that end after `since`, in order, overlaps merged.

    Intervals of one day start on that local day, so generating day by day yields them sorted.
    Adjacent intervals are yielded apart, which keeps an always-open calendar from merging forever.
    """
    if calendar.is_continuous:
        yield since, dt.datetime.max.replace(tzinfo=dt.UTC)
        return
    if not calendar.always_open and not calendar.hours:
        return
    zone = calendar.zone
    # The day before: its night shift may still be running at `since`.
    day = since.astimezone(zone).date() - dt.timedelta(days=1)
    current: tuple[dt.datetime, dt.datetime] | None = None
    quiet = 0
    while quiet <= HORIZON_DAYS:
        spans = _day_intervals(calendar, day, zone)
        quiet = 0 if spans else quiet + 1
        for start, end in spans:
            if current is not None and start < current[1]:
                current = (current[0], max(current[1], end))
                continue
            if current is not None and current[1] > since:
                yield current
            current = (start, end)
        day += dt.timedelta(days=1)
    if current is not None and current[1] > since:
        yield current


def add_business_seconds(calendar: Calendar, start: dt.datetime, seconds: float) -> dt.datetime | None:
    """The instant `seconds` of open time after `start`; None if the calendar never gets there.

    Zero seconds is `start` itself, open or not: a target already used up is due now.
    """
    if seconds <= 0:
        return start
    if calendar.is_continuous:
        return start + dt.timedelta(seconds=seconds)
    left = seconds
    for open_at, close_at in open_intervals(calendar, start):
        open_at = max(open_at, start)
        available = (close_at - open_at).total_seconds()
        if left <= available:
            return open_at + dt.timedelta(seconds=left)
        left -= available
    return None


def business_seconds_between(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> float:
    """Open seconds in [start, end); 0 when end is not after start."""
    if end <= start:
        return 0.0
    if calendar.is_continuous:
        return (end - start).total_seconds()
    total = 0.0
    for open_at, close_at in open_intervals(calendar, start):
        if open_at >= end:
            break
        total += (min(close_at, end) - max(open_at, start)).total_seconds()
    return total


def is_open(calendar: Calendar, at: dt.datetime) -> bool:
    for open_at, close_at in open_intervals(calendar, at):
        return open_at <= at < close_at
    return False
