"""Pending requests past their expiry are closed by the sweep, as beat runs it, once."""

import datetime as dt

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest, RequestStatus
from approvals.tasks import approvals_due_sweep_task, approvals_expire_sweep_task
from audit.models import AuditEvent
from exchange.reference import scenario
from exchange.reference.models import Action
from tests.approvals.core_helpers import approve, case, make_approver, request_for, risk_is
from tests.factories import make_agent
from tickets.models import TimelineEntry

__all__ = ["risk_is"]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_the_expiry_sweep_task_expires_overdue_requests_once_and_leaves_the_others(risk_is):
    now = timezone.now()
    overdue = request_for(case(), make_agent(), now=now - dt.timedelta(hours=49))
    waiting = request_for(case(), make_agent(), now=now - dt.timedelta(hours=47))
    assert approvals_expire_sweep_task.delay().get() == 1
    assert approvals_expire_sweep_task.delay().get() == 0
    overdue.refresh_from_db()
    waiting.refresh_from_db()
    assert overdue.status == RequestStatus.EXPIRED and waiting.status == RequestStatus.PENDING
    assert TimelineEntry.objects.filter(ticket=overdue.ticket, data__event="approval_expired").count() == 1
    assert (
        AuditEvent.objects.filter(action="approvals.request.expired", object_id=str(overdue.pk)).count() == 1
    )
    assert not TimelineEntry.objects.filter(ticket=waiting.ticket, data__event="approval_expired").exists()


def test_the_due_sweep_task_runs_an_approved_request_once_its_cooling_off_is_over(
    reference_exchange, risk_is, settings
):
    scenario.add_account("EX-1")
    request = request_for(case(external_id="EX-1"), make_agent(), "revoke_api_keys")
    ApprovalRequest.objects.filter(pk=request.pk).update(
        cooling_off_until=timezone.now() + dt.timedelta(hours=1)
    )
    request.refresh_from_db()
    approve(request, make_approver("sofia"))
    assert approvals_due_sweep_task.delay().get() == 0  # still cooling off
    assert not Action.objects.exists()
    # The cooling-off ends and the task queued for then was lost (a worker restarted): the sweep sends it.
    ApprovalRequest.objects.filter(pk=request.pk).update(
        cooling_off_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert approvals_due_sweep_task.delay().get() == 1
    assert approvals_due_sweep_task.delay().get() == 0
    request.refresh_from_db()
    assert request.status == RequestStatus.EXECUTED and request.customer_notified_at is not None
    assert Action.objects.count() == 1
