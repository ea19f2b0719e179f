"""SLA attainment per team and per tier, read in one query, and the bar chart that shows it."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from helpdesk.charts import BarSpec, Chart, Layout, bar_chart
from helpdesk.db_router import reporting
from sla.models import TARGETS, Target, TicketClock
from tickets.models import UNRESOLVED, Status, Tier


@dataclass
class Rate:
    met: int = 0
    total: int = 0

    @property
    def percent(self) -> float | None:
        return None if not self.total else 100.0 * self.met / self.total

    def add(self, met: int, total: int) -> None:
        self.met += met
        self.total += total


@dataclass
class Group:
    label: str
    tickets: int = 0
    breached_open: int = 0
    rates: dict[str, Rate] = field(default_factory=lambda: {t.value: Rate() for t in TARGETS})

    @property
    def ordered_rates(self) -> list[Rate]:
        return [self.rates[t] for t in TARGETS]

    @property
    def labelled_rates(self) -> list[tuple[str, Rate]]:
        return [(str(t.label), self.rates[t]) for t in TARGETS]

    @property
    def first_response(self) -> Rate:
        return self.rates[Target.FIRST_RESPONSE]

    @property
    def next_response(self) -> Rate:
        return self.rates[Target.NEXT_RESPONSE]

    @property
    def resolution(self) -> Rate:
        return self.rates[Target.RESOLUTION]


@dataclass
class Report:
    since: dt.datetime
    by_team: list[Group]
    by_tier: list[Group]
    overall: Group


def _breached(target: str) -> Q:
    return Q(**{f"{target}_breached_at__isnull": False})


@reporting()
def sla_attainment(*, since: dt.datetime) -> Report:
    """Targets met among those decided (met in time, or missed) on tickets opened since `since`.

    An open ticket still within its targets is not counted yet; one already late counts as missed.
    """
    solved = Q(ticket__status__in=[Status.SOLVED, Status.CLOSED])
    any_breach = _breached("first_response") | _breached("next_response") | _breached("resolution")
    rows = (
        TicketClock.objects.filter(opened_at__gte=since)
        .values("ticket__team_id", "ticket__team__name", "ticket__tier")
        .annotate(
            tickets=Count("pk"),
            fr_total=Count(
                "pk",
                filter=Q(first_response_target__isnull=False, ticket__first_response_at__isnull=False)
                | _breached("first_response"),
            ),
            fr_missed=Count("pk", filter=_breached("first_response")),
            nr_met=Coalesce(Sum("next_response_met"), 0),
            nr_missed=Coalesce(Sum("next_response_missed"), 0),
            res_total=Count(
                "pk", filter=(Q(resolution_target__isnull=False) & solved) | _breached("resolution")
            ),
            res_missed=Count("pk", filter=_breached("resolution")),
            breached_open=Count("pk", filter=Q(ticket__status__in=UNRESOLVED) & any_breach),
        )
        .order_by()
    )
    teams: dict[int | None, Group] = {}
    tiers: dict[int, Group] = {}
    overall = Group(_("All teams"))
    for row in rows:
        team_label = row["ticket__team__name"] or _("No team")
        tier = row["ticket__tier"]
        groups = (
            teams.setdefault(row["ticket__team_id"], Group(team_label)),
            tiers.setdefault(tier, Group(str(Tier(tier).label) if tier in Tier.values else str(tier))),
            overall,
        )
        for group in groups:
            group.tickets += row["tickets"]
            group.breached_open += row["breached_open"]
            group.first_response.add(row["fr_total"] - row["fr_missed"], row["fr_total"])
            group.next_response.add(row["nr_met"], row["nr_met"] + row["nr_missed"])
            group.resolution.add(row["res_total"] - row["res_missed"], row["res_total"])
    return Report(
        since=since,
        by_team=sorted(teams.values(), key=lambda g: g.label.lower()),
        by_tier=[tiers[t] for t in sorted(tiers)],
        overall=overall,
    )


# --- Chart ----------------------------------------------------------------------------------------

LAYOUT = Layout(label_width=220, bar_space=420, bar_height=13, bar_gap=3, row_gap=16)


def attainment_chart(groups: Iterable[Group]) -> Chart:
    """One row per group, one bar per target, 0-100 %."""
    rows = []
    for group in groups:
        specs = []
        for target in TARGETS:
            rate = group.rates[target]
            percent = rate.percent
            specs.append(
                BarSpec(
                    key=target.value,
                    fraction=None if percent is None else percent / 100,
                    text="—" if percent is None else f"{percent:.0f}%",
                    title=_("%(target)s: %(met)d of %(total)d in time")
                    % {"target": target.label, "met": rate.met, "total": rate.total},
                )
            )
        rows.append((group.label, specs))
    return bar_chart(rows, LAYOUT)
