"""An approved action runs through the exchange connector exactly once, over real HTTP, and the customer
is told in their language, once."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection

from approvals.models import ActionKind, ApprovalRequest, RequestStatus
from approvals.services import ApprovalRefused, approval_execute
from approvals.tasks import approval_execute_task
from audit.models import AuditEvent
from customers.models import VipLevel
from exchange.reference import scenario
from exchange.reference.models import Account, Action
from tests.approvals.core_helpers import approve, case, make_approver, request_for, risk_is
from tests.factories import make_agent
from tickets.models import EntryKind, Ticket, TimelineEntry

__all__ = ["risk_is"]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def exchange_case(external_id: str = "EX-1", language: str = "en", **customer: Any) -> Ticket:
    scenario.lock_withdrawals(scenario.add_account(external_id, email="old@mail.example"), "Hold")
    ticket = case(external_id=external_id, email="old@mail.example", **customer)
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    ticket.refresh_from_db()
    return ticket


def notices(ticket: Ticket) -> list[TimelineEntry]:
    return list(
        TimelineEntry.objects.filter(
            ticket=ticket, kind=EntryKind.AGENT_REPLY, author__username="account-security"
        )
    )


def test_an_approved_unlock_runs_once_and_the_customer_is_told_in_their_language_once(
    reference_exchange, risk_is
):
    ticket = exchange_case(language="ja")
    maker = make_agent(username="maker")
    request = request_for(ticket, maker)
    decided = approve(request, make_approver("sofia"))  # the execution task runs after commit
    request.refresh_from_db()
    assert decided.status == RequestStatus.APPROVED and request.status == RequestStatus.EXECUTED
    (done,) = Action.objects.all()
    assert done.kind == "unlock-withdrawals" and done.idempotency_key == request.idempotency_key
    assert done.approver_ids == ["maker", "sofia"]
    assert not Account.objects.get(external_id="EX-1").withdrawals_locked
    assert request.result["action_id"] == f"act_{done.pk}" and request.attempts == 1
    assert request.customer_notified_at is not None
    (notice,) = notices(ticket)
    assert notice.body.startswith("お客様のアカウントの出金ロックを解除しました。")
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="approval_executed").count() == 1
    assert (
        AuditEvent.objects.filter(action="approvals.request.executed", object_id=str(request.pk)).count() == 1
    )

    # Run again, by a retry or a second worker: nothing more reaches the exchange or the customer.
    assert approval_execute_task.delay(request.pk).get() == "skipped"
    assert approval_execute(pk=request.pk) is None
    assert Action.objects.count() == 1 and len(notices(ticket)) == 1


def test_a_new_email_is_changed_once_and_the_notice_shows_it_masked(reference_exchange, risk_is):
    ticket = exchange_case(language="de")
    request = request_for(ticket, make_agent(), ActionKind.CHANGE_EMAIL)
    approve(request, make_approver("sofia"))
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED  # 24 hours' cooling-off first
    assert not Action.objects.exists()
    ApprovalRequest.objects.filter(pk=request.pk).update(cooling_off_until=request.created_at)
    executed = approval_execute(pk=request.pk)
    assert executed is not None and executed.status == RequestStatus.EXECUTED
    assert Account.objects.get(external_id="EX-1").email == "new.address@mail.example"
    (notice,) = notices(ticket)
    assert "n•••@mail.example" in notice.body and "new.address" not in notice.body
    assert notice.body.startswith("Die E-Mail-Adresse Ihres Kontos wurde")


def test_the_highest_tier_s_limit_raise_carries_the_maker_and_both_approvers(reference_exchange, risk_is):
    ticket = exchange_case(vip_level=VipLevel.INSTITUTIONAL, language="pt-br")
    request = request_for(ticket, make_agent(username="maker"), ActionKind.RAISE_WITHDRAWAL_LIMIT)
    approve(request, make_approver("sofia"))
    assert not Action.objects.exists()
    approve(request, make_approver("kenji"))
    (done,) = Action.objects.all()
    assert done.approver_ids == ["maker", "sofia", "kenji"]
    assert done.detail == {"new_limit": "25000", "currency": "USD"}
    (notice,) = notices(ticket)
    # The amount is written as a Brazilian reads numbers (helpdesk.formats).
    assert notice.body == "Seu limite de saque foi aumentado para 25.000 USD."


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_approvers_at_once_cannot_both_be_the_last_and_the_action_runs_once(reference_exchange, risk_is):
    request = request_for(exchange_case(), make_agent())
    sofia, kenji = make_approver("sofia"), make_approver("kenji")
    results = _at_once(lambda: approve(request, sofia), lambda: approve(request, kenji))
    refused = [r for r in results if isinstance(r, ApprovalRefused)]
    assert len(refused) == 1 and refused[0].code == "closed", results
    assert Action.objects.count() == 1
    assert ApprovalRequest.objects.get().status == RequestStatus.EXECUTED


def test_two_workers_running_one_approved_request_send_it_once(reference_exchange, risk_is, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    request = request_for(exchange_case(), make_agent(), ActionKind.CHANGE_EMAIL)
    approve(request, make_approver("sofia"))
    ApprovalRequest.objects.filter(pk=request.pk).update(cooling_off_until=request.created_at)
    results = _at_once(lambda: approval_execute(pk=request.pk), lambda: approval_execute(pk=request.pk))
    assert sorted(r is None for r in results) == [False, True], results
    request.refresh_from_db()
    assert request.status == RequestStatus.EXECUTED and request.attempts == 1
    assert Action.objects.count() == 1 and len(notices(request.ticket)) == 1
