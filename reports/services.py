"""Writes of the reports app: an export of a metric, recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import audit_record
from reports.dashboard import BREAKDOWN_LABELS, Period, key_labels
from reports.metric_rollup import DailyMetric, compute, rollup_state
from reports.metrics import Breakdown, Metric, Scope, Side
from volatility.windows import windows_between

# A cell a spreadsheet would read as a formula (or a command, through DDE) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("metric", "breakdown", "key", "label", "value", "numerator", "denominator", "side", "from", "to")


def safe_cell(value: object) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_export(
    *, actor: Any, metric: Metric, breakdown: Breakdown, period: Period, side: Side
) -> list[list[str]]:
    """The rows of one metric's export (header first, plain numbers, cells made safe), recorded in the
    audit log under the person who took it, with what it covered."""
    windows = windows_between(period.start, period.end) if side is not Side.ALL else ()
    scope = Scope(start=period.start, end=period.end, side=side, windows=windows)
    # FCR, tier 0, CSAT and costs from their daily rollup when it covers the period (one statement more).
    state = (
        rollup_state(period.start, period.end, windows=windows) if isinstance(metric, DailyMetric) else None
    )
    values = compute(metric, scope, breakdown, state)
    labels = key_labels(set(values), breakdown)
    rows: list[list[str]] = [list(HEADER)]
    for key in sorted(values, key=lambda k: (k is None, str(k))):
        value = values[key]
        result = value.result(metric.unit)
        rows.append(
            [
                safe_cell(cell)
                for cell in (
                    metric.key,
                    breakdown.value,
                    "" if key is None else key,
                    labels[key],
                    "" if result is None else round(result, 4),
                    round(value.numerator, 4),
                    value.denominator,
                    side.value,
                    period.first_day.isoformat(),
                    period.last_day.isoformat(),
                )
            ]
        )
    with transaction.atomic():
        audit_record(
            action="reports.exported",
            # An export is about no one object: it is filed under the person who took it.
            obj=actor,
            actor=actor,
            after={
                "metric": metric.key,
                "breakdown": breakdown.value,
                "breakdown_label": str(BREAKDOWN_LABELS[breakdown]),
                "side": side.value,
                "from": period.first_day.isoformat(),
                "to": period.last_day.isoformat(),
                "rows": len(rows) - 1,
            },
        )
    return rows
