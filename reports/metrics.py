"""What every report metric is: a function of a scope (period, volatility windows) and a breakdown.

A metric computes, for the tickets in a `Scope`, one `Value` per key of a `Breakdown` (a team, an
agent, a channel, a language, a tier, in-house vs partner, or a day or week for trends), each value a
numerator over a denominator so that rates and averages add up across rows and periods. Metrics are
SQL aggregates: one or a fixed few statements per call, whatever the number of tickets.

The metrics register themselves in `REGISTRY` from their app's `AppConfig.ready()` (FCR and tier-0
effect here in `reports/`, CSAT in `csat/`, cost per resolution in `costs/`), so the dashboard, the
CSV export and the comparison inside vs outside volatility windows treat them all alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from django.db.models import Case, CharField, DateField, F, Q, When
from django.db.models import Value as V
from django.db.models.functions import TruncDate, TruncWeek


class Breakdown(StrEnum):
    """How a metric's values are split. `NONE` gives a single row, keyed `None`."""

    NONE = "none"
    TEAM = "team"
    AGENT = "agent"
    CHANNEL = "channel"
    LANGUAGE = "language"
    TIER = "tier"
    # In-house vs outsourced partner, from the team's `is_partner`: keys "inhouse" and "partner".
    SOURCING = "sourcing"
    DAY = "day"
    WEEK = "week"


# The keys of Breakdown.SOURCING. A case in no team was worked by nobody outside: in-house.
INHOUSE, PARTNER = "inhouse", "partner"

# The ticket column each plain breakdown groups and filters by.
_TICKET_FIELDS: dict[Breakdown, str] = {
    Breakdown.TEAM: "team_id",
    Breakdown.AGENT: "assignee_id",
    Breakdown.CHANNEL: "channel",
    Breakdown.LANGUAGE: "language",
    Breakdown.TIER: "tier",
}
_INT_KEYS = (Breakdown.TEAM, Breakdown.AGENT, Breakdown.TIER)


def ticket_key(breakdown: Breakdown, prefix: str = "") -> Any:
    """The SQL expression of a breakdown's key on a ticket (reached through `prefix`, e.g. "ticket__"
    from a survey); None for NONE. Days and weeks are UTC, whatever zone a request activated, and keyed
    by a date (a week by its Monday): every metric splits the same tickets under the same keys."""
    if breakdown in _TICKET_FIELDS:
        return F(f"{prefix}{_TICKET_FIELDS[breakdown]}")
    if breakdown is Breakdown.SOURCING:
        return Case(
            When(**{f"{prefix}team__is_outsourced": True}, then=V(PARTNER)),
            default=V(INHOUSE),
            output_field=CharField(),
        )
    if breakdown is Breakdown.DAY:
        return TruncDate(f"{prefix}created_at", tzinfo=dt.UTC)
    if breakdown is Breakdown.WEEK:
        return TruncWeek(f"{prefix}created_at", tzinfo=dt.UTC, output_field=DateField())
    return None


def ticket_filters_q(filters: dict[str, object], prefix: str = "") -> Q:
    """A Q on the ticket (through `prefix`) for a scope's filters: keys are `Breakdown` values, each
    value one key or a list of keys of that breakdown (None: no team, no agent). An unknown key is
    refused rather than ignored: a filter silently dropped would widen what someone sees."""
    q = Q()
    for name, raw in filters.items():
        breakdown = Breakdown(name)
        values = list(raw) if isinstance(raw, list | tuple | set | frozenset) else [raw]
        if breakdown in _TICKET_FIELDS:
            field = f"{prefix}{_TICKET_FIELDS[breakdown]}"
            present = [v for v in values if v is not None]
            if breakdown in _INT_KEYS:
                present = [int(str(v)) for v in present]
            part = Q(**{f"{field}__in": present})
            if len(present) < len(values):
                part |= Q(**{f"{field}__isnull": True})
            q &= part
        elif breakdown is Breakdown.SOURCING:
            part = Q(pk__in=[])
            if PARTNER in values:
                part |= Q(**{f"{prefix}team__is_outsourced": True})
            if INHOUSE in values:
                part |= Q(**{f"{prefix}team__isnull": True}) | Q(**{f"{prefix}team__is_outsourced": False})
            q &= part
        elif breakdown in (Breakdown.DAY, Breakdown.WEEK):
            length = dt.timedelta(days=1 if breakdown is Breakdown.DAY else 7)
            part = Q(pk__in=[])
            for first in (_as_date(v) for v in values):
                start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
                part |= Q(**{f"{prefix}created_at__gte": start, f"{prefix}created_at__lt": start + length})
            q &= part
        else:
            raise ValueError(f"{name!r} is not a filter")
    return q


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class Unit(StrEnum):
    PERCENT = "percent"  # numerator / denominator, shown as a percentage
    SECONDS = "seconds"  # an average duration: total seconds / count
    MONEY = "money"  # an average cost: total / count, in the configured currency
    SCORE = "score"  # an average score, such as CSAT 1-5
    COUNT = "count"  # the numerator alone


class Side(StrEnum):
    """Which tickets of the period a scope keeps, against the volatility windows."""

    ALL = "all"
    INSIDE = "inside"  # created inside any volatility window
    OUTSIDE = "outside"  # created outside every volatility window


@dataclass(frozen=True)
class Scope:
    """The tickets a metric looks at: created in [start, end), optionally inside or outside windows.

    `windows` are the volatility windows (half-open [start, end) pairs) met by the period; with
    `side=ALL` they are ignored. Filters narrow further (a team id, a channel, ...) and use the same
    keys as `Breakdown`.
    """

    start: dt.datetime
    end: dt.datetime
    side: Side = Side.ALL
    windows: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    filters: dict[str, object] = field(default_factory=dict, hash=False)
    # When the daily rollup was last refreshed, if the caller has read it already (the dashboard does,
    # once per page): a metric that takes the rollup's whole and subtracts a live count from it then
    # counts only what the rollup had seen, without reading the time again.
    rolled_until: dt.datetime | None = field(default=None, compare=False)

    def created_q(self, prefix: str = "") -> Q:
        """A Q on the ticket's `created_at` (under `prefix`, e.g. "ticket__") for this scope."""
        name = f"{prefix}created_at"
        q = Q(**{f"{name}__gte": self.start, f"{name}__lt": self.end})
        if self.side is Side.ALL:
            return q
        inside = Q(pk__in=[])
        for start, end in self.windows:
            inside |= Q(**{f"{name}__gte": start, f"{name}__lt": end})
        return q & (inside if self.side is Side.INSIDE else ~inside)


@dataclass
class Value:
    numerator: float = 0.0
    denominator: int = 0

    def add(self, other: Value) -> None:
        self.numerator += other.numerator
        self.denominator += other.denominator

    def result(self, unit: Unit) -> float | None:
        if unit is Unit.COUNT:
            return self.numerator
        if not self.denominator:
            return None
        ratio = self.numerator / self.denominator
        return 100.0 * ratio if unit is Unit.PERCENT else ratio


class Metric(Protocol):
    key: str  # stable, used in URLs and CSV headers: "fcr", "csat", "cost_per_resolution", ...
    label: str  # translated, for the page
    unit: Unit
    # Which way is good, for the charts and the inside/outside comparison.
    higher_is_better: bool
    # The breakdowns the metric can compute; the dashboard offers only these.
    breakdowns: Sequence[Breakdown]

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]: ...


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in REGISTRY:
        raise ValueError(f"metric {metric.key!r} is registered twice")
    REGISTRY[metric.key] = metric
    return metric
