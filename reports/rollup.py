"""The daily rollup the dashboard reads (reports.models.DailyRollup), refreshed by a beat sweep.

Each run recomputes, in one transaction, the cohort figures of the last `ROLLUP_DAYS` days (a case
solved today moves the resolution figures of the day it was created) and takes the backlog snapshot of
every day in that range that lacks a final one (the end of each finished day; today: now). Older days
keep the figures of their last run. The run is idempotent: it writes absolute figures, never
increments, so running it twice, or twice at once (an advisory lock makes the second wait), gives the
same table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reports.core_metrics import (
    BACKLOG_FIELDS,
    COHORT_FIELDS,
    DAY,
    DIMENSIONS,
    ROLLUP_HISTORY_DAYS,
    Counters,
    backlog_at,
    backlog_at_day_ends,
    cohort_counters,
    key_expression,
    key_to_text,
    rollup_refreshed_at,
)
from reports.metrics import Breakdown
from reports.models import DailyRollup
from tickets.models import Ticket

# The dashboard's longest preset period is 90 days; a few more cover a custom period just past it.
ROLLUP_DAYS = 95
# How far back the rollup reaches: a day of the last year that has no row yet (a new deployment, a gap
# while beat was down) is computed once, by the next run; older periods are read live from the tickets.
HISTORY_DAYS = ROLLUP_HISTORY_DAYS
_LOCK = "reports.rollup"


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def reports_rollup_refresh(
    *, now: dt.datetime | None = None, days: int = ROLLUP_DAYS, history: int = HISTORY_DAYS
) -> int:
    """Recompute the rollup's recent `days` and any missing day of the last `history`; returns the
    number of rows written."""
    now = now or timezone.now()
    today = now.astimezone(dt.UTC).date()
    horizon = today - dt.timedelta(days=history - 1)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_LOCK])
        swept = set(
            DailyRollup.objects.filter(dimension=Breakdown.NONE.value, key="", day__gte=horizon).values_list(
                "day", flat=True
            )
        )
        missing = [d for d in _days(horizon, today) if d not in swept]
        first = min([today - dt.timedelta(days=days - 1), *missing])
        rows: dict[tuple[str, dt.date, str], dict[str, Any]] = {}
        _cohorts(rows, first=first, now=now)
        pending = _days_without_final_backlog(first=first, today=today)
        _backlogs(rows, days=pending, today=today, now=now)
        return _write(rows, first=first, backlog_days=pending, now=now)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _cohorts(
    rows: dict[tuple[str, dt.date, str], dict[str, Any]], *, first: dt.date, now: dt.datetime
) -> None:
    tickets = Ticket.objects.filter(created_at__gte=_day_start(first), created_at__lt=now)
    for dimension in DIMENSIONS:
        group: dict[str, Any] = {"d": key_expression(Breakdown.DAY)}
        if dimension is not Breakdown.NONE:
            group["k"] = key_expression(dimension)
        for row in cohort_counters(tickets, group):
            target = rows.setdefault((dimension.value, row["d"], key_to_text(row.get("k"))), {})
            target.update({name: row[name] for name in COHORT_FIELDS})
    # Every day has its totals row, zeros included: it marks the day as swept.
    for n in range((now.astimezone(dt.UTC).date() - first).days + 1):
        rows.setdefault((Breakdown.NONE.value, first + dt.timedelta(days=n), ""), {})


def _days_without_final_backlog(*, first: dt.date, today: dt.date) -> list[dt.date]:
    """Days whose snapshot was not taken at or after their end: never taken, or taken during the day."""
    final = {
        day
        for day, taken in DailyRollup.objects.filter(
            dimension=Breakdown.NONE.value, key="", day__gte=first, backlog_at__isnull=False
        ).values_list("day", "backlog_at")
        if taken is not None and taken >= _day_start(day) + DAY
    }
    count = (today - first).days + 1
    return [day for day in (first + dt.timedelta(days=n) for n in range(count)) if day not in final]


def _backlogs(
    rows: dict[tuple[str, dt.date, str], dict[str, Any]],
    *,
    days: list[dt.date],
    today: dt.date,
    now: dt.datetime,
) -> None:
    finished = [day for day in days if day < today]
    tickets = Ticket.objects.all()
    for dimension in DIMENSIONS:
        expression = key_expression(dimension)
        group = {} if expression is None else {"k": expression}
        snapshots: dict[tuple[dt.date, str], Counters] = {
            (day, key_to_text(key[0] if key else None)): counters
            for (day, key), counters in backlog_at_day_ends(tickets, finished, group).items()
        }
        if today in days:
            for row in backlog_at(tickets, now, group):
                snapshots[(today, key_to_text(row.get("k")))] = {name: row[name] for name in BACKLOG_FIELDS}
        for (day, key), counters in snapshots.items():
            rows.setdefault((dimension.value, day, key), {}).update(counters)


def _write(
    rows: dict[tuple[str, dt.date, str], dict[str, Any]],
    *,
    first: dt.date,
    backlog_days: list[dt.date],
    now: dt.datetime,
) -> int:
    # Absolute figures: what the recomputed range no longer holds (a case moved to another team) is zero.
    DailyRollup.objects.filter(day__gte=first).update(**dict.fromkeys(COHORT_FIELDS, 0), updated_at=now)
    if backlog_days:
        DailyRollup.objects.filter(day__in=backlog_days).update(
            **dict.fromkeys(BACKLOG_FIELDS, 0), backlog_at=None, updated_at=now
        )
    backlog_set = set(backlog_days)
    objects = []
    for (dimension, day, key), figures in rows.items():
        taken = None
        if day in backlog_set:
            taken = min(now, _day_start(day) + DAY)
        objects.append(
            DailyRollup(
                dimension=dimension,
                day=day,
                key=key,
                updated_at=now,
                backlog_at=taken,
                **{name: figures.get(name, 0) for name in COHORT_FIELDS + BACKLOG_FIELDS},
            )
        )
    # Rows of days whose backlog is final keep their snapshot; the cohort columns are always rewritten.
    final = [o for o in objects if o.day not in backlog_set]
    fresh = [o for o in objects if o.day in backlog_set]
    DailyRollup.objects.bulk_create(
        final,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["dimension", "day", "key"],
        update_fields=[*COHORT_FIELDS, "updated_at"],
    )
    DailyRollup.objects.bulk_create(
        fresh,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["dimension", "day", "key"],
        update_fields=[*COHORT_FIELDS, *BACKLOG_FIELDS, "backlog_at", "updated_at"],
    )
    return len(objects)


def rollup_swept_at() -> dt.datetime | None:
    """When the rollup was last refreshed (one statement), for the page's "figures as of"."""
    return rollup_refreshed_at()
