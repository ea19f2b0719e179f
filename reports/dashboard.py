"""What the supervisor dashboard and its CSV export show: every registered metric, for a period, per
breakdown, over time and inside vs outside the volatility windows, labelled and formatted.

The number of statements is fixed: each metric's `compute` runs a fixed few per call, whatever the
number of tickets, and the labels of teams or agents are read in one statement at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from django.conf import settings
from django.db.models import BooleanField, Case, When
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from helpdesk.dates import format_day
from helpdesk.formats import format_money, locale_for
from reports.core_metrics import CoreMetric, Kind, backlog_at, windows_q
from reports.metric_rollup import PageFigures, compute, page_figures, rolled_metrics, rollup_state
from reports.metrics import REGISTRY, Breakdown, Metric, Scope, Side, Unit, Value
from routing.models import Team
from tickets.models import Channel, Ticket, Tier
from volatility.windows import windows_between

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
# A custom period may cover at most a year: a longer one is a different question (and query).
MAX_DAYS = 366
BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown.TEAM,
    Breakdown.AGENT,
    Breakdown.CHANNEL,
    Breakdown.LANGUAGE,
    Breakdown.TIER,
    Breakdown.SOURCING,
)
BREAKDOWN_LABELS = {
    Breakdown.NONE: gettext_lazy("All"),
    Breakdown.TEAM: gettext_lazy("Team"),
    Breakdown.AGENT: gettext_lazy("Agent"),
    Breakdown.CHANNEL: gettext_lazy("Channel"),
    Breakdown.LANGUAGE: gettext_lazy("Language"),
    Breakdown.TIER: gettext_lazy("Tier"),
    Breakdown.SOURCING: gettext_lazy("In-house or partner"),
    Breakdown.DAY: gettext_lazy("Day"),
    Breakdown.WEEK: gettext_lazy("Week"),
}
GRAINS = (Breakdown.DAY, Breakdown.WEEK)
AXIS_TITLES = {
    Unit.SECONDS: gettext_lazy("hours"),
    Unit.PERCENT: gettext_lazy("%"),
    Unit.MONEY: gettext_lazy("cost"),
    Unit.SCORE: gettext_lazy("score"),
    Unit.COUNT: gettext_lazy("cases"),
}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """Whole UTC days, [start, end): a preset ("the last 30 days", today included) or custom dates."""

    start: dt.datetime
    end: dt.datetime
    preset: int | None  # 7, 30 or 90; None for a custom period

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(days=1)).date()

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def query(self) -> dict[str, str]:
        if self.preset is not None:
            return {"period": str(self.preset)}
        return {"period": "custom", "from": self.first_day.isoformat(), "to": self.last_day.isoformat()}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def parse_period(params: Mapping[str, str]) -> Period:
    """The period the query asks for; PeriodError says what is wrong with a custom one."""
    today = timezone.now().astimezone(dt.UTC).date()
    choice = params.get("period", str(DEFAULT_DAYS))
    if choice != "custom":
        days = int(choice) if choice in {str(p) for p in PRESETS} else None
        if days is None:
            raise PeriodError(_("Choose a period of 7, 30 or 90 days, or custom dates."))
        return Period(
            _midnight(today - dt.timedelta(days=days - 1)), _midnight(today + dt.timedelta(days=1)), days
        )
    try:
        first = dt.date.fromisoformat(params.get("from", ""))
        last = dt.date.fromisoformat(params.get("to", ""))
    except ValueError:
        raise PeriodError(_("Give the first and last day of the period as dates (YYYY-MM-DD).")) from None
    if last < first:
        raise PeriodError(_("The last day comes before the first."))
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(_("A period can cover at most %(days)d days.") % {"days": MAX_DAYS})
    if first > today:
        raise PeriodError(_("The period starts in the future."))
    return Period(_midnight(first), _midnight(last + dt.timedelta(days=1)), None)


def parse_choice(value: str | None, choices: tuple[Breakdown, ...], default: Breakdown) -> Breakdown:
    return next((choice for choice in choices if choice.value == value), default)


# --- Formatting -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    return locale_for(language)


def format_number(value: float, language: str) -> str:
    """A number with the agent's locale's separators (helpdesk.formats, its locale parsed once)."""
    return str(format_decimal(value, format="#,##0.##", locale=_locale(language)))


def format_duration(seconds: float, language: str) -> str:
    """A duration as a supervisor compares them: "45 min", "5.5 h", "3.2 d"."""
    if seconds < 90 * 60:
        return _("%(n)s min") % {"n": format_number(round(seconds / 60), language)}
    if seconds < 48 * 3600:
        return _("%(n)s h") % {"n": format_number(round(seconds / 3600, 1), language)}
    return _("%(n)s d") % {"n": format_number(round(seconds / 86400, 1), language)}


def format_value(value: float | None, unit: Unit, language: str) -> str:
    if value is None:
        return "—"
    if unit is Unit.PERCENT:
        return _("%(n)s%%") % {"n": format_number(round(value, 1), language)}
    if unit is Unit.SECONDS:
        return format_duration(value, language)
    if unit is Unit.MONEY:
        return format_money(round(value, 2), settings.COSTS_CURRENCY, language)
    if unit is Unit.SCORE:
        return format_number(round(value, 2), language)
    return format_number(round(value), language)


# --- The page's figures ---------------------------------------------------------------------------


@dataclass
class Row:
    key: object
    value: float | None
    numerator: float
    denominator: int
    text: str
    label: str = ""


@dataclass
class Panel:
    """One metric on the page."""

    key: str
    label: str
    unit: Unit
    higher_is_better: bool
    total: Row | None
    trend: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    inside: Row | None = None
    outside: Row | None = None
    has_breakdown: bool = False
    has_trend: bool = False

    @property
    def chart(self) -> dict[str, Any]:
        """What static/reports/dashboard.js draws: plain numbers, the table beside it says the same."""
        # Durations are drawn in hours: an axis of seconds reads as noise at a glance.
        scale = 3600 if self.unit is Unit.SECONDS else 1
        return {
            "key": self.key,
            "label": str(self.label),
            "unit": self.unit.value,
            "axis": str(AXIS_TITLES.get(self.unit, "")),
            "labels": [row.label for row in self.trend],
            "values": [None if row.value is None else round(row.value / scale, 4) for row in self.trend],
            "texts": [row.text for row in self.trend],
        }

    @property
    def comparison(self) -> str:
        """Whether inside the windows is better, worse or the same as outside, by the metric's sense."""
        if self.inside is None or self.outside is None or None in (self.inside.value, self.outside.value):
            return ""
        assert self.inside.value is not None and self.outside.value is not None
        if abs(self.inside.value - self.outside.value) < 1e-9:
            return "same"
        better = (self.inside.value > self.outside.value) == self.higher_is_better
        return "better" if better else "worse"


@dataclass
class Dashboard:
    period: Period
    breakdown: Breakdown
    grain: Breakdown
    windows: tuple[tuple[dt.datetime, dt.datetime], ...]
    panels: list[Panel]

    @property
    def charts(self) -> list[dict[str, Any]]:
        return [panel.chart for panel in self.panels if panel.has_trend]


def _row(key: object, value: Value, unit: Unit, language: str) -> Row:
    result = value.result(unit)
    return Row(key, result, value.numerator, value.denominator, format_value(result, unit, language))


def _rows(values: dict[object, Value], unit: Unit, language: str) -> list[Row]:
    return [_row(key, value, unit, language) for key, value in values.items()]


def trend_rows(
    values: dict[object, Value], unit: Unit, period: Period, grain: Breakdown, language: str
) -> list[Row]:
    """One row per day (week) of the period up to today, those without tickets included, in order."""
    by_day = {(k.date() if isinstance(k, dt.datetime) else k): v for k, v in values.items()}
    last = min(period.last_day, timezone.now().astimezone(dt.UTC).date())
    days = [period.first_day + dt.timedelta(days=n) for n in range((last - period.first_day).days + 1)]
    if grain is Breakdown.WEEK:
        days = sorted({day - dt.timedelta(days=day.weekday()) for day in days})
    return [_row(day, by_day.get(day) or Value(), unit, language) for day in days]


def _metrics() -> list[Metric]:
    return [REGISTRY[key] for key in REGISTRY]


def backlog_sides(
    metrics: list[Metric], period: Period, windows: tuple[tuple[dt.datetime, dt.datetime], ...]
) -> dict[bool, dict[str, Any]]:
    """The backlog metrics' counters on each side of the windows (keyed by "inside"), read live in one
    statement for all of them: a backlog is a state at one moment (the period's end, or now), which
    their rollup's last snapshot would not share. Empty when there is nothing to split."""
    if not windows or not any(isinstance(m, CoreMetric) and m.kind is Kind.BACKLOG for m in metrics):
        return {}
    inside = Case(When(windows_q(windows), then=V(True)), default=V(False), output_field=BooleanField())
    rows = backlog_at(Ticket.objects.all(), min(period.end, timezone.now()), {"k": inside})
    return {bool(row["k"]): row for row in rows}


def build_dashboard(
    *,
    period: Period,
    breakdown: Breakdown,
    grain: Breakdown,
    language: str,
    rolled_until: dt.datetime | None = None,
) -> Dashboard:
    windows = windows_between(period.start, period.end)
    scope = Scope(start=period.start, end=period.end, windows=windows)
    metrics = _metrics()
    # FCR, tier 0, CSAT and costs: which of them the daily rollup covers for the period, and on both
    # sides of its current windows (one statement); then every covered one's figures (one more).
    state = rollup_state(period.start, period.end, windows=windows) if rolled_metrics(REGISTRY) else None
    served = [metric.key for metric in metrics if state is not None and state.serves(metric.key, scope)]
    figures = page_figures(served, scope, breakdown)
    # The three backlog metrics' sides of the windows: one live statement for the six figures.
    backlogs = backlog_sides(metrics, period, windows)
    panels = []
    for metric in metrics:
        rolled: PageFigures | None = figures.get(metric.key)
        total = rolled.total() if rolled else compute(metric, scope, Breakdown.NONE, state).get(None)
        panel = Panel(
            key=metric.key,
            label=str(metric.label),
            unit=metric.unit,
            higher_is_better=metric.higher_is_better,
            total=_row(None, total or Value(), metric.unit, language),
            has_breakdown=breakdown in metric.breakdowns,
            has_trend=grain in metric.breakdowns,
        )
        if panel.has_trend:
            trend = rolled.trend(grain) if rolled else compute(metric, scope, grain, state)
            panel.trend = trend_rows(trend, metric.unit, period, grain, language)
        if panel.has_breakdown:
            values = rolled.breakdown() if rolled else compute(metric, scope, breakdown, state)
            panel.rows = _rows(values, metric.unit, language)
        if windows:
            for side in (Side.INSIDE, Side.OUTSIDE):
                sided = Scope(
                    start=period.start, end=period.end, side=side, windows=windows, rolled_until=rolled_until
                )
                if rolled and state is not None and state.serves(metric.key, sided):
                    value = rolled.side(side) or Value()
                elif backlogs and isinstance(metric, CoreMetric) and metric.kind is Kind.BACKLOG:
                    counters = backlogs.get(side is Side.INSIDE)
                    value = metric._value(counters) if counters and counters["open"] else Value()
                else:
                    value = compute(metric, sided, Breakdown.NONE, state).get(None) or Value()
                setattr(panel, side.value, _row(None, value, metric.unit, language))
        panels.append(panel)
    label_rows([row for panel in panels for row in panel.rows], breakdown)
    label_rows([row for panel in panels for row in panel.trend], grain)
    for panel in panels:
        panel.rows.sort(key=lambda row: row.label.lower())
    return Dashboard(period=period, breakdown=breakdown, grain=grain, windows=windows, panels=panels)


def key_labels(keys: set[object], breakdown: Breakdown) -> dict[object, str]:
    """What each key of a breakdown reads as: a team's or agent's name (one statement), a channel..."""
    if breakdown is Breakdown.TEAM:
        names: dict[object, str] = dict(
            Team.objects.filter(pk__in=[k for k in keys if k is not None]).values_list("pk", "name")
        )
        return {k: names.get(k, str(k)) if k is not None else _("No team") for k in keys}
    if breakdown is Breakdown.AGENT:
        agents: dict[object, str] = {
            u.pk: str(u) for u in User.objects.filter(pk__in=[k for k in keys if k is not None])
        }
        return {k: agents.get(k, str(k)) if k is not None else _("Unassigned") for k in keys}
    if breakdown is Breakdown.CHANNEL:
        return {k: str(Channel(k).label) if k in Channel.values else str(k) for k in keys}
    if breakdown is Breakdown.LANGUAGE:
        languages = dict(settings.LANGUAGES)
        return {k: str(languages.get(str(k), k)) for k in keys}
    if breakdown is Breakdown.TIER:
        return {k: str(Tier(k).label) if k in Tier.values else str(k) for k in keys}
    if breakdown is Breakdown.SOURCING:
        return {k: _("Partner") if k == "partner" else _("In-house") for k in keys}
    if breakdown is Breakdown.DAY:
        return {k: format_day(k) if isinstance(k, dt.date) else str(k) for k in keys}
    if breakdown is Breakdown.WEEK:
        return {
            k: _("Week of %(day)s") % {"day": format_day(k)} if isinstance(k, dt.date) else str(k)
            for k in keys
        }
    return {k: _("All") for k in keys}


def label_rows(rows: list[Row], breakdown: Breakdown) -> None:
    labels = key_labels({row.key for row in rows}, breakdown)
    for row in rows:
        row.label = labels[row.key]
