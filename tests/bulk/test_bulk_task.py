"""A large bulk job runs in the worker as the worker runs it: on PostgreSQL, outside a test transaction,
through the Celery task; a second delivery of the task (a worker killed, the message redelivered)
changes no ticket twice."""

import pytest
from django.db import connection

from audit.models import AuditEvent
from bulk.models import Action, BulkJob, JobState
from bulk.services import bulk_job_create
from bulk.tasks import bulk_job_run_task
from tests.bulk.conftest import tickets
from tests.factories import make_agent, make_team
from tickets.models import Priority, Ticket, TimelineEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_bulk_job_run_task_applies_each_ticket_once_however_often_it_is_delivered():
    assert not connection.in_atomic_block
    general = make_team(name="General", slug="general")
    agent = make_agent(username="alice")
    cases = tickets(5, team=general)
    job = bulk_job_create(
        actor=agent,
        action=Action.PRIORITY,
        params={"priority": Priority.HIGH},
        ticket_ids=[t.pk for t in cases],
    )

    assert bulk_job_run_task.delay(job.pk).get() == 5
    assert bulk_job_run_task.apply(args=(job.pk,)).get() == 5

    job = BulkJob.objects.get(pk=job.pk)
    assert (job.state, job.done) == (JobState.FINISHED, 5)
    assert set(Ticket.objects.values_list("priority", flat=True)) == {Priority.HIGH}
    assert TimelineEntry.objects.filter(data__event="priority_changed").count() == 5
    assert AuditEvent.objects.filter(action="bulk.finished").count() == 1
