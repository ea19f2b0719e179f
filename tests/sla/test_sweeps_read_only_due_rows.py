"""The sweeps and the "breaching soon" queue reach due clocks through partial indexes, not a scan."""

import pytest
from django.db import connection
from django.utils import timezone

from sla.models import TicketClock
from tests.factories import make_customer
from tickets.models import Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
OPEN_TICKETS = 20_000
DUE = 200


@pytest.fixture
def many_open_clocks() -> None:
    customer = make_customer()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, customer_id,
                language, reopen_count, skill, vip_rank, routing, created_at, updated_at)
            SELECT 'case ' || g, 'open', 2, 'other', 'email', 1, %s, 'en', 0, '', 0, '{}', now(), now()
            FROM generate_series(1, %s) g
            """,
            [customer.pk, OPEN_TICKETS],
        )
        # Every clock runs; 1% are due now, the rest at some point in the coming weeks.
        cur.execute(
            """
            INSERT INTO sla_ticketclock (ticket_id, opened_at, state, consumed_seconds, counted_until,
                next_response_cycle, next_response_met, next_response_missed, updated_at,
                first_response_due_at, attention_at, next_check_at, exec_due_at)
            SELECT t.id, now(), 'running', 0, now(), 0, 0, 0, now(),
                   due, due - interval '10 minutes', due - interval '10 minutes', now() + interval '7 days'
            FROM (SELECT id, CASE WHEN id %% %s = 0 THEN now() - interval '1 minute'
                                  ELSE now() + (1 + id %% 5000) * interval '10 minutes' END AS due
                  FROM tickets_ticket) t
            """,
            [OPEN_TICKETS // DUE],
        )
        cur.execute("ANALYZE tickets_ticket")
        cur.execute("ANALYZE sla_ticketclock")


def _plan(queryset) -> str:
    return str(queryset.explain())


def test_the_warning_and_breach_sweep_reads_due_clocks_through_its_index(many_open_clocks):
    now = timezone.now()
    due = TicketClock.objects.filter(next_check_at__lte=now).order_by("next_check_at")
    assert due.count() == DUE
    plan = _plan(due[:100])
    assert "sla_clock_check_idx" in plan
    assert "Seq Scan" not in plan


def test_the_executive_sweep_reads_due_clocks_through_its_index(many_open_clocks):
    plan = _plan(TicketClock.objects.filter(exec_due_at__lte=timezone.now()).order_by("exec_due_at")[:100])
    assert "sla_clock_exec_idx" in plan
    assert "Seq Scan" not in plan


def test_the_breaching_soon_queue_starts_from_the_attention_index(many_open_clocks):
    breaching = Ticket.objects.filter(sla_clock__attention_at__lte=timezone.now()).unresolved()
    assert breaching.count() == DUE
    assert "sla_clock_attention_idx" in _plan(breaching.order_by())
    # A page newest first may instead walk the keys backwards until it has its rows: still no scan.
    assert "Seq Scan" not in _plan(breaching.order_by("-id")[:50])
