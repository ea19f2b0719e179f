"""Sweeps run by several workers at once, on real PostgreSQL: each breach is acted on exactly once."""

import datetime as dt
import threading
from collections import Counter

import pytest
import time_machine
from celery._state import _set_task_join_will_block  # type: ignore[attr-defined]  # not in the stubs
from django.db import connection, connections

from routing.models import TeamMembership
from sla.models import NoticeKind, SlaNotification
from sla.services import sla_executive_escalation_sweep, sla_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import make_policy
from tickets.models import Priority, Ticket, TimelineEntry

WORKERS = 6
TICKETS = 60


def _race(work) -> list[int]:
    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def run() -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # Eager tasks (the notices' mail) flag "joining would block" in a process-wide variable and put
    # back what they found; threads finishing out of order can leave it set, and every later
    # `.delay().get()` in the session would then refuse to run.
    _set_task_join_will_block(False)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_sweeps_at_once_breach_each_case_once():
    assert connection.vendor == "postgresql"
    team = make_team()
    alice, lena = make_agent(username="alice"), make_agent(username="lena")
    TeamMembership.objects.create(team=team, user=lena, is_lead=True)
    make_policy(
        first_response_target=dt.timedelta(hours=1), resolution_target=None, breach_raise_priority=True
    )
    opened = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    with time_machine.travel(opened, tick=False):
        tickets = [make_ticket(team=team, assignee=alice, priority=Priority.NORMAL) for _ in range(TICKETS)]

    acted = _race(lambda: sla_sweep(batch=4))

    assert sum(acted) == TICKETS
    assert sorted(acted)[-1] < TICKETS, "one sweep did all the work: the race was not exercised"
    ids = [t.pk for t in tickets]
    breaches = Counter(
        TimelineEntry.objects.filter(ticket_id__in=ids, data__event="sla_breached").values_list(
            "ticket_id", flat=True
        )
    )
    assert breaches == Counter({pk: 1 for pk in ids})
    assert set(Ticket.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {Priority.HIGH}
    notices = Counter(
        SlaNotification.objects.filter(ticket_id__in=ids, kind=NoticeKind.BREACH).values_list(
            "ticket_id", "recipient_id"
        )
    )
    assert set(notices.values()) == {1}
    assert len(notices) == 2 * TICKETS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_executive_sweeps_at_once_escalate_each_case_once():
    general = make_team(name="General", slug="general", tier=1)
    executive = make_team(name="Executive", slug="executive", tier=3)
    erin = make_agent(username="erin")
    TeamMembership.objects.create(team=executive, user=erin, is_lead=True)
    opened = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    with time_machine.travel(opened, tick=False):
        tickets = [make_ticket(team=general) for _ in range(30)]

    assert sum(_race(lambda: sla_executive_escalation_sweep(batch=3))) == 30

    ids = [t.pk for t in tickets]
    escalations = Counter(
        TimelineEntry.objects.filter(ticket_id__in=ids, data__event="executive_escalation").values_list(
            "ticket_id", flat=True
        )
    )
    assert escalations == Counter({pk: 1 for pk in ids})
    assert set(Ticket.objects.filter(pk__in=ids).values_list("team_id", "assignee_id")) == {
        (executive.pk, erin.pk)
    }
