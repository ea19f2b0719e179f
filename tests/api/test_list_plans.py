"""Which list pages run prepared, and that the plan PostgreSQL keeps for one fits every value."""

import re
from base64 import b64encode
from typing import Any
from urllib import parse

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import make_customer
from tickets.models import Status, Ticket
from workspace.ticket_list import fast_list_params, page_statement

pytestmark = pytest.mark.django_db


def _page(user: Any, query: str) -> Any:
    page = fast_list_params(RequestFactory().get(f"/api/tickets/?{query}"), user)
    assert page is not None, query
    return page


def _where(page: Any) -> str:
    return f" WHERE {' AND '.join(page.where)}" if page.where else ""


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page_size=20",
        "cursor=cD0xMDA%3D",
        "status=on_hold",
        "status=open&status=new&priority=urgent",
        "channel=email&category=kyc&tier=2",
        "customer=7",
        "queue=unassigned",
        "queue=vip",
        "queue=all&assignee=none",
    ],
)
def test_pages_whose_best_plan_is_the_same_for_any_value_run_prepared(agent, query):
    assert not _page(agent, query).planned


@pytest.mark.parametrize("query", ["team=3", "assignee=me", "assignee=12", "queue=mine", "queue=team"])
def test_pages_of_a_team_or_an_agent_are_planned_with_their_values(agent, query):
    assert _page(agent, query).planned


def test_a_partner_agents_pages_are_planned_with_their_values(partner):
    assert _page(partner, "").planned


def test_filter_values_are_written_in_from_the_choices_alone(agent):
    page = _page(agent, "status=open&status=new&priority=high&tier=1")
    where = _where(page)
    statement, params = page_statement(page, where)
    assert "t.\"status\" IN ('new', 'open')" in statement and 't."priority" = 3' in where
    assert 't."tier" = 1' in where
    assert params == [settings.HELPDESK_TICKET_PREFIX]
    # Anything not among the choices goes DRF's way, never into the statement.
    for hostile in ("status=open'--", "channel=email%27%20OR%201=1", "priority=0", "tier=9", "category=KYC"):
        assert fast_list_params(RequestFactory().get(f"/api/tickets/?{hostile}"), agent) is None, hostile


def test_the_same_values_in_any_order_make_one_statement(agent):
    one = _where(_page(agent, "status=new&status=open"))
    assert one == _where(_page(agent, "status=open&status=new&status=open"))


def test_the_page_size_is_written_into_the_statement_and_nothing_else_of_the_request(agent):
    page = _page(agent, "page_size=17&customer=5&cursor=cD0xMDA%3D")
    statement, params = page_statement(page, _where(page))
    assert "LIMIT 18)" in statement and "LIMIT 17) s" in statement
    assert params[:2] == [5, 100]


def test_prepared_pages_are_prepared_on_the_connection_and_planned_ones_are_not(api_client, agent):
    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    before = prepared()
    # A page size of its own: the connection outlives the test and may hold other pages' statements.
    assert api_client.get("/api/tickets/?status=on_hold&page_size=37").status_code == 200
    new = prepared() - before
    assert len(new) == 1 and "'on_hold'" in new.pop()
    assert api_client.get("/api/tickets/?team=1&page_size=37").status_code == 200
    assert not [s for s in prepared() - before if '"team_id" =' in s]


# --- The plan kept for a prepared page, on a table whose statuses are skewed ---------------------------


@pytest.fixture
def skewed_tickets(db: None) -> Any:
    """4,000 tickets: nearly all closed, a few dozen on hold among the oldest, then ANALYZE."""
    customer = make_customer()
    now = timezone.now()
    rows = [
        Ticket(
            subject=f"case {n}",
            customer=customer,
            status=Status.ON_HOLD if n < 60 else Status.CLOSED,
            created_at=now,
            updated_at=now,
        )
        for n in range(4000)
    ]
    Ticket.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Ticket._meta.db_table}")
    return customer


def _kept_plan(agent: Any, query: str) -> str:
    """The generic plan (the one PostgreSQL keeps for a prepared statement) of the page's statement,
    run: EXPLAIN ANALYZE of it prepared under plan_cache_mode force_generic_plan."""
    page = _page(agent, query)
    statement, params = page_statement(page, _where(page))
    numbers = iter(range(1, len(params) + 1))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("PREPARE kept AS " + re.sub("%s", lambda _m: f"${next(numbers)}", statement))
        literals = ", ".join(str(p) if isinstance(p, int) else f"'{p}'" for p in params)
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE kept({literals})")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE kept")
    # The page's rows: the plan of the CTE that reads them.
    return plan.split("CTE q", 1)[1].split("InitPlan", 1)[0]


def test_the_kept_plan_for_a_rare_status_reads_its_index_not_the_whole_table(skewed_tickets, agent):
    plan = _kept_plan(agent, "status=on_hold")
    # One of the indexes led by the status (the solved one, or the status's own) finds its 60 rows.
    assert "Index Cond: ((status)::text = 'on_hold'::text)" in plan, plan
    assert "tickets_ticket_pkey" not in plan and "Rows Removed by Filter" not in plan, plan


def test_the_kept_plan_for_the_first_page_and_a_common_status_reads_only_the_page(skewed_tickets, agent):
    for query in ("", "status=closed", f"customer={skewed_tickets.pk}"):
        plan = _kept_plan(agent, query)
        assert "Seq Scan" not in plan and "Sort" not in plan, (query, plan)
        removed = [int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan)]
        assert sum(removed) < 100, (query, plan)


@pytest.fixture
def newest_not_open(db: None) -> list[int]:
    """21,000 tickets: the oldest 20,000 a quarter open, the others closed, pending, on hold or solved,
    statuses mixed along the table; then 1,000 new ones, none open (a burst of new cases at the head
    of the table); ANALYZE. The open cases' ids, newest first."""
    now = timezone.now()
    first = Ticket.objects.create(subject="case", customer=make_customer(), created_at=now, updated_at=now)
    names = [f.column for f in Ticket._meta.concrete_fields if f.column not in (None, "id", "status")]
    columns = ", ".join(connection.ops.quote_name(str(name)) for name in names)
    with connection.cursor() as cursor:
        # Copies of the first ticket but for their status, in one statement.
        cursor.execute(
            f"INSERT INTO {Ticket._meta.db_table} ({columns}, status)"  # noqa: S608
            f" SELECT {columns}, CASE WHEN n > 20000 THEN 'new' WHEN n %% 4 = 1 THEN 'open'"
            " ELSE (ARRAY['closed', 'pending', 'on_hold', 'solved'])[n %% 7 %% 4 + 1] END"
            f" FROM {Ticket._meta.db_table}, generate_series(1, 21000) n WHERE id = %s",
            [first.pk],
        )
        cursor.execute(f"ANALYZE {Ticket._meta.db_table}")
    return list(Ticket.objects.filter(status=Status.OPEN).order_by("-id").values_list("id", flat=True))


def _rows_read(plan: str) -> int:
    """Rows the page's scans returned or filtered out."""
    returned = re.findall(r"Scan[^\n]*actual rows=(\d+)", plan)
    removed = re.findall(r"Rows Removed by Filter: (\d+)", plan)
    return sum(int(n) for n in returned + removed)


def test_the_kept_plan_for_open_cases_stops_at_the_page_when_the_newest_cases_are_not_open(
    newest_not_open, agent
):
    next_page = b64encode(f"p={newest_not_open[50]}".encode()).decode()
    for query in ("status=open", f"status=open&cursor={parse.quote(next_page)}"):
        plan = _kept_plan(agent, query)
        # Along the primary key from the newest case it would pass 1,000 new ones before the first open:
        # without ticket_open_idx PostgreSQL takes that path, judging ticket_status_idx's scattered
        # table reads dearer.
        assert "Rows Removed by Filter" not in plan and "Sort" not in plan, (query, plan)
        assert _rows_read(plan) <= 51, (query, plan)
