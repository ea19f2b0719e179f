"""The costs metrics every report shows (reports/metrics.py): handle time per resolved case, cost per
resolution and cost per contact. Definitions in docs/costs.md. Imported from CostsConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from django.utils.translation import gettext_lazy as _

from costs.handletime import work
from reports.metrics import Breakdown, Scope, Unit, Value, register

ALL_BREAKDOWNS = tuple(Breakdown)


class HandleTime:
    """Handle time per resolved case: the handle seconds of the cases created in scope and now
    solved or closed, over their number (cases nobody worked on count, with no time)."""

    key: str = "handle_time"
    # Lazy: translated when the page shows it.
    label: str = cast(str, _("Handle time per resolved case"))
    unit: Unit = Unit.SECONDS
    higher_is_better: bool = False
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
        found = work(scope, breakdown, resolved=True, priced=False)
        return {k: Value(found.seconds.get(k, 0.0), n) for k, n in found.cases.items()}

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]:
        """`compute` per (UTC day opened, key), for the reports' daily rollup: the days sum to it."""
        found = work(scope, breakdown, resolved=True, priced=False, daily=True)
        return {k: Value(found.seconds.get(k, 0.0), n) for k, n in found.cases.items()}


class CostPerResolution:
    """The cost of all handle time on the cases created in scope and now solved or closed, over
    their number."""

    key: str = "cost_per_resolution"
    # Lazy: translated when the page shows it.
    label: str = cast(str, _("Cost per resolution"))
    unit: Unit = Unit.MONEY
    higher_is_better: bool = False
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
        found = work(scope, breakdown, resolved=True, priced=True)
        return {k: Value(float(found.cost.get(k, 0)), n) for k, n in found.cases.items()}

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]:
        """`compute` per (UTC day opened, key), for the reports' daily rollup: the days sum to it."""
        found = work(scope, breakdown, resolved=True, priced=True, daily=True)
        return {k: Value(float(found.cost.get(k, 0)), n) for k, n in found.cases.items()}


class CostPerContact:
    """A contact is a case (a chat, an email, a call, a form: one ticket): the cost of all handle
    time so far on the cases created in scope, solved or not, over their number."""

    key: str = "cost_per_contact"
    # Lazy: translated when the page shows it.
    label: str = cast(str, _("Cost per contact"))
    unit: Unit = Unit.MONEY
    higher_is_better: bool = False
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
        found = work(scope, breakdown, resolved=False, priced=True)
        return {k: Value(float(found.cost.get(k, 0)), n) for k, n in found.cases.items()}

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]:
        """`compute` per (UTC day opened, key), for the reports' daily rollup: the days sum to it."""
        found = work(scope, breakdown, resolved=False, priced=True, daily=True)
        return {k: Value(float(found.cost.get(k, 0)), n) for k, n in found.cases.items()}


HANDLE_TIME = register(HandleTime())
COST_PER_RESOLUTION = register(CostPerResolution())
COST_PER_CONTACT = register(CostPerContact())
