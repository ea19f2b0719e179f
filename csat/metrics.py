"""CSAT in the reports: the average score, the share of satisfied answers, and the response rate.

Each is one SQL aggregate over the surveys of the tickets in the scope (tickets created in the period,
`Scope.created_q("ticket__")`), grouped by the breakdown: one statement per call, whatever the number
of tickets. A value is a numerator over a denominator, so rows and periods add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import CharField, Count, Q, Sum
from django.db.models import Value as V
from django.utils.translation import gettext_lazy as _

from csat.models import Survey
from reports.metrics import Breakdown, Scope, Unit, Value, register, ticket_filters_q, ticket_key

BREAKDOWNS: tuple[Breakdown, ...] = tuple(Breakdown)


def _key(breakdown: Breakdown) -> Any:
    key = ticket_key(breakdown, "ticket__")
    return V(None, output_field=CharField()) if key is None else key


def _filters(scope: Scope) -> Q:
    return ticket_filters_q(scope.filters, "ticket__")


def _normal(key: object) -> object:
    # A week is keyed by the date it starts on, as a day is.
    return key.date() if isinstance(key, dt.datetime) else key


@dataclass
class SurveyMetric:
    key: str
    label: Any
    unit: Unit
    higher_is_better: bool
    numerator: Any
    denominator: Any
    base: Q
    breakdowns: Sequence[Breakdown] = BREAKDOWNS

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
        rows = (
            Survey.objects.filter(scope.created_q("ticket__"), _filters(scope), self.base)
            .annotate(bucket=_key(breakdown))
            .values("bucket")
            .annotate(n=self.numerator, d=self.denominator)
            .order_by()
        )
        result: dict[object, Value] = {}
        for row in rows:
            if not row["d"]:
                continue  # an unsplit aggregate over no rows still answers one row
            key = _normal(row["bucket"])
            value = result.setdefault(key, Value())
            value.add(Value(numerator=float(row["n"] or 0), denominator=int(row["d"] or 0)))
        return result

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]:
        """`compute`, split further by the UTC day each case was opened (for the reports' daily rollup,
        reports/metric_rollup.py): one statement; the days' values sum to `compute`'s."""
        rows = (
            Survey.objects.filter(scope.created_q("ticket__"), _filters(scope), self.base)
            .annotate(day=ticket_key(Breakdown.DAY, "ticket__"), bucket=_key(breakdown))
            .values("day", "bucket")
            .annotate(n=self.numerator, d=self.denominator)
            .order_by()
        )
        result: dict[tuple[dt.date, object], Value] = {}
        for row in rows:
            if not row["d"]:
                continue
            day = cast(dt.date, _normal(row["day"]))
            value = result.setdefault((day, _normal(row["bucket"])), Value())
            value.add(Value(numerator=float(row["n"] or 0), denominator=int(row["d"] or 0)))
        return result


ANSWERED = Q(score__isnull=False)

CSAT = register(
    SurveyMetric(
        key="csat",
        label=_("CSAT (average score, 1-5)"),
        unit=Unit.SCORE,
        higher_is_better=True,
        numerator=Sum("score"),
        denominator=Count("pk"),
        base=ANSWERED,
    )
)
CSAT_SATISFIED = register(
    SurveyMetric(
        key="csat_satisfied",
        label=_("Satisfied customers (score 4 or 5)"),
        unit=Unit.PERCENT,
        higher_is_better=True,
        numerator=Count("pk", filter=Q(score__gte=4)),
        denominator=Count("pk"),
        base=ANSWERED,
    )
)
CSAT_RESPONSE_RATE = register(
    SurveyMetric(
        key="csat_response_rate",
        label=_("Survey response rate"),
        unit=Unit.PERCENT,
        higher_is_better=True,
        numerator=Count("pk", filter=ANSWERED),
        denominator=Count("pk"),
        base=Q(sent_at__isnull=False),
    )
)
