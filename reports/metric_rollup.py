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

Inside and outside the volatility windows: each day's rows are split by the windows that touch it
(`inside`), and carry the fingerprint of those windows (`windows`). The page reads both sides from the
rollup. When a window is marked, changed or deleted, or a surge detected, the fingerprint of the days
it touches no longer matches: the page reads those sides live (right, slower) and the next run
recomputes those days first, whatever their age.

FCR and the tier-0 metrics (`GroupedDailyMetric`) compute a day range's every breakdown and both sides
in one grouped statement (GROUPING SETS): the timeline is walked once per case, not once per breakdown.
The others run one statement per breakdown and side.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.db import connection, transaction
from django.db.models import Case, Count, DateField, F, Max, Q, Sum, When
from django.db.models import Value as V
from django.db.models.functions import TruncWeek
from django.utils import timezone

from reports.core_metrics import (
    DIMENSIONS,
    ROLLUP_HISTORY_DAYS,
    is_midnight,
    key_from_text,
    key_to_text,
)
from reports.metrics import REGISTRY, Breakdown, Metric, Scope, Side, Value
from reports.models import MetricRollup
from volatility.windows import Window, windows_between

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


@runtime_checkable
class GroupedDailyMetric(DailyMetric, Protocol):
    """A daily metric that splits a day range by every breakdown and both sides of the windows in one
    statement: {(inside, breakdown, day, key): value}."""

    def compute_daily_sets(
        self, scope: Scope, breakdowns: Sequence[Breakdown], windows: Sequence[Window]
    ) -> dict[tuple[bool, Breakdown, dt.date, object], Value]: ...


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


def day_windows(windows: Iterable[Window], day: dt.date) -> tuple[Window, ...]:
    """The (merged) windows clipped to one UTC day: the same whatever period they were read for."""
    start = _day_start(day)
    end = start + DAY
    return tuple((max(s, start), min(e, end)) for s, e in windows if s < end and e > start)


def fingerprint(windows: Iterable[Window]) -> str:
    """What a day's rows were split by: "" when no window touches the day."""
    text = ";".join(
        f"{s.astimezone(dt.UTC).isoformat()}/{e.astimezone(dt.UTC).isoformat()}" for s, e in windows
    )
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest() if text else ""


def day_fingerprints(windows: Iterable[Window], first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The fingerprint of each day of [first, last] a window touches (the others' is "")."""
    windows = tuple(windows)
    prints = {day: fingerprint(day_windows(windows, day)) for day in _days(first, last)}
    return {day: value for day, value in prints.items() if value}


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
    today = now.astimezone(dt.UTC).date()
    # The windows of the rollup's year, read once a run: each day is split by those that touch it.
    windows = windows_between(_day_start(today - dt.timedelta(days=history - 1)), _day_start(today) + DAY)
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
            days = due_days(
                metric.key,
                now=now,
                recent=recent,
                history=history,
                older_per_run=older_per_run,
                windows=windows,
            )
            written += _refresh(metric, days, now=now, windows=windows)
    return written


def due_days(
    key: str,
    *,
    now: dt.datetime,
    recent: int,
    history: int,
    older_per_run: int,
    windows: Sequence[Window] | None = None,
) -> list[dt.date]:
    """The recent days; the older days whose windows changed since they were computed (all of them);
    and the older days of the year never computed or computed over a day ago (at most
    `older_per_run`)."""
    today = now.astimezone(dt.UTC).date()
    horizon = today - dt.timedelta(days=history - 1)
    first_recent = max(horizon, today - dt.timedelta(days=recent - 1))
    if windows is None:
        windows = windows_between(_day_start(horizon), _day_start(today) + DAY)
    prints = day_fingerprints(windows, horizon, today)
    computed = {
        day: (updated_at, seen)
        for day, updated_at, seen in MetricRollup.objects.filter(
            metric=key,
            dimension=_TOTALS[0],
            key=_TOTALS[1],
            inside=False,
            day__gte=horizon,
            day__lt=first_recent,
        ).values_list("day", "updated_at", "windows")
    }
    older = _days(horizon, first_recent - DAY)
    changed = [day for day in older if day in computed and computed[day][1] != prints.get(day, "")]
    rest = [day for day in older if day not in changed]
    never = sorted((day for day in rest if day not in computed), reverse=True)
    stale = sorted(
        (day for day in rest if day in computed and computed[day][0] <= now - STALE_AFTER),
        key=lambda day: computed[day][0],
    )
    return _days(first_recent, today) + changed + (never + stale)[:older_per_run]


RowKey = tuple[bool, Breakdown, dt.date, object]


def daily_values(metric: DailyMetric, scope: Scope, windows: Sequence[Window]) -> dict[RowKey, Value]:
    """A day range's values per (inside, breakdown, day, key): one statement for a grouped metric on
    PostgreSQL, else one per breakdown and side."""
    if isinstance(metric, GroupedDailyMetric) and connection.vendor == "postgresql":
        return {
            (inside, dimension, _as_day(day), key): value
            for (inside, dimension, day, key), value in metric.compute_daily_sets(
                scope, DIMENSIONS, windows
            ).items()
        }
    sides = [(False, scope)]
    if windows:
        sides = [
            (True, Scope(start=scope.start, end=scope.end, side=Side.INSIDE, windows=tuple(windows))),
            (False, Scope(start=scope.start, end=scope.end, side=Side.OUTSIDE, windows=tuple(windows))),
        ]
    values: dict[RowKey, Value] = {}
    for inside, sided in sides:
        for dimension in DIMENSIONS:
            for (day, key), value in metric.compute_daily(sided, dimension).items():
                values[(inside, dimension, _as_day(day), key)] = value
    return values


def _refresh(metric: DailyMetric, days: list[dt.date], *, now: dt.datetime, windows: Sequence[Window]) -> int:
    rows: dict[tuple[str, dt.date, str, bool], Value] = {}
    prints: dict[dt.date, str] = {}
    for first, last in _runs(days):
        start, end = _day_start(first), _day_start(last) + DAY
        clipped = tuple((max(s, start), min(e, end)) for s, e in windows if s < end and e > start)
        for (inside, dimension, day, key), value in daily_values(metric, Scope(start, end), clipped).items():
            rows[(dimension.value, day, key_to_text(key), inside)] = value
        prints.update(day_fingerprints(clipped, first, last))
        for day in _days(first, last):
            rows.setdefault((_TOTALS[0], day, _TOTALS[1], False), Value())
            if day in prints:
                rows.setdefault((_TOTALS[0], day, _TOTALS[1], True), Value())
    # Absolute figures: a key the recomputed days no longer have (a case moved to another team) goes.
    MetricRollup.objects.filter(metric=metric.key, day__in=days).delete()
    MetricRollup.objects.bulk_create(
        [
            MetricRollup(
                metric=metric.key,
                dimension=dimension,
                day=day,
                key=key,
                inside=inside,
                windows=prints.get(day, ""),
                numerator=value.numerator,
                denominator=value.denominator,
                updated_at=now,
            )
            for (dimension, day, key, inside), value in rows.items()
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
    """Which rolled metrics cover every day of a period (`covered`), which of them were split by the
    period's current windows on every day (`sided`: both sides read from the rollup too), and when each
    was last refreshed: one statement for the whole page (`rollup_state`)."""

    first: dt.date
    last: dt.date
    covered: frozenset[str] = frozenset()
    swept_at: dict[str, dt.datetime] = field(default_factory=dict, hash=False)
    sided: frozenset[str] = frozenset()
    windows: tuple[Window, ...] = ()

    def serves(self, key: str, scope: Scope) -> bool:
        if key not in self.covered or scope.filters:
            return False
        if scope.side is not Side.ALL and (key not in self.sided or tuple(scope.windows) != self.windows):
            return False
        if not (is_midnight(scope.start) and is_midnight(scope.end)):
            return False
        first = scope.start.astimezone(dt.UTC).date()
        last = (scope.end - DAY).astimezone(dt.UTC).date()
        return self.first <= first and last <= self.last


def rollup_state(
    start: dt.datetime,
    end: dt.datetime,
    *,
    now: dt.datetime | None = None,
    windows: Sequence[Window] | None = None,
) -> RollupState:
    """One statement: for the whole UTC days of [start, end) up to today, the metrics whose every day
    the rollup has computed (within its year), those whose every day was split by `windows` (the
    period's, `windows_between`; None: the sides are read live), and when each was last refreshed."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    horizon = today - dt.timedelta(days=HISTORY_DAYS - 1)
    first = start.astimezone(dt.UTC).date()
    last = min((end - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date(), today)
    if first < horizon or last < first:
        return RollupState(first, last)
    prints = day_fingerprints(windows or (), first, last)
    matches = Q(windows="")
    if prints:
        matches = (matches & ~Q(day__in=list(prints))) | functools.reduce(
            operator.or_, (Q(day=day, windows=value) for day, value in prints.items())
        )
    rows = (
        MetricRollup.objects.filter(
            dimension=_TOTALS[0], key=_TOTALS[1], inside=False, day__gte=first, day__lte=last
        )
        .values("metric")
        .annotate(days=Count("pk"), matching=Count("pk", filter=matches), swept=Max("updated_at"))
        .order_by()
    )
    wanted = (last - first).days + 1
    complete = [row for row in rows if row["days"] == wanted]
    covered = {row["metric"]: row["swept"] for row in complete}
    sided = {row["metric"] for row in complete if windows is not None and row["matching"] == wanted}
    # A period reaching past today is served up to today: later days have no cases.
    return RollupState(
        first,
        max(last, (end - DAY).astimezone(dt.UTC).date()),
        frozenset(covered),
        covered,
        frozenset(sided),
        tuple(windows or ()),
    )


def compute(
    metric: Metric, scope: Scope, breakdown: Breakdown, state: RollupState | None
) -> dict[object, Value]:
    """The metric's values for the scope: from the rollup when `state` says it covers the period (for a
    side of the windows: and that its days were split by the current windows), else live."""
    if state is None or not isinstance(metric, DailyMetric) or not state.serves(metric.key, scope):
        return metric.compute(scope, breakdown)
    return rolled(metric.key, scope, breakdown)


def _period_rows(scope: Scope) -> Q:
    q = Q(day__gte=scope.start.astimezone(dt.UTC).date(), day__lt=scope.end.astimezone(dt.UTC).date())
    if scope.side is not Side.ALL:
        q &= Q(inside=scope.side is Side.INSIDE)
    return q


def rolled(key: str, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
    """One statement: the period's sums per key of the breakdown (a trend sums the totals rows by day
    or week), on the scope's side of the windows."""
    trend = breakdown in (Breakdown.DAY, Breakdown.WEEK)
    dimension = Breakdown.NONE if trend else breakdown
    rows = MetricRollup.objects.filter(_period_rows(scope), metric=key, dimension=dimension.value)
    if breakdown is Breakdown.DAY:
        grouped = rows.values(k=F("day"))
    elif breakdown is Breakdown.WEEK:
        grouped = rows.annotate(k=TruncWeek("day", output_field=DateField())).values("k")
    else:
        grouped = rows.values(k=F("key"))
    sums = grouped.annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()
    values = {
        (_as_day(row["k"]) if trend else key_from_text(breakdown, row["k"])): Value(
            float(row["n"] or 0), int(row["d"] or 0)
        )
        for row in sums
        if row["d"]
    }
    # As the live aggregate: one row for the whole, even of no case.
    return {None: Value()} if breakdown is Breakdown.NONE and not values else values


@dataclass
class PageFigures:
    """One rolled metric's figures for the page: its days (both sides summed), its breakdown's keys,
    and each side's total."""

    days: dict[dt.date, Value] = field(default_factory=dict)
    keys: dict[object, Value] = field(default_factory=dict)
    sides: dict[bool, Value] = field(default_factory=dict)

    def total(self) -> Value | None:
        total = Value()
        for value in self.days.values():
            total.add(value)
        return total if total.denominator else None

    def trend(self, grain: Breakdown) -> dict[object, Value]:
        if grain is Breakdown.DAY:
            return {day: value for day, value in self.days.items() if value.denominator}
        weeks: dict[object, Value] = {}
        for day, value in self.days.items():
            weeks.setdefault(day - dt.timedelta(days=day.weekday()), Value()).add(value)
        return {week: value for week, value in weeks.items() if value.denominator}

    def breakdown(self) -> dict[object, Value]:
        return {key: value for key, value in self.keys.items() if value.denominator}

    def side(self, side: Side) -> Value | None:
        value = self.sides.get(side is Side.INSIDE)
        return value if value is not None and value.denominator else None


def page_figures(keys: Sequence[str], scope: Scope, breakdown: Breakdown) -> dict[str, PageFigures]:
    """One statement for every rolled metric on the page: per metric and side, the totals rows by day
    and the breakdown's rows by key, summed over the period. The caller checks coverage first
    (`RollupState.serves`)."""
    figures: dict[str, PageFigures] = {key: PageFigures() for key in keys}
    if not keys:
        return figures
    rows = (
        MetricRollup.objects.filter(
            _period_rows(Scope(scope.start, scope.end)),
            metric__in=list(keys),
            dimension__in=[Breakdown.NONE.value, breakdown.value],
        )
        .annotate(
            d=Case(
                When(dimension=Breakdown.NONE.value, then=F("day")), default=V(None), output_field=DateField()
            )
        )
        .values("metric", "dimension", "inside", "d", "key")
        .annotate(n=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    for row in rows:
        value = Value(float(row["n"] or 0), int(row["den"] or 0))
        figure = figures[row["metric"]]
        if row["dimension"] == Breakdown.NONE.value:
            figure.days.setdefault(_as_day(row["d"]), Value()).add(value)
            figure.sides.setdefault(row["inside"], Value()).add(value)
        else:
            figure.keys.setdefault(key_from_text(breakdown, row["key"]), Value()).add(value)
    return figures
