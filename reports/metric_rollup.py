"""The daily rollup of every registered metric that can split itself by day (`compute_daily`): FCR, the
tier-0 effect, CSAT, handle time and cost. The core metrics have their own (reports/rollup.py).

Why: those metrics read the timeline, tier 0's readings, surveys or work spans case by case; over a
quarter of a million-case helpdesk a statement takes seconds. Their values are sums (cases, seconds, a
cost), so a period is the sum of its days: the sweep stores, per metric, UTC day opened, breakdown and
key, the numerator and the denominator the metric itself computes (`compute_daily`, one statement per
breakdown), and the dashboard sums the period's rows. A ratio is never averaged: FCR over a quarter is
the quarter's resolved cases over its known cases.

What a run recomputes, per metric (absolute figures, so a second run, or a redelivered task, writes the
same table; an advisory lock per metric lets a run that overlaps skip what another is doing):
- the last `RECENT_DAYS` days, every run: where cases are solved, answered, surveyed and worked on, and
  where the 7-day come-back window of FCR and tier 0 closes;
- older days of the last year once a day (`STALE_AFTER`), at most `OLDER_PER_RUN` per run, never
  computed ones first (newest first, so the presets fill before a year), then the stalest: a case opened
  weeks ago can still be solved, reassigned, surveyed or worked on today.

A period is read from the rollup only when every one of its days has been computed (`RollupState`);
otherwise (a new deployment still filling), it is read live, slower but right.

Inside and outside the volatility windows: a window is hours long, so the cases opened inside one are
read live (an index on the ticket's creation time); outside is the rollup's whole less the live inside,
as of the last run (the cases opened since are in neither).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Max, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from reports.core_metrics import (
    DIMENSIONS,
    ROLLUP_HISTORY_DAYS,
    is_midnight,
    key_from_text,
    key_to_text,
    subtract,
)
from reports.metrics import REGISTRY, Breakdown, Metric, Scope, Side, Value
from reports.models import MetricRollup

# Every run: the days where most changes happen and the 7-day windows close.
RECENT_DAYS = 10
# Older days of the rollup's year are recomputed when their figures are older than this...
STALE_AFTER = dt.timedelta(days=1)
# ...at most this many a run, so a run stays short; a year's first fill takes 12 runs (3 hours).
OLDER_PER_RUN = 31
# Days computed by one statement: FCR's and tier 0's statements walk each case's timeline; a week or so
# keeps PostgreSQL on that per-case plan (at 1M cases, 10 days by team took 7 s, 95 days over 5 minutes).
CHUNK_DAYS = 10
HISTORY_DAYS = ROLLUP_HISTORY_DAYS
DAY = dt.timedelta(days=1)
_LOCK = "reports.metric_rollup:"
_TOTALS = (Breakdown.NONE.value, "")


@runtime_checkable
class DailyMetric(Metric, Protocol):
    """A metric whose values split by the UTC day the cases were opened and sum back over days."""

    key: str

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]: ...


def rolled_metrics(registry: dict[str, Metric] | None = None) -> list[DailyMetric]:
    """The registered metrics the rollup keeps (the core ones keep their own, reports/rollup.py)."""
    metrics = (registry if registry is not None else REGISTRY).values()
    return [metric for metric in metrics if isinstance(metric, DailyMetric)]


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) ranges of at most CHUNK_DAYS: one scope, one statement per
    breakdown, each."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + DAY == day and (day - runs[-1][0]).days < CHUNK_DAYS:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# --- The sweep ------------------------------------------------------------------------------------


def metric_rollup_refresh(
    *,
    now: dt.datetime | None = None,
    recent: int = RECENT_DAYS,
    history: int = HISTORY_DAYS,
    older_per_run: int = OLDER_PER_RUN,
    metrics: Sequence[DailyMetric] | None = None,
) -> int:
    """Recompute each rolled metric's due days (see the module's note); returns the rows written."""
    now = now or timezone.now()
    written = 0
    for metric in rolled_metrics() if metrics is None else metrics:
        # One transaction per metric: a long first fill keeps what it has done, and readers see a
        # metric's days either before or after its run, never half of them.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [_LOCK + metric.key])
                    if not cursor.fetchone()[0]:
                        continue  # another run is on this metric now and writes the same figures
                    # Grouped statements over correlated subqueries: compiling them costs more than
                    # it saves (docs/metrics.md, "JIT").
                    cursor.execute("SET LOCAL jit = off")
            days = due_days(metric.key, now=now, recent=recent, history=history, older_per_run=older_per_run)
            written += _refresh(metric, days, now=now)
    return written


def due_days(key: str, *, now: dt.datetime, recent: int, history: int, older_per_run: int) -> list[dt.date]:
    """The recent days, and the older days of the year never computed or computed over a day ago."""
    today = now.astimezone(dt.UTC).date()
    horizon = today - dt.timedelta(days=history - 1)
    first_recent = max(horizon, today - dt.timedelta(days=recent - 1))
    computed = dict(
        MetricRollup.objects.filter(
            metric=key, dimension=_TOTALS[0], key=_TOTALS[1], day__gte=horizon, day__lt=first_recent
        ).values_list("day", "updated_at")
    )
    older = [
        day
        for day in _days(horizon, first_recent - DAY)
        if day not in computed or computed[day] <= now - STALE_AFTER
    ]
    never = sorted((day for day in older if day not in computed), reverse=True)
    stale = sorted((day for day in older if day in computed), key=lambda day: computed[day])
    return _days(first_recent, today) + (never + stale)[:older_per_run]


def _refresh(metric: DailyMetric, days: list[dt.date], *, now: dt.datetime) -> int:
    rows: dict[tuple[str, dt.date, str], Value] = {}
    for first, last in _runs(days):
        scope = Scope(start=_day_start(first), end=_day_start(last) + DAY)
        for dimension in DIMENSIONS:
            for (day, key), value in metric.compute_daily(scope, dimension).items():
                rows[(dimension.value, _as_day(day), key_to_text(key))] = value
        for day in _days(first, last):
            rows.setdefault((*_TOTALS[:1], day, _TOTALS[1]), Value())
    # Absolute figures: a key the recomputed days no longer have (a case moved to another team) goes.
    MetricRollup.objects.filter(metric=metric.key, day__in=days).delete()
    MetricRollup.objects.bulk_create(
        [
            MetricRollup(
                metric=metric.key,
                dimension=dimension,
                day=day,
                key=key,
                numerator=value.numerator,
                denominator=value.denominator,
                updated_at=now,
            )
            for (dimension, day, key), value in rows.items()
        ],
        batch_size=2000,
    )
    return len(rows)


def _as_day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --- Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollupState:
    """Which rolled metrics cover every day of a period, and when each was last refreshed: one
    statement for the whole page (`rollup_state`)."""

    first: dt.date
    last: dt.date
    covered: frozenset[str] = frozenset()
    swept_at: dict[str, dt.datetime] = field(default_factory=dict, hash=False)

    def serves(self, key: str, scope: Scope) -> bool:
        if key not in self.covered or scope.filters:
            return False
        if not (is_midnight(scope.start) and is_midnight(scope.end)):
            return False
        first = scope.start.astimezone(dt.UTC).date()
        last = (scope.end - DAY).astimezone(dt.UTC).date()
        return self.first <= first and last <= self.last


def rollup_state(start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None) -> RollupState:
    """One statement: for the whole UTC days of [start, end) up to today, the metrics whose every day
    the rollup has computed (within its year), and when each was last refreshed."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    horizon = today - dt.timedelta(days=HISTORY_DAYS - 1)
    first = start.astimezone(dt.UTC).date()
    last = min((end - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date(), today)
    if first < horizon or last < first:
        return RollupState(first, last)
    rows = (
        MetricRollup.objects.filter(dimension=_TOTALS[0], key=_TOTALS[1], day__gte=first, day__lte=last)
        .values("metric")
        .annotate(days=Count("pk"), swept=Max("updated_at"))
        .order_by()
    )
    wanted = (last - first).days + 1
    covered = {row["metric"]: row["swept"] for row in rows if row["days"] == wanted}
    # A period reaching past today is served up to today: later days have no cases.
    return RollupState(first, max(last, (end - DAY).astimezone(dt.UTC).date()), frozenset(covered), covered)


def compute(
    metric: Metric, scope: Scope, breakdown: Breakdown, state: RollupState | None
) -> dict[object, Value]:
    """The metric's values for the scope: from the rollup when `state` says it covers the period, else
    live. Inside the windows is read live; outside is the rollup's whole less the live inside."""
    if state is None or not isinstance(metric, DailyMetric) or not state.serves(metric.key, scope):
        return metric.compute(scope, breakdown)
    if scope.side is Side.ALL:
        return rolled(metric.key, scope, breakdown)
    if scope.side is Side.INSIDE:
        return metric.compute(scope, breakdown)
    cut = state.swept_at[metric.key]
    inside = Scope(
        start=scope.start,
        end=max(scope.start, min(scope.end, cut)),
        side=Side.INSIDE,
        windows=scope.windows,
    )
    return subtract(rolled(metric.key, scope, breakdown), metric.compute(inside, breakdown))


def rolled(key: str, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
    """One statement: the period's sums per key of the breakdown (a trend sums the totals rows by day
    or week)."""
    trend = breakdown in (Breakdown.DAY, Breakdown.WEEK)
    dimension = Breakdown.NONE if trend else breakdown
    rows = MetricRollup.objects.filter(
        metric=key,
        dimension=dimension.value,
        day__gte=scope.start.astimezone(dt.UTC).date(),
        day__lt=scope.end.astimezone(dt.UTC).date(),
    )
    if breakdown is Breakdown.DAY:
        grouped = rows.values(k=F("day"))
    elif breakdown is Breakdown.WEEK:
        grouped = rows.annotate(k=TruncWeek("day", output_field=DateField())).values("k")
    else:
        grouped = rows.values(k=F("key"))
    sums = grouped.annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()
    return {
        (_as_day(row["k"]) if trend else key_from_text(breakdown, row["k"])): Value(
            float(row["n"] or 0), int(row["d"] or 0)
        )
        for row in sums
        if row["d"]
    }
