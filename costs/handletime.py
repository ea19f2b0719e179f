"""Handle time and its cost over a set of cases, in SQL aggregates (docs/costs.md).

Handle time of a case = the sum over agents of the union of that agent's work spans on it. The union
is taken in SQL with a window: spans of one agent on one case in start order, each adding only what
the spans before it did not cover, `max(0, end - max(start, furthest end so far))`. Each span's
addition is dated by its start (UTC), which is the day whose hourly cost prices it.

Costs are priced in Python from a few rows per (key, agent, case team, day): an agent's own rate
on that day, else the rate of the case's team when the agent is one of its members, else the rate of
the agent's first team that has one on that day. Work nobody has a rate for costs nothing and is
counted apart (`uncosted_seconds`), so the configuration page can say so.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, TruncDate, TruncWeek

from costs.models import CostRate, WorkSpan
from reports.metrics import Breakdown, Scope, ticket_filters_q
from routing.models import TeamMembership
from tickets.models import Status, Ticket

RESOLVED = (Status.SOLVED, Status.CLOSED)


def _key_expression(breakdown: Breakdown) -> Any:
    if breakdown is Breakdown.TEAM:
        return F("team_id")
    if breakdown is Breakdown.CHANNEL:
        return F("channel")
    if breakdown is Breakdown.LANGUAGE:
        return F("language")
    if breakdown is Breakdown.TIER:
        return F("tier")
    if breakdown is Breakdown.SOURCING:
        return Case(
            When(team__is_outsourced=True, then=Value("partner")),
            default=Value("inhouse"),
            output_field=CharField(),
        )
    if breakdown is Breakdown.DAY:
        return TruncDate("created_at", tzinfo=dt.UTC)
    if breakdown is Breakdown.WEEK:
        return Cast(TruncWeek("created_at", tzinfo=dt.UTC), output_field=CharField())
    return Value(0, output_field=IntegerField())  # NONE and AGENT (keyed by the span's agent)


def scoped_cases(scope: Scope, *, resolved: bool) -> QuerySet[Ticket]:
    """The cases created in the scope (and its volatility side), resolved ones only if asked. Filters
    mean what they mean for every metric (reports.metrics.ticket_filters_q), except the agent: here the
    agent who worked on the case, not its assignee."""
    plain = {name: value for name, value in scope.filters.items() if name != Breakdown.AGENT.value}
    qs = Ticket.objects.filter(scope.created_q(), ticket_filters_q(plain))
    if resolved:
        qs = qs.filter(status__in=RESOLVED)
    if Breakdown.AGENT.value in scope.filters:
        agent = cast(int, scope.filters[Breakdown.AGENT.value])
        qs = qs.filter(pk__in=WorkSpan.objects.filter(agent_id=agent).values("ticket_id"))
    return qs


def _normal_key(breakdown: Breakdown, key: Any) -> Any:
    if breakdown is Breakdown.NONE:
        return None
    if breakdown is Breakdown.DAY and isinstance(key, str):
        return dt.date.fromisoformat(key[:10])
    if breakdown is Breakdown.WEEK and key is not None:
        return dt.date.fromisoformat(str(key)[:10])
    return key


def _vendor_sql() -> tuple[str, str]:
    """(seconds a span adds, its UTC day) for this database."""
    if connection.vendor == "postgresql":
        return (
            "GREATEST(0, EXTRACT(EPOCH FROM (sp.ended_at - GREATEST(sp.started_at, "
            "COALESCE(sp.covered, sp.started_at)))))",
            "CAST((sp.started_at AT TIME ZONE 'UTC') AS date)",
        )
    return (
        # julianday() is a double of days: rounded to the millisecond it is exact again.
        "MAX(0, ROUND((julianday(sp.ended_at) - julianday(MAX(sp.started_at, "
        "COALESCE(sp.covered, sp.started_at)))) * 86400.0, 3))",
        "date(sp.started_at)",
    )


@dataclass
class Work:
    """Handle time of the cases in scope, per key: seconds, cost and the cases counted."""

    seconds: dict[Any, float] = field(default_factory=lambda: defaultdict(float))
    cost: dict[Any, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    cases: dict[Any, int] = field(default_factory=lambda: defaultdict(int))
    uncosted_seconds: float = 0.0


def work(scope: Scope, breakdown: Breakdown, *, resolved: bool, priced: bool, daily: bool = False) -> Work:
    """Handle time (and, if `priced`, its cost) of the scope's cases per key of `breakdown`; with
    `daily`, per (UTC day the case was opened, key), for the reports' daily rollup.

    Statements: one for the spans, one for the case counts, and when priced one for the rates and one
    for the agents' teams; whatever the number of cases.
    """
    opened = TruncDate("created_at", tzinfo=dt.UTC) if daily else Value(None, output_field=CharField())
    cases = scoped_cases(scope, resolved=resolved).annotate(k=_key_expression(breakdown), opened=opened)
    cases_sql, cases_params = cases.values("id", "k", "team_id", "opened").query.sql_with_params()
    agent_filter = scope.filters.get("agent")
    seconds_sql, day_sql = _vendor_sql()
    table = WorkSpan._meta.db_table
    by_agent = breakdown is Breakdown.AGENT
    span_where = "s.ticket_id IN (SELECT id FROM scoped)"
    params: list[Any] = [*cases_params]
    if agent_filter is not None:
        span_where += " AND s.agent_id = %s"
        params.append(agent_filter)
    # Only the ORM's own SQL and names go into the text; every value is a parameter.
    sql = f"""
        WITH scoped AS ({cases_sql}),
        spans AS (
            SELECT s.ticket_id, s.agent_id, s.started_at, s.ended_at,
                   MAX(s.ended_at) OVER (
                       PARTITION BY s.ticket_id, s.agent_id ORDER BY s.started_at, s.ended_at, s.id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ) AS covered
            FROM {table} s WHERE {span_where}
        )
        SELECT sc.k, sp.agent_id, sc.team_id, {day_sql} AS day, sc.opened, SUM({seconds_sql}) AS seconds
        FROM spans sp JOIN scoped sc ON sc.id = sp.ticket_id
        GROUP BY sc.k, sp.agent_id, sc.team_id, {day_sql}, sc.opened
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    result = Work()
    counted: Any
    if by_agent:
        spans = WorkSpan.objects.filter(ticket_id__in=cases.values("id"))
        if agent_filter is not None:
            spans = spans.filter(agent_id=cast(int, agent_filter))
        spans = spans.annotate(opened=TruncDate("ticket__created_at", tzinfo=dt.UTC) if daily else opened)
        counted = (
            spans.order_by().values_list("opened", "agent_id").annotate(n=Count("ticket_id", distinct=True))
        )
    else:
        counted = cases.order_by().values_list("opened", "k").annotate(n=Count("id"))
    for day_opened, key, n in counted:
        result.cases[_result_key(breakdown, key, day_opened, daily)] = n

    prices = Prices.load(agent_ids={row[1] for row in rows}) if priced and rows else None
    for key, agent_id, team_id, day, day_opened, seconds in rows:
        k = _result_key(breakdown, agent_id if by_agent else key, day_opened, daily)
        secs = float(seconds or 0)
        result.seconds[k] += secs
        if prices is not None:
            day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
            rate = prices.rate(agent_id=agent_id, team_id=team_id, day=day)
            if rate is None:
                result.uncosted_seconds += secs
            else:
                result.cost[k] += rate * Decimal(str(secs)) / Decimal(3600)
    return result


def _result_key(breakdown: Breakdown, key: Any, opened: Any, daily: bool) -> Any:
    if not daily:
        return _normal_key(breakdown, key)
    day = opened if isinstance(opened, dt.date) else dt.date.fromisoformat(str(opened)[:10])
    return (day, _normal_key(breakdown, key))


class Prices:
    """Hourly costs by team and by agent, each a history of (from date, cost), and agents' teams."""

    def __init__(
        self,
        teams: dict[int, list[tuple[dt.date, Decimal]]],
        agents: dict[int, list[tuple[dt.date, Decimal]]],
        memberships: dict[int, list[int]],
    ) -> None:
        self.teams = teams
        self.agents = agents
        self.memberships = memberships

    @classmethod
    def load(cls, *, agent_ids: set[int]) -> Prices:
        teams: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        agents: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        rates = CostRate.objects.filter(Q(team__isnull=False) | Q(agent_id__in=agent_ids)).order_by(
            "effective_from"
        )
        for team_id, agent_id, since, cost in rates.values_list(
            "team_id", "agent_id", "effective_from", "hourly_cost"
        ):
            (agents[agent_id] if agent_id else teams[team_id]).append((since, cost))
        memberships: dict[int, list[int]] = defaultdict(list)
        for user_id, team_id in (
            TeamMembership.objects.filter(user_id__in=agent_ids)
            .order_by("team_id")
            .values_list("user_id", "team_id")
        ):
            memberships[user_id].append(team_id)
        return cls(teams, agents, memberships)

    @staticmethod
    def _at(history: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal | None:
        i = bisect.bisect_right([since for since, _ in history], day)
        return history[i - 1][1] if i else None

    def rate(self, *, agent_id: int, team_id: int | None, day: dt.date) -> Decimal | None:
        own = self._at(self.agents.get(agent_id, []), day)
        if own is not None:
            return own
        teams = self.memberships.get(agent_id, [])
        if team_id in teams:
            teams = [team_id, *[t for t in teams if t != team_id]]
        for team in teams:
            found = self._at(self.teams.get(team, []), day)
            if found is not None:
                return found
        return None
