"""The demo's approvers and its one waiting request, seeded once however often the seed runs."""

import pytest

from accounts.models import Role
from approvals.demo import DEMO_CASE_CUSTOMER, DEMO_CASE_SUBJECT, seed_approvals_demo
from approvals.models import ActionKind, ApprovalRequest, RequestStatus
from tests.factories import make_agent, make_customer, make_ticket

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_supervisors_every_approval_and_leaves_one_request_waiting_once():
    sofia = make_agent(username="sofia", role=Role.SUPERVISOR)
    make_agent(username="noah")
    emma = make_agent(username="emma")
    ticket = make_ticket(customer=make_customer(external_id=DEMO_CASE_CUSTOMER), subject=DEMO_CASE_SUBJECT)
    assert seed_approvals_demo() == 1
    assert seed_approvals_demo() == 0
    request = ApprovalRequest.objects.get()
    assert request.ticket == ticket and request.action == ActionKind.RESET_2FA
    assert request.status == RequestStatus.PENDING and request.requested_by.username == "noah"
    sofia = type(sofia).objects.get(pk=sofia.pk)
    assert all(sofia.has_perm(f"approvals.approve_{action}") for action in ActionKind.values)
    assert not emma.has_perm("approvals.approve_reset_2fa")
