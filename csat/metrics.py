"""CSAT in the reports: the average score, the share of satisfied answers, and the response rate.

Each is one SQL aggregate over the surveys of the tickets in the scope (tickets created in the period,
`Scope.created_q("ticket__")`), grouped by the breakdown: one statement per call, whatever the number
of tickets. A value is a numerator over a denominator, so rows and periods add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, Sum, When
from django.db.models import Value as V
from django.db.models.functions import TruncDate, TruncWeek
from django.utils.translation import gettext_lazy as _

from csat.models import Survey
from reports.metrics import Breakdown, Scope, Unit, Value, register

BREAKDOWNS: tuple[Breakdown, ...] = tuple(Breakdown)

_FIELDS: dict[Breakdown, str] = {
    Breakdown.TEAM: "ticket__team_id",
    Breakdown.AGENT: "ticket__assignee_id",
    Breakdown.CHANNEL: "ticket__channel",
    Breakdown.LANGUAGE: "ticket__language",
    Breakdown.TIER: "ticket__tier",
}


def _sourcing() -> Case:
    return Case(When(ticket__team__is_outsourced=True, then=V("partner")), default=V("inhouse"))


def _key(breakdown: Breakdown) -> Any:
    if breakdown in _FIELDS:
        return F(_FIELDS[breakdown])
    if breakdown is Breakdown.SOURCING:
        return _sourcing()
    if breakdown is Breakdown.DAY:
        return TruncDate("ticket__created_at", tzinfo=dt.UTC)
    if breakdown is Breakdown.WEEK:
        return TruncWeek("ticket__created_at", tzinfo=dt.UTC)
    return V(None, output_field=CharField())


def _filters(scope: Scope) -> Q:
    q = Q()
    for name, value in scope.filters.items():
        breakdown = Breakdown(name)
        if breakdown in _FIELDS:
            q &= Q(**{_FIELDS[breakdown]: value})
        elif breakdown is Breakdown.SOURCING:
            q &= Q(ticket__team__is_outsourced=(value == "partner"))
    return q


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
