"""Surges: arrivals per 15-minute bucket against the usual for that slot of the week.

A bucket is [t, t + 15 min) aligned on UTC quarter hours (every time zone's offset is a multiple of
15 minutes, so buckets are quarter hours everywhere). Its *usual* is the median of the arrivals in the
same bucket 1..N weeks earlier (N = VOLATILITY_USUAL_WEEKS), weeks without a ticket counting 0; the
median, not the mean, so last week's surge does not raise the bar for this week's. A bucket is a
surge when its arrivals reach VOLATILITY_SURGE_MULTIPLE times the usual, the usual floored at
VOLATILITY_USUAL_FLOOR (so a slot that is usually empty does not flag two arrivals), and at least
VOLATILITY_MIN_ARRIVALS. Weeks are UTC weeks: across a daylight-saving change the comparison slot
is an hour off in local time for that week.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, DateTimeField, Func, Q

from tickets.models import Ticket

BUCKET = dt.timedelta(minutes=15)
WEEK = dt.timedelta(days=7)
_BUCKET_SECONDS = int(BUCKET.total_seconds())
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def bucket_floor(when: dt.datetime) -> dt.datetime:
    """The start of the bucket holding `when`, in UTC."""
    seconds = int((when - _EPOCH).total_seconds()) // _BUCKET_SECONDS * _BUCKET_SECONDS
    return _EPOCH + dt.timedelta(seconds=seconds)


def buckets(start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """The bucket starts in [start, end); `start` is a bucket start."""
    at = start
    while at < end:
        yield at
        at += BUCKET


class _BucketStart(Func):
    """The start of the 15-minute bucket a timestamp falls in."""

    output_field = DateTimeField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # date_bin (PostgreSQL 14+) is about 2.5x faster here than arithmetic on EXTRACT(EPOCH ...).
        template = "date_bin('15 minutes', %(expressions)s, TIMESTAMPTZ '1970-01-01 00:00:00+00')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # %%%%s: once for Func's template, once for the SQLite backend's placeholder rewriting.
        template = (
            f"datetime(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) / {_BUCKET_SECONDS} "
            f"* {_BUCKET_SECONDS}, 'unixepoch')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def arrivals_by_bucket(periods: Iterable[tuple[dt.datetime, dt.datetime]]) -> dict[dt.datetime, int]:
    """Tickets created (any channel) per bucket in the periods, in one aggregate statement over the
    index on tickets' creation time (an index-only scan). Buckets without a ticket are absent."""
    where = Q(pk__in=[])
    for start, end in periods:
        where |= Q(created_at__gte=start, created_at__lt=end)
    rows = (
        Ticket.objects.filter(where)
        .annotate(bucket=_BucketStart("created_at"))
        .order_by()
        .values_list("bucket")
        .annotate(n=Count("*"))
    )
    return {bucket.astimezone(dt.UTC): n for bucket, n in rows}


def history_periods(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """[start, end) and the same period each of the weeks its usual is computed from."""
    weeks = settings.VOLATILITY_USUAL_WEEKS
    return [(start - k * WEEK, end - k * WEEK) for k in range(weeks + 1)]


def usual(bucket: dt.datetime, counts: dict[dt.datetime, int]) -> float:
    weeks = settings.VOLATILITY_USUAL_WEEKS
    return float(statistics.median(counts.get(bucket - k * WEEK, 0) for k in range(1, weeks + 1)))


@dataclass(frozen=True)
class Bucket:
    start: dt.datetime
    arrivals: int
    usual: float

    @property
    def bar(self) -> float:
        """The arrivals that make this bucket a surge."""
        floored = max(self.usual, settings.VOLATILITY_USUAL_FLOOR)
        return max(settings.VOLATILITY_SURGE_MULTIPLE * floored, settings.VOLATILITY_MIN_ARRIVALS)

    @property
    def is_surge(self) -> bool:
        return self.arrivals >= self.bar

    @property
    def ratio(self) -> float:
        return self.arrivals / max(self.usual, settings.VOLATILITY_USUAL_FLOOR)


def judge(start: dt.datetime, end: dt.datetime) -> list[Bucket]:
    """Every bucket of [start, end) with its arrivals and usual: one statement."""
    counts = arrivals_by_bucket(history_periods(start, end))
    return [Bucket(b, counts.get(b, 0), usual(b, counts)) for b in buckets(start, end)]


@dataclass(frozen=True)
class Run:
    """Adjacent surge buckets, in order."""

    buckets: tuple[Bucket, ...]

    @property
    def start(self) -> dt.datetime:
        return self.buckets[0].start

    @property
    def end(self) -> dt.datetime:
        return self.buckets[-1].start + BUCKET

    @property
    def arrivals(self) -> int:
        return sum(b.arrivals for b in self.buckets)

    @property
    def peak(self) -> Bucket:
        return max(self.buckets, key=lambda b: b.arrivals)


def surge_runs(judged: Sequence[Bucket]) -> list[Run]:
    runs: list[list[Bucket]] = []
    for b in judged:
        if not b.is_surge:
            continue
        if runs and runs[-1][-1].start + BUCKET == b.start:
            runs[-1].append(b)
        else:
            runs.append([b])
    return [Run(tuple(r)) for r in runs]
