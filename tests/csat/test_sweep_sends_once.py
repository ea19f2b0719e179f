"""The survey sweep, as beat runs it: one survey per solved ticket, however often and by however many
workers it runs, on real PostgreSQL outside a test transaction."""

import threading

import pytest
from celery._state import _set_task_join_will_block  # type: ignore[attr-defined]  # not in the stubs
from django.core import mail as outbox
from django.db import connection, connections

from csat.models import Survey
from csat.services import surveys_send_due
from csat.tasks import csat_survey_sweep_task
from mail.models import OutboundKind, OutboundMessage
from tests.csat.conftest import solved_ticket
from tests.factories import make_customer, make_team, make_ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 4
TICKETS = 24


def test_the_sweep_task_as_beat_runs_it_surveys_a_solved_ticket_once():
    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    solved = solved_ticket()
    open_ticket = make_ticket(team=make_team())

    assert csat_survey_sweep_task.delay().get() == 1
    assert csat_survey_sweep_task.delay().get() == 0

    survey = Survey.objects.get()
    assert (survey.ticket_id, survey.channel, survey.skip_reason) == (solved.pk, "email", "")
    assert not Survey.objects.filter(ticket=open_ticket).exists()
    surveys_mail = OutboundMessage.objects.filter(kind=OutboundKind.SURVEY)
    assert list(surveys_mail.values_list("to", flat=True)) == [[solved.customer.email]]
    assert [m.to for m in outbox.outbox if "How did we do?" in m.subject] == [[solved.customer.email]]


def _race() -> list[int]:
    made: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def run() -> None:
        try:
            start.wait()
            made.append(surveys_send_due())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    _set_task_join_will_block(False)

    assert not errors, errors
    return made


def test_four_sweeps_at_once_survey_each_ticket_once():
    tickets = [solved_ticket() for _ in range(TICKETS)]
    made = _race()
    assert sum(made) == TICKETS
    assert sorted(Survey.objects.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets)
    sent = OutboundMessage.objects.filter(kind=OutboundKind.SURVEY).values_list("ticket_id", flat=True)
    assert sorted(sent) == sorted(t.pk for t in tickets)


def test_four_sweeps_at_once_send_one_customer_one_survey_however_many_of_their_tickets_were_solved():
    customers = [make_customer() for _ in range(3)]
    tickets = [solved_ticket(customer=customers[n % 3]) for n in range(TICKETS)]
    assert sum(_race()) == TICKETS
    sent = Survey.objects.filter(sent_at__isnull=False)
    assert sorted(sent.values_list("customer_id", flat=True)) == sorted(c.pk for c in customers)
    assert Survey.objects.filter(skip_reason="fatigue").count() == TICKETS - 3
    assert OutboundMessage.objects.filter(kind=OutboundKind.SURVEY, ticket__in=tickets).count() == 3
