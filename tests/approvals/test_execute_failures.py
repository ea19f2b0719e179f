"""When the exchange does not answer, answers 5xx, or refuses: retried with the same key up to the
attempts allowed, or failed at once on a refusal, and always visibly."""

import datetime as dt

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest, RequestStatus
from approvals.services import approval_execute
from approvals.tasks import approval_execute_task, approvals_due_sweep_task
from audit.models import AuditEvent
from exchange.reference import scenario
from exchange.reference.models import Action
from tests.approvals.core_helpers import approve, case, make_approver, request_for, risk_is
from tests.factories import make_agent
from tickets.models import Ticket, TimelineEntry

__all__ = ["risk_is"]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def events(ticket: Ticket, name: str) -> list[dict]:
    return [e.data for e in TimelineEntry.objects.filter(ticket=ticket, data__event=name).order_by("pk")]


def approved(external_id: str = "EX-1", on_exchange: bool = True) -> ApprovalRequest:
    if on_exchange:
        scenario.lock_withdrawals(scenario.add_account(external_id), "Hold")
    request = request_for(case(external_id=external_id), make_agent(username="maker"))
    approve(request, make_approver("sofia"))
    request.refresh_from_db()
    return request


def test_a_stopped_exchange_is_retried_with_the_same_key_then_the_request_fails_visibly(
    reference_exchange, risk_is, settings
):
    settings.APPROVALS_EXECUTE_ATTEMPTS = 3
    reference_exchange.go_down()
    request = approved()
    # The first attempt ran after commit; the retry waits out its backoff.
    assert request.status == RequestStatus.APPROVED and request.attempts == 1
    retry_at = dt.datetime.fromisoformat(request.result["retry_at"])
    assert retry_at > timezone.now()
    assert approval_execute(pk=request.pk) is None  # too early: nothing is sent
    second = approval_execute(pk=request.pk, now=retry_at)
    assert second is not None and second.status == RequestStatus.APPROVED and second.attempts == 2
    third = approval_execute(pk=request.pk, now=retry_at + dt.timedelta(hours=1))
    assert third is not None and third.status == RequestStatus.FAILED and third.attempts == 3
    assert "cannot be reached" in third.last_error
    retrying, failed = events(request.ticket, "approval_retrying"), events(request.ticket, "approval_failed")
    assert [e["attempt"] for e in retrying] == [1, 2] and len(failed) == 1
    assert "cannot be reached" in failed[0]["error"]
    assert (
        AuditEvent.objects.filter(action="approvals.request.failed", object_id=str(request.pk)).count() == 1
    )
    # Back up again: a failed request stays failed, and nothing reaches the exchange.
    reference_exchange.come_back()
    assert approval_execute(pk=request.pk, now=retry_at + dt.timedelta(days=1)) is None
    assert not Action.objects.exists()


def test_a_5xx_is_sent_again_with_the_same_key_and_applied_once(reference_exchange, risk_is):
    scenario.lock_withdrawals(scenario.add_account("EX-1"), "Hold")
    scenario.set_fault("unavailable", times=1)
    request = request_for(case(external_id="EX-1"), make_agent(username="maker"))
    approve(request, make_approver("sofia"))
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and "HTTP 503" in request.last_error
    # The retry comes round through the due sweep, as beat runs it, once the backoff is over.
    ApprovalRequest.objects.filter(pk=request.pk).update(result={"retry_at": timezone.now().isoformat()})
    assert approvals_due_sweep_task.delay().get() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.EXECUTED and request.attempts == 2 and request.last_error == ""
    (done,) = Action.objects.all()
    assert done.idempotency_key == request.idempotency_key
    assert approvals_due_sweep_task.delay().get() == 0


def test_a_refusal_by_the_exchange_fails_the_request_at_once(reference_exchange, risk_is, settings):
    settings.APPROVALS_EXECUTE_ATTEMPTS = 5
    request = approved("EX-NOT-THERE", on_exchange=False)
    assert request.status == RequestStatus.FAILED and request.attempts == 1
    assert "no such account" in request.last_error.lower()
    (failed,) = events(request.ticket, "approval_failed")
    assert failed["error"] == request.last_error
    assert not events(request.ticket, "approval_retrying")
    assert approval_execute_task.delay(request.pk).get() == "skipped"
