"""The core ticket metrics of the supervisor dashboard, each a `reports.metrics.Metric`.

Definitions (every figure is a numerator over a denominator, so rows and days add up):

- volume: tickets created in the period;
- first response time: the average time from a ticket's creation to its first agent reply, over the
  tickets created in the period that have one;
- first response within SLA: among those tickets whose first-response target is decided (answered
  with a target set, or breached), the share answered in time (sla.models.TicketClock);
- resolution time: the average time from creation to solved, over the tickets created in the period
  that are solved or closed now (a reopen clears the solved time, so a reopened case counts again only
  once solved again);
- SLA attainment: SLA targets met among those decided (first response, each next response,
  resolution), as the SLA report counts them;
- reopen rate: tickets reopened at least once, among those created in the period that were ever solved;
- backlog: cases open at the end of the period (created before it ended and not solved by then),
  whenever they were created; a case solved and then reopened counts as open from its creation;
- backlog age: the average age of those open cases at the end of the period;
- zombie cases: those open cases older than 30 days at the end of the period.

Inside/outside volatility windows (`Scope.side`) keeps the tickets created inside (outside) the
windows, for the backlog too: the open cases at the end of the period that were created inside them.

Where the numbers come from: a scope of whole UTC days with no filters reads the daily rollup
(reports.models.DailyRollup, refreshed by a beat sweep, reports/rollup.py), one statement per call;
the side outside the windows is the rollup's whole minus the live inside; anything else (filters,
a period that does not start and end at midnight UTC, the inside side) is read live from the tickets,
one statement (two for a live backlog trend). Both paths compute the same definitions, and the
tests hold them to the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.db.models import (
    Count,
    DateField,
    DurationField,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.metrics import Breakdown, Scope, Side, Unit, register, ticket_filters_q, ticket_key
from reports.metrics import Value as MetricValue
from reports.models import DailyRollup
from tickets.models import Ticket

ZOMBIE_AGE = dt.timedelta(days=30)
# The days the rollup keeps (reports.rollup.HISTORY_DAYS, which imports this module).
ROLLUP_HISTORY_DAYS = 366
DAY = dt.timedelta(days=1)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# Every breakdown the core metrics offer; the trend grains are read from the rollup's totals.
ALL_BREAKDOWNS: tuple[Breakdown, ...] = tuple(Breakdown)
DIMENSIONS: tuple[Breakdown, ...] = (
    Breakdown.NONE,
    Breakdown.TEAM,
    Breakdown.AGENT,
    Breakdown.CHANNEL,
    Breakdown.LANGUAGE,
    Breakdown.TIER,
    Breakdown.SOURCING,
)
INT_KEYS = frozenset({Breakdown.TEAM, Breakdown.AGENT, Breakdown.TIER})

COHORT_FIELDS = (
    "created",
    "fr_count",
    "fr_seconds",
    "fr_sla_decided",
    "fr_sla_met",
    "resolved",
    "resolution_seconds",
    "sla_decided",
    "sla_met",
    "reopened",
    "reopen_base",
)
BACKLOG_FIELDS = ("open", "open_age_seconds", "zombies")
Counters = dict[str, float]


class Kind(StrEnum):
    COHORT = "cohort"  # about the tickets created in the period
    BACKLOG = "backlog"  # about the cases open at a moment


# --- Keys -----------------------------------------------------------------------------------------


def key_expression(breakdown: Breakdown, prefix: str = "") -> Any:
    """The SQL expression of a breakdown's key on a ticket (under `prefix`); None for NONE."""
    return ticket_key(breakdown, prefix)


def filters_q(filters: dict[str, object]) -> Q:
    """Scope filters, keyed like breakdowns: {"team": 3, "channel": "email", "sourcing": "partner"}."""
    return ticket_filters_q(filters)


def windows_q(windows: Sequence[tuple[dt.datetime, dt.datetime]]) -> Q:
    inside = Q(pk__in=[])
    for start, end in windows:
        inside |= Q(created_at__gte=start, created_at__lt=end)
    return inside


def side_q(scope: Scope) -> Q:
    if scope.side is Side.ALL:
        return Q()
    inside = windows_q(scope.windows)
    return inside if scope.side is Side.INSIDE else ~inside


def key_from_text(breakdown: Breakdown, text: str) -> object:
    """A rollup row's key back to what the live query returns for it."""
    if breakdown is Breakdown.NONE:
        return None
    if breakdown in INT_KEYS:
        return int(text) if text else None
    return text


def key_to_text(value: object) -> str:
    return "" if value is None else str(value)


# --- Cohort counters (tickets created in a period) ------------------------------------------------


def _seconds(value: dt.timedelta | float | int | None) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value) / 1_000_000  # SQLite hands back a duration sum as microseconds


# The SQL aggregates each cohort counter needs; SLA attainment is summed from several.
_SLA_PARTS = ("fr_sla_decided", "fr_sla_met", "res_decided", "res_met", "nr_met", "nr_missed")
_NEEDS: dict[str, tuple[str, ...]] = {
    "sla_decided": _SLA_PARTS,
    "sla_met": _SLA_PARTS,
}


def _cohort_aggregates() -> dict[str, Any]:
    fr = Q(first_response_at__isnull=False)
    solved = Q(solved_at__isnull=False)
    fr_decided = Q(sla_clock__first_response_target__isnull=False, first_response_at__isnull=False) | Q(
        sla_clock__first_response_breached_at__isnull=False
    )
    fr_met = fr_decided & Q(sla_clock__first_response_breached_at__isnull=True)
    res_decided = Q(sla_clock__resolution_target__isnull=False, solved_at__isnull=False) | Q(
        sla_clock__resolution_breached_at__isnull=False
    )
    res_met = res_decided & Q(sla_clock__resolution_breached_at__isnull=True)
    return {
        "created": Count("pk"),
        "fr_count": Count("pk", filter=fr),
        "fr_seconds": Sum(F("first_response_at") - F("created_at"), filter=fr, output_field=DurationField()),
        "fr_sla_decided": Count("pk", filter=fr_decided),
        "fr_sla_met": Count("pk", filter=fr_met),
        "resolved": Count("pk", filter=solved),
        "resolution_seconds": Sum(
            F("solved_at") - F("created_at"), filter=solved, output_field=DurationField()
        ),
        "res_decided": Count("pk", filter=res_decided),
        "res_met": Count("pk", filter=res_met),
        "nr_met": Sum("sla_clock__next_response_met"),
        "nr_missed": Sum("sla_clock__next_response_missed"),
        "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        "reopen_base": Count("pk", filter=solved | Q(reopen_count__gt=0)),
    }


def cohort_counters(
    tickets: QuerySet[Ticket], group: dict[str, Any], fields: Sequence[str] = COHORT_FIELDS
) -> list[dict[str, Any]]:
    """One statement: the cohort counters `fields` (and "created") of `tickets`, grouped by the `group`
    expressions (their names are kept in each row). Only what `fields` needs is aggregated, so a metric
    that reads no SLA figure does not join the SLA clocks."""
    every = _cohort_aggregates()
    names = {"created"}
    for name in fields:
        names.update(_NEEDS.get(name, (name,)))
    aggregates = {name: every[name] for name in every if name in names}
    query = tickets.order_by()
    if group:
        rows = list(query.annotate(**group).values(*group).annotate(**aggregates))
    else:
        rows = [query.aggregate(**aggregates)]
    for row in rows:
        for name in ("fr_seconds", "resolution_seconds"):
            if name in row:
                row[name] = _seconds(row[name])
        if "nr_met" in row:
            nr_met, nr_missed = row.pop("nr_met") or 0, row.pop("nr_missed") or 0
            res_decided, res_met = row.pop("res_decided"), row.pop("res_met")
            row["sla_decided"] = row["fr_sla_decided"] + res_decided + nr_met + nr_missed
            row["sla_met"] = row["fr_sla_met"] + res_met + nr_met
    return rows


# --- Backlog counters (cases open at a moment) ----------------------------------------------------


def open_at_q(moment: dt.datetime) -> Q:
    return Q(created_at__lt=moment) & (Q(solved_at__isnull=True) | Q(solved_at__gte=moment))


def backlog_at(tickets: QuerySet[Ticket], moment: dt.datetime, group: dict[str, Any]) -> list[dict[str, Any]]:
    """One statement: the cases of `tickets` open at `moment`, their total age and the zombies among
    them, grouped by `group`."""
    aggregates = {
        "open": Count("pk"),
        "open_age_seconds": Sum(Value(moment) - F("created_at"), output_field=DurationField()),
        "zombies": Count("pk", filter=Q(created_at__lt=moment - ZOMBIE_AGE)),
    }
    query = tickets.filter(open_at_q(moment)).order_by()
    rows = (
        list(query.annotate(**group).values(*group).annotate(**aggregates))
        if group
        else [query.aggregate(**aggregates)]
    )
    for row in rows:
        row["open_age_seconds"] = _seconds(row["open_age_seconds"])
    return rows


def backlog_at_day_ends(
    tickets: QuerySet[Ticket], days: Sequence[dt.date], group: dict[str, Any]
) -> dict[tuple[dt.date, tuple[object, ...]], Counters]:
    """One statement: the backlog at the end (midnight UTC) of each of `days`, per `group` key.

    The open cases are bucketed by the UTC day they were created and solved on: a case is open at the
    end of day D exactly when it was created on or before D and not solved by D's end, and a zombie when
    created on or before D - 30, so the day ends are summed from the buckets without a query per day.
    The age uses the sum of creation times per bucket (seconds since EPOCH).
    """
    if not days:
        return {}
    first_end = _day_start(min(days)) + DAY
    last_end = _day_start(max(days)) + DAY
    query = (
        tickets.filter(created_at__lt=last_end)
        .filter(Q(solved_at__isnull=True) | Q(solved_at__gte=first_end))
        .order_by()
        .annotate(
            created_day=TruncDate("created_at", tzinfo=dt.UTC),
            solved_day=TruncDate("solved_at", tzinfo=dt.UTC),
            **group,
        )
        .values("created_day", "solved_day", *group)
        .annotate(
            n=Count("pk"),
            since_epoch=Sum(F("created_at") - Value(EPOCH), output_field=DurationField()),
        )
    )
    names = list(group)
    result: dict[tuple[dt.date, tuple[object, ...]], Counters] = {}
    buckets = list(query)
    for day in days:
        end = _day_start(day) + DAY
        zombie_day = day - dt.timedelta(days=ZOMBIE_AGE.days)
        end_since_epoch = (end - EPOCH).total_seconds()
        for bucket in buckets:
            if bucket["created_day"] > day or (
                bucket["solved_day"] is not None and bucket["solved_day"] <= day
            ):
                continue
            counters = result.setdefault(
                (day, tuple(bucket[name] for name in names)), dict.fromkeys(BACKLOG_FIELDS, 0.0)
            )
            counters["open"] += bucket["n"]
            counters["open_age_seconds"] += bucket["n"] * end_since_epoch - _seconds(bucket["since_epoch"])
            if bucket["created_day"] <= zombie_day:
                counters["zombies"] += bucket["n"]
    return result


# --- Time -----------------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def is_midnight(moment: dt.datetime) -> bool:
    utc = moment.astimezone(dt.UTC)
    return utc.time() == dt.time()


def days_of(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    first = start.astimezone(dt.UTC).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- The metrics ----------------------------------------------------------------------------------


@dataclass(eq=False)
class CoreMetric:
    key: str
    label: str  # lazily translated
    unit: Unit
    higher_is_better: bool
    kind: Kind
    numerator: str
    denominator: str
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, MetricValue]:
        if self.rollup_serves(scope):
            if scope.side is Side.ALL:
                return self.compute_rolled(scope, breakdown)
            if scope.side is Side.OUTSIDE and self.kind is Kind.COHORT:
                # The rollup holds all tickets it had seen when last refreshed; the few created inside
                # the windows up to that moment are read live and taken off. Cases opened since (a surge
                # under way) are in neither. (A backlog is read live on both sides: it is a state at one
                # moment, which the rollup's last snapshot and a live count would not share.)
                cut = scope.rolled_until or rollup_refreshed_at()
                if cut is not None:
                    whole = self.compute_rolled(scope, breakdown)
                    inside = Scope(
                        start=scope.start,
                        end=max(scope.start, min(scope.end, cut)),
                        side=Side.INSIDE,
                        windows=scope.windows,
                        filters=scope.filters,
                    )
                    return subtract(whole, self.compute_live(inside, breakdown))
        return self.compute_live(scope, breakdown)

    @staticmethod
    def rollup_serves(scope: Scope) -> bool:
        """Whole UTC days, no filters, within the rollup's year (reports/rollup.py HISTORY_DAYS)."""
        today = timezone.now().astimezone(dt.UTC).date()
        horizon = _day_start(today - dt.timedelta(days=ROLLUP_HISTORY_DAYS - 1))
        aligned = is_midnight(scope.start) and is_midnight(scope.end)
        return not scope.filters and aligned and scope.start >= horizon

    # Live, from the tickets.

    def compute_live(self, scope: Scope, breakdown: Breakdown) -> dict[object, MetricValue]:
        tickets = Ticket.objects.filter(filters_q(scope.filters))
        expression = key_expression(breakdown)
        group = {} if expression is None else {"k": expression}
        if self.kind is Kind.COHORT:
            fields = (self.numerator, self.denominator)
            rows = cohort_counters(tickets.filter(scope.created_q()), group, fields)
            return {row.get("k"): self._value(row) for row in rows if row["created"]}
        tickets = tickets.filter(side_q(scope))
        if breakdown in (Breakdown.DAY, Breakdown.WEEK):
            return self._live_backlog_trend(tickets, scope, breakdown)
        moment = min(scope.end, timezone.now())
        rows = backlog_at(tickets, moment, {} if expression is None else {"k": expression})
        return {row.get("k"): self._value(row) for row in rows if row["open"]}

    def _live_backlog_trend(
        self, tickets: QuerySet[Ticket], scope: Scope, breakdown: Breakdown
    ) -> dict[object, MetricValue]:
        """The backlog at each day's end (a week: at its last day's end), the unfinished last day at
        the end of the period or now."""
        now = timezone.now()
        last = min(scope.end, now)
        days = [d for d in days_of(scope.start, last) if _day_start(d) + DAY <= last]
        per_day = {day: counters for (day, _key), counters in backlog_at_day_ends(tickets, days, {}).items()}
        values: dict[dt.date, MetricValue] = {day: self._value(per_day.get(day, {})) for day in days}
        if last > scope.start and (not days or _day_start(days[-1]) + DAY < last):
            values[last.astimezone(dt.UTC).date()] = self._value(backlog_at(tickets, last, {})[0])
        return _backlog_by_grain(values, breakdown)

    # From the rollup.

    def compute_rolled(self, scope: Scope, breakdown: Breakdown) -> dict[object, MetricValue]:
        first = scope.start.astimezone(dt.UTC).date()
        end = scope.end.astimezone(dt.UTC).date()
        trend = breakdown in (Breakdown.DAY, Breakdown.WEEK)
        dimension = Breakdown.NONE if trend else breakdown
        rows = DailyRollup.objects.filter(dimension=dimension.value)
        if self.kind is Kind.COHORT:
            rows = rows.filter(day__gte=first, day__lt=end)
            if breakdown is Breakdown.DAY:
                grouped = rows.values(k=F("day"))
            elif breakdown is Breakdown.WEEK:
                grouped = rows.annotate(k=TruncWeek("day", output_field=DateField())).values("k")
            else:
                grouped = rows.values(k=F("key"))
            sums = grouped.annotate(
                n=Sum(self.numerator), d=Sum(self.denominator), c=Sum("created")
            ).order_by()
            return {
                (row["k"] if trend else key_from_text(breakdown, row["k"])): MetricValue(
                    float(row["n"] or 0), int(row["d"] or 0)
                )
                for row in sums
                if row["c"]
            }
        # The backlog is a state: the snapshot of the period's last day that has one.
        today = timezone.now().astimezone(dt.UTC).date()
        last = min(end - DAY, today)
        if trend:
            snapshots = rows.filter(day__gte=first, day__lte=last).values("day", "open", self.numerator)
            values = {row["day"]: self._value(row) for row in snapshots}
            return _backlog_by_grain(values, breakdown)
        snapshots = rows.filter(day=last, open__gt=0).values("key", "open", self.numerator)
        return {key_from_text(breakdown, row["key"]): self._value(row) for row in snapshots}

    def _value(self, counters: dict[str, Any]) -> MetricValue:
        numerator = float(counters.get(self.numerator) or 0)
        denominator = int(counters.get(self.denominator) or 0)
        return MetricValue(numerator, denominator)


def rollup_refreshed_at() -> dt.datetime | None:
    """When the rollup was last refreshed (one statement); None before its first run."""
    row = DailyRollup.objects.filter(dimension=Breakdown.NONE.value, key="").order_by("-day").first()
    return None if row is None else row.updated_at


def _backlog_by_grain(values: dict[dt.date, MetricValue], breakdown: Breakdown) -> dict[object, MetricValue]:
    if breakdown is Breakdown.DAY:
        return {day: value for day, value in values.items()}
    weeks: dict[object, MetricValue] = {}
    for day in sorted(values):  # a week's backlog is its last day's
        weeks[week_of(day)] = values[day]
    return weeks


def subtract(whole: dict[object, MetricValue], part: dict[object, MetricValue]) -> dict[object, MetricValue]:
    result: dict[object, MetricValue] = defaultdict(MetricValue)
    for key, value in whole.items():
        result[key].add(value)
    for key, value in part.items():
        result[key].add(MetricValue(-value.numerator, -value.denominator))
    return {key: value for key, value in result.items() if value.denominator or value.numerator}


def _core(key: str, label: Promise, unit: Unit, higher: bool, kind: Kind, num: str, den: str) -> CoreMetric:
    return CoreMetric(key, cast(str, label), unit, higher, kind, num, den)


C, B = Kind.COHORT, Kind.BACKLOG
FR_MET, FR_DECIDED = "fr_sla_met", "fr_sla_decided"
CORE_METRICS: tuple[CoreMetric, ...] = (
    _core("volume", _("Tickets created"), Unit.COUNT, True, C, "created", "created"),
    _core("first_response_time", _("First response time"), Unit.SECONDS, False, C, "fr_seconds", "fr_count"),
    _core("first_response_sla", _("First response within SLA"), Unit.PERCENT, True, C, FR_MET, FR_DECIDED),
    _core("resolution_time", _("Resolution time"), Unit.SECONDS, False, C, "resolution_seconds", "resolved"),
    _core("sla_attainment", _("SLA attainment"), Unit.PERCENT, True, C, "sla_met", "sla_decided"),
    _core("reopen_rate", _("Reopen rate"), Unit.PERCENT, False, C, "reopened", "reopen_base"),
    _core("backlog", _("Backlog (open cases)"), Unit.COUNT, False, B, "open", "open"),
    _core("backlog_age", _("Backlog age"), Unit.SECONDS, False, B, "open_age_seconds", "open"),
    _core("zombies", _("Zombie cases (open over 30 days)"), Unit.COUNT, False, B, "zombies", "open"),
)

for _metric in CORE_METRICS:
    register(_metric)
