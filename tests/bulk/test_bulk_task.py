"""A large bulk job runs in the worker as the worker runs it: on PostgreSQL, outside a test transaction,
through the Celery task; a second delivery of the task (a worker killed, the message redelivered)
changes no ticket twice."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from bulk.models import Action, BulkJob, JobState
from bulk.services import bulk_job_create, bulk_job_run
from bulk.tasks import bulk_job_run_task, bulk_jobs_stalled_sweep_task
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


def test_bulk_jobs_stalled_sweep_task_queues_a_job_that_stopped_moving_once():
    """A job whose worker died past the broker's redelivery sits unfinished with pending rows; the
    beat sweep queues it again, the worker finishes it, and a second sweep finds nothing."""
    assert not connection.in_atomic_block
    general = make_team(name="General", slug="general")
    agent = make_agent(username="alice")
    cases = tickets(3, team=general)
    job = bulk_job_create(
        actor=agent,
        action=Action.PRIORITY,
        params={"priority": Priority.URGENT},
        ticket_ids=[t.pk for t in cases],
    )
    fresh = bulk_job_create(
        actor=agent, action=Action.PRIORITY, params={"priority": Priority.LOW}, ticket_ids=[cases[0].pk]
    )
    # The first job started (one row done) and then stopped moving twenty minutes ago.
    bulk_job_run(job_id=job.pk, limit=1)
    BulkJob.objects.filter(pk=job.pk).update(progressed_at=timezone.now() - dt.timedelta(minutes=20))

    assert bulk_jobs_stalled_sweep_task.delay().get() == 1

    job = BulkJob.objects.get(pk=job.pk)
    assert (job.state, job.done) == (JobState.FINISHED, 3)
    assert set(Ticket.objects.values_list("priority", flat=True)) == {Priority.URGENT}
    # The job that is still fresh was left to its own worker.
    assert BulkJob.objects.get(pk=fresh.pk).state == JobState.QUEUED
    assert bulk_jobs_stalled_sweep_task.delay().get() == 0
    assert TimelineEntry.objects.filter(data__event="priority_changed").count() == 3
