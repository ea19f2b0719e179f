"""What a sweep's batch costs, in statements: the same for 3 due cases as for 12, each case still with
its event, priority change, notices and audit records; and the sweep as beat runs it."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from routing.models import Team, TeamMembership
from sla.models import NoticeKind, SlaNotification, TicketClock
from sla.services import sla_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy
from tickets.models import Priority, Ticket, TimelineEntry

H = dt.timedelta(hours=1)
# Per batch: its transaction (a savepoint inside the test's, and its release), the claim, the assignees,
# the customers, the leads, the notices, the timeline events, the raised priorities, the audit records,
# the clocks, and the savepoint that lets a failed batch be retried case by case, and its release.
PER_BATCH = 13
# Per sweep: the configuration's version, and the claim that finds nothing left, in its transaction.
PER_SWEEP = 4


def _desk() -> tuple[Team, list[int]]:
    team = make_team()
    alice, lena = make_agent(username="alice"), make_agent(username="lena")
    TeamMembership.objects.create(team=team, user=lena, is_lead=True)
    make_policy(first_response_target=H, resolution_target=None, breach_raise_priority=True)
    return team, [alice.pk, lena.pk]


def _open(team: Team, n: int) -> list[Ticket]:
    with time_machine.travel(MONDAY, tick=False):
        alice = make_agent(username="alice")
        return [make_ticket(team=team, assignee=alice, priority=Priority.NORMAL) for _ in range(n)]


def _everything_recorded(tickets: list[Ticket], people: list[int]) -> None:
    ids = [t.pk for t in tickets]
    for event in ("sla_breached", "priority_changed"):
        counted = Counter(
            TimelineEntry.objects.filter(ticket_id__in=ids, data__event=event).values_list(
                "ticket_id", flat=True
            )
        )
        assert counted == Counter({pk: 1 for pk in ids}), event
    for action in ("ticket.sla_breached", "ticket.updated"):
        audited = Counter(
            AuditEvent.objects.filter(action=action, object_id__in=[str(i) for i in ids]).values_list(
                "object_id", flat=True
            )
        )
        assert audited == Counter({str(pk): 1 for pk in ids}), action
    notices = SlaNotification.objects.filter(ticket_id__in=ids, kind=NoticeKind.BREACH)
    assert sorted(notices.values_list("ticket_id", "recipient_id")) == sorted(
        (pk, person) for pk in ids for person in people
    )
    assert set(Ticket.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {Priority.HIGH}


@pytest.mark.django_db
@pytest.mark.parametrize("cases", [3, 12])
def test_a_batch_costs_the_same_statements_however_many_cases_it_holds(cases: int) -> None:
    team, people = _desk()
    tickets = _open(team, cases)
    with time_machine.travel(MONDAY + 2 * H, tick=False), CaptureQueriesContext(connection) as queries:
        assert sla_sweep(batch=cases) == cases
    assert len(queries.captured_queries) == PER_SWEEP + PER_BATCH, [q["sql"][:80] for q in queries]
    _everything_recorded(tickets, people)
    breach = TimelineEntry.objects.get(ticket=tickets[0], data__event="sla_breached")
    assert breach.data["actions"] == ["priority"] and sorted(breach.data["notified"]) == sorted(people)
    assert any("Priority raised" in r for r in breach.data["reasons"])
    audit = AuditEvent.objects.get(action="ticket.sla_breached", object_id=str(tickets[0].pk))
    assert audit.after == {"targets": ["first_response"], "notified": sorted(people), "actions": ["priority"]}
    raised = AuditEvent.objects.get(action="ticket.updated", object_id=str(tickets[0].pk))
    assert (raised.actor_label, raised.before, raised.after) == ("system", {"priority": 2}, {"priority": 3})
    clock = clock_of(tickets[0])
    assert clock.first_response_breached_at == MONDAY + H and clock.next_check_at is None


@pytest.mark.django_db
def test_more_batches_add_a_fixed_number_each() -> None:
    team, people = _desk()
    tickets = _open(team, 9)
    with time_machine.travel(MONDAY + 2 * H, tick=False), CaptureQueriesContext(connection) as queries:
        assert sla_sweep(batch=3) == 9
    assert len(queries.captured_queries) == PER_SWEEP + 3 * PER_BATCH
    _everything_recorded(tickets, people)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_acts_on_a_batch_once_and_mails_after_commit() -> None:
    from sla.tasks import sla_sweep_task

    team, people = _desk()
    with time_machine.travel(timezone.now() - 3 * H):
        alice = make_agent(username="alice")
        tickets = [make_ticket(team=team, assignee=alice, priority=Priority.NORMAL) for _ in range(5)]
    mail.outbox.clear()
    assert sla_sweep_task.delay().get() == 5
    assert sla_sweep_task.delay().get() == 0
    _everything_recorded(tickets, people)
    # Two people per case, each mailed once, after the batch committed.
    assert len([m for m in mail.outbox if "breached" in m.subject]) == 10
    assert not SlaNotification.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_case_that_fails_leaves_the_rest_of_its_batch_acted_on_and_itself_untouched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sla.services.sweeps as sweeps

    team, people = _desk()
    tickets = _open(team, 4)
    bad = tickets[1]
    real = sweeps.clock_advance

    def advance(clock: TicketClock, ticket: Ticket, **kwargs: Any) -> None:
        if ticket.pk == bad.pk:
            raise RuntimeError("this clock cannot be computed")
        return real(clock, ticket, **kwargs)

    monkeypatch.setattr(sweeps, "clock_advance", advance)
    at = MONDAY + 2 * H
    with time_machine.travel(at, tick=False):
        assert sla_sweep(batch=4) == 3
    good = [t for t in tickets if t.pk != bad.pk]
    _everything_recorded(good, people)
    # Nothing of the failed case was written; it is tried again in five minutes.
    assert not TimelineEntry.objects.filter(ticket=bad, data__event="sla_breached").exists()
    assert not AuditEvent.objects.filter(object_id=str(bad.pk), action="ticket.sla_breached").exists()
    assert not SlaNotification.objects.filter(ticket=bad).exists()
    clock = clock_of(bad)
    assert clock.first_response_breached_at is None and clock.next_check_at == at + sweeps.RETRY_AFTER
