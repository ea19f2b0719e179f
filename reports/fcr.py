"""First-contact resolution (FCR): the share of solved cases resolved in one agent interaction (or by
tier 0 alone) that the customer did not come back about within 7 days. The definition, with every edge,
is in docs/metrics.md; this module is that definition as one SQL statement per `compute`.

The building blocks (which replies are a person's, what "the same topic" is, what "came back" is, how a
breakdown and a scope's filters map onto the ticket row) are shared with reports/tier0_effect.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import (
    Value as V,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assistant.models import Assessment
from reports.metrics import (
    Breakdown,
    Scope,
    Unit,
    Value,
    register,
    ticket_filters_q,
    ticket_key,
)
from tickets.models import EntryKind, Status, Ticket, TimelineEntry

# How long a customer has to come back before a case's first contact counts as its last.
COME_BACK_WINDOW = dt.timedelta(days=7)

# The system identities that write public replies on timelines: tier 0 ("Assistant"), incident notices
# ("Status updates"), approval and security notices. Their replies are nobody's interaction with the
# customer. Named rather than "inactive users", which would also take in an agent who has left.
SYSTEM_AUTHORS = ("assistant", "status-updates", "account-security", "security-notice")

ALL_BREAKDOWNS: tuple[Breakdown, ...] = tuple(Breakdown)


# --- Breakdowns and filters on the ticket row ------------------------------------------------------


def dimension(breakdown: Breakdown) -> Combinable | None:
    """The ticket expression a breakdown groups by (None: one row); one definition for every metric."""
    expression: Combinable | None = ticket_key(breakdown)
    return expression


def filters_q(filters: dict[str, object]) -> Q:
    """A Q on the ticket row for a scope's filters (reports.metrics.ticket_filters_q)."""
    return ticket_filters_q(filters)


def scoped_tickets(scope: Scope) -> QuerySet[Ticket]:
    return Ticket.objects.filter(scope.created_q() & filters_q(scope.filters)).order_by()


def grouped(tickets: QuerySet[Ticket], breakdown: Breakdown, numerator: Q) -> dict[object, Value]:
    """One statement: per key of the breakdown, the tickets matching `numerator` over all `tickets`
    (the denominator is whatever the queryset keeps). Keys with no ticket have no row."""
    counts = {"num": Count("pk", filter=numerator), "den": Count("pk")}
    expression = dimension(breakdown)
    if expression is None:
        row = tickets.aggregate(**counts)
        return {None: Value(numerator=float(row["num"]), denominator=int(row["den"]))}
    rows = tickets.annotate(key=expression).values("key").annotate(**counts).values_list("key", "num", "den")
    return {key: Value(numerator=float(num), denominator=int(den)) for key, num, den in rows.order_by()}


def grouped_daily(
    tickets: QuerySet[Ticket], breakdown: Breakdown, numerator: Q
) -> dict[tuple[dt.date, object], Value]:
    """`grouped`, split further by the UTC day each case was opened: {(day, key): value}."""
    day = dimension(Breakdown.DAY)
    expression = dimension(breakdown) or V(None, output_field=CharField())
    rows = (
        tickets.annotate(day=day, key=expression)
        .values("day", "key")
        .annotate(num=Count("pk", filter=numerator), den=Count("pk"))
        .values_list("day", "key", "num", "den")
        .order_by()
    )
    return {(d, key): Value(numerator=float(num), denominator=int(den)) for d, key, num, den in rows}


def grouped_daily_sets(
    tickets: QuerySet[Ticket],
    numerator: Q,
    breakdowns: Sequence[Breakdown],
    windows: Sequence[tuple[dt.datetime, dt.datetime]],
) -> dict[tuple[bool, Breakdown, dt.date, object], Value]:
    """`grouped_daily` for every breakdown at once and split by the volatility windows, in one
    statement: each case's keys, side and whether it counts are read once (its timeline walked once),
    then grouped by GROUPING SETS ((side, day), (side, day, team), ...). PostgreSQL only.
    {(inside, breakdown, day, key): value}."""
    plain: list[Breakdown] = [b for b in breakdowns if b is not Breakdown.NONE]
    inside_q = Q(pk__in=[])
    for start, end in windows:
        inside_q |= Q(created_at__gte=start, created_at__lt=end)
    columns: dict[str, Any] = {
        "r_inside": Case(When(inside_q, then=V(True)), default=V(False), output_field=BooleanField())
        if windows
        else V(False, output_field=BooleanField()),
        "r_day": dimension(Breakdown.DAY),
        "r_hit": Case(When(numerator, then=V(1)), default=V(0), output_field=IntegerField()),
    }
    for n, breakdown in enumerate(plain):
        columns[f"r_{n}"] = dimension(breakdown)
    inner, params = tickets.annotate(**columns).values(*columns).query.sql_with_params()
    keys = [f"s.r_{n}" for n in range(len(plain))]
    sets = ["(s.r_inside, s.r_day)"] + [f"(s.r_inside, s.r_day, {key})" for key in keys]
    grouping = f"GROUPING({', '.join(keys)})" if keys else "0"
    # Only the ORM's own SQL and fixed column names are joined here; the values are parameters.
    sql = (
        f"SELECT s.r_inside, s.r_day, {grouping}, {''.join(key + ', ' for key in keys)}"  # noqa: S608
        f"sum(s.r_hit), count(*) FROM ({inner}) s GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    # GROUPING() sets a bit per key left out of the row's set, the first key the highest.
    everything = (1 << len(plain)) - 1
    which = {everything: (Breakdown.NONE, -1)}
    for n, breakdown in enumerate(plain):
        which[everything - (1 << (len(plain) - 1 - n))] = (breakdown, n)
    values: dict[tuple[bool, Breakdown, dt.date, object], Value] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for inside, day, bits, *rest in cursor.fetchall():
            breakdown, n = which[bits]
            num, den = rest[-2:]
            key = None if n < 0 else rest[n]
            values[(bool(inside), breakdown, day, key)] = Value(numerator=float(num), denominator=int(den))
    return values


class CountedMetric:
    """A metric that counts cases: `counted` gives the cases of its denominator and the condition of its
    numerator; `compute` splits them by a breakdown, `compute_daily` also by day (for a daily rollup,
    which can sum the days of a period because every value is a count of cases)."""

    def counted(self, scope: Scope) -> tuple[QuerySet[Ticket], Q]:
        raise NotImplementedError

    def compute(self, scope: Scope, breakdown: Breakdown) -> dict[object, Value]:
        tickets, numerator = self.counted(scope)
        return grouped(tickets, breakdown, numerator)

    def compute_daily(self, scope: Scope, breakdown: Breakdown) -> dict[tuple[dt.date, object], Value]:
        tickets, numerator = self.counted(scope)
        return grouped_daily(tickets, breakdown, numerator)

    def compute_daily_sets(
        self,
        scope: Scope,
        breakdowns: Sequence[Breakdown],
        windows: Sequence[tuple[dt.datetime, dt.datetime]],
    ) -> dict[tuple[bool, Breakdown, dt.date, object], Value]:
        """Every breakdown of `scope`'s days, inside and outside `windows`, in one statement."""
        tickets, numerator = self.counted(scope)
        return grouped_daily_sets(tickets, numerator, breakdowns, windows)


# --- Timeline facts ------------------------------------------------------------------------------


def system_authors() -> QuerySet[User, int]:
    return User.objects.filter(username__in=SYSTEM_AUTHORS).values_list("pk", flat=True)


def human_replies() -> QuerySet[TimelineEntry]:
    """Public replies on the outer ticket by a person: an agent in the helpdesk, or a reply a person
    sent from the support mailbox's own client (recorded with no author)."""
    return TimelineEntry.objects.filter(ticket=OuterRef("pk"), kind=EntryKind.AGENT_REPLY).exclude(
        author__in=system_authors()
    )


def first_solved_at() -> Case:
    """When the outer ticket was first solved. A reopen clears `solved_at`, so for a reopened case the
    row knows only its last solve and the first is read off its first "solved" status event (or, with no
    such event, `solved_at`); a case never reopened was solved once, at `solved_at`, and costs no
    look-up."""
    solves = TimelineEntry.objects.filter(
        ticket=OuterRef("pk"),
        kind=EntryKind.SYSTEM_EVENT,
        data__event="status_changed",
        data__to=Status.SOLVED,
    ).order_by("created_at", "id")
    return Case(
        When(reopen_count=0, then=F("solved_at")),
        default=Coalesce(Subquery(solves.values("created_at")[:1]), F("solved_at")),
        output_field=DateTimeField(),
    )


def interactions_before(anchor: str) -> Coalesce:
    """A person's interactions with the customer on the outer ticket up to `anchor` (an annotation):
    each reply outside a live chat is one, and all replies inside the chat session are one together."""
    counted = (
        human_replies()
        .filter(created_at__lte=OuterRef(anchor))
        .values("ticket")
        .annotate(
            n=Count("pk", filter=Q(seq__isnull=True))
            + Max(Case(When(seq__isnull=False, then=V(1)), default=V(0), output_field=IntegerField()))
        )
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), V(0))


def window_end(anchor: str) -> ExpressionWrapper:
    return ExpressionWrapper(OuterRef(anchor) + COME_BACK_WINDOW, output_field=DateTimeField())


def reopened_within(anchor: str) -> Case:
    """The outer ticket was reopened in the 7 days after `anchor` (only a case with a reopen is looked
    up)."""
    reopens = TimelineEntry.objects.filter(
        ticket=OuterRef("pk"),
        kind=EntryKind.SYSTEM_EVENT,
        data__event="reopened",
        created_at__gt=OuterRef(anchor),
        created_at__lte=window_end(anchor),
    )
    return Case(When(reopen_count=0, then=V(False)), default=Exists(reopens), output_field=BooleanField())


def first_intent() -> Subquery:
    """The tier-0 intent of the outer ticket's first message (an agent's correction wins), or NULL."""
    first = Assessment.objects.filter(ticket=OuterRef("pk"), first=True).order_by("id")
    final = Coalesce(NullIf(F("corrected_intent"), V("")), NullIf(F("intent"), V("")))
    return Subquery(first.annotate(final=final).values("final")[:1], output_field=CharField())


def new_case_same_topic_within(anchor: str) -> Exists:
    """The same customer opened another case on the same topic in the 7 days after `anchor`. Same topic:
    the same category, or the same tier-0 intent read off both cases' first messages. The outer query
    must carry a `first_intent` annotation."""
    same_intent = Assessment.objects.filter(ticket=OuterRef("pk"), first=True).filter(
        Q(corrected_intent=OuterRef(OuterRef("first_intent")))
        | Q(corrected_intent="", intent=OuterRef(OuterRef("first_intent")))
    )
    return Exists(
        Ticket.objects.filter(
            customer=OuterRef("customer"),
            created_at__gt=OuterRef(anchor),
            created_at__lte=window_end(anchor),
        )
        # A later case: also what lets the planner walk the customer's cases by (customer, id) rather
        # than intersect them with every case opened that week.
        .filter(pk__gt=OuterRef("pk"))
        .filter(Q(category=OuterRef("category")) | Q(Exists(same_intent)))
    )


def known_before() -> dt.datetime:
    """Anything that happened before this moment has had its 7 days: whether the customer came back
    about it is known."""
    return timezone.now() - COME_BACK_WINDOW


# --- The metric ----------------------------------------------------------------------------------


class FirstContactResolution(CountedMetric):
    key = "fcr"
    label: str = _("First-contact resolution")  # type: ignore[assignment]
    unit = Unit.PERCENT
    higher_is_better = True
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def counted(self, scope: Scope) -> tuple[QuerySet[Ticket], Q]:
        """Cases resolved at first contact, of the solved cases whose outcome is known."""
        tickets = scoped_tickets(scope).alias(first_solved=first_solved_at(), first_intent=first_intent())
        tickets = tickets.alias(
            interactions=interactions_before("first_solved"),
            reopened=reopened_within("first_solved"),
            came_back=new_case_same_topic_within("first_solved"),
        )
        # Solved at least once, 7 days ago or more (NULL, never solved, compares false).
        tickets = tickets.filter(Q(first_solved__lte=known_before()))
        # In this order, cheapest first: PostgreSQL stops at the first condition that fails.
        return tickets, Q(reopened=False) & Q(interactions__lte=1) & Q(came_back=False)


FCR = FirstContactResolution()
register(FCR)
