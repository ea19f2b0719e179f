"""A checker's verdict: every refusal the rules name, and what a verdict records."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from approvals.access import may_decide, requests_visible_to
from approvals.models import ActionKind, ApprovalDecision, RequestStatus, RiskLevel
from approvals.services import ApprovalRefused, approval_cancel, approval_decide
from audit.models import AuditEvent
from customers.models import VipLevel
from tests.approvals.core_helpers import (
    approve,
    case,
    make_approver,
    partner_agent,
    partner_team,
    request_for,
    risk_is,
)
from tests.factories import make_agent, make_team
from tickets.models import TimelineEntry

__all__ = ["risk_is"]

pytestmark = pytest.mark.django_db


def refusal_code(request, approver, *, verdict: bool = True) -> str:
    with pytest.raises(ApprovalRefused) as refused:
        approval_decide(request=request, actor=approver, approve=verdict)
    request.refresh_from_db()
    allowed, why = may_decide(approver, request)
    assert not allowed and why == refused.value.message  # the buttons say what the service says
    return refused.value.code


def test_the_maker_cannot_approve_their_own_request_even_with_the_permission(risk_is):
    maker = make_approver("maker")
    request = request_for(case(), maker)
    assert refusal_code(request, maker) == "self_approval"
    assert not ApprovalDecision.objects.exists()


def test_an_approver_without_the_action_s_permission_is_refused(risk_is):
    request = request_for(case(), make_agent())
    assert (
        refusal_code(request, make_approver("limits-only", ActionKind.RAISE_WITHDRAWAL_LIMIT))
        == "no_permission"
    )
    assert refusal_code(request, make_agent(username="plain")) == "no_permission"


def test_two_agents_of_one_partner_team_cannot_approve_each_other_s_requests(risk_is):
    team = partner_team()
    ticket = case(team=team)
    maker = partner_agent("bpo-maker", team)
    colleague = partner_agent("bpo-checker", team, ActionKind.REVOKE_API_KEYS, ActionKind.UNLOCK_WITHDRAWALS)
    # In-house only (unlock withdrawals) and even where partners may approve (revoke API keys).
    assert refusal_code(request_for(ticket, maker), colleague) == "partner_pair"
    assert refusal_code(request_for(ticket, maker, ActionKind.REVOKE_API_KEYS), colleague) == "partner_pair"


def test_a_partner_agent_may_approve_only_where_the_policy_lets_partners(risk_is):
    team = partner_team()
    other = partner_agent(
        "bpo-other", partner_team("Second BPO"), ActionKind.REVOKE_API_KEYS, ActionKind.UNLOCK_WITHDRAWALS
    )
    # The other vendor's agent needs to see the ticket too: a ticket of a team they belong to.
    other.memberships.create(team=team)
    ticket = case(team=team)
    maker = make_agent(username="in-house-maker")
    assert refusal_code(request_for(ticket, maker), other) == "partner_not_allowed"
    revoke = request_for(ticket, maker, ActionKind.REVOKE_API_KEYS)
    assert approve(revoke, other).status == RequestStatus.APPROVED


def test_high_risk_needs_an_in_house_member_of_the_security_team(risk_is):
    risk_is(RiskLevel.HIGH)
    request = request_for(case(), make_agent())
    assert refusal_code(request, make_approver("sofia")) == "needs_security_team"
    # A partner agent listed in the security team does not count.
    bpo = partner_team()
    outsider = partner_agent("bpo-sec", bpo, ActionKind.UNLOCK_WITHDRAWALS)
    from tests.approvals.core_helpers import security_team

    outsider.memberships.create(team=security_team())
    kenji = make_approver("kenji", security=True)
    decided = approve(request, kenji)
    assert decided.status == RequestStatus.APPROVED


def _executions(queued: list) -> list:
    """The execution's callbacks among those queued after commit (the maker's notification is another)."""
    return [c for c in queued if c.__qualname__.startswith("_queue_execution")]


def test_a_second_approver_is_needed_for_the_highest_tiers_and_one_cannot_count_twice(
    risk_is, django_capture_on_commit_callbacks
):
    request = request_for(
        case(vip_level=VipLevel.INSTITUTIONAL), make_agent(), ActionKind.RAISE_WITHDRAWAL_LIMIT
    )
    first, second = make_approver("sofia"), make_approver("kenji")
    with django_capture_on_commit_callbacks() as queued:
        assert approve(request, first).status == RequestStatus.PENDING
    assert _executions(queued) == []  # nothing runs on one approval
    assert refusal_code(request, first) == "already_decided"
    with django_capture_on_commit_callbacks() as queued:
        assert approve(request, second).status == RequestStatus.APPROVED
    assert len(_executions(queued)) == 1  # the execution, queued after commit
    events = TimelineEntry.objects.filter(ticket=request.ticket, data__event="approval_approved")
    assert [e.author.username for e in events.order_by("pk") if e.author] == ["sofia", "kenji"]


def test_with_high_risk_and_two_approvers_the_security_team_may_come_second(risk_is):
    risk_is(RiskLevel.HIGH)
    request = request_for(case(vip_level=VipLevel.VIP3), make_agent(), ActionKind.RAISE_WITHDRAWAL_LIMIT)
    sofia, noah, kenji = make_approver("sofia"), make_approver("noah"), make_approver("kenji", security=True)
    assert approve(request, sofia).status == RequestStatus.PENDING
    assert refusal_code(request, noah) == "needs_security_team"
    assert approve(request, kenji).status == RequestStatus.APPROVED


def test_one_rejection_closes_the_request_and_nobody_decides_it_after(risk_is):
    request = request_for(case(), make_agent())
    rejected = approval_decide(
        request=request, actor=make_approver("sofia"), approve=False, note="Caller failed the questions"
    )
    assert rejected.status == RequestStatus.REJECTED and rejected.decided_at is not None
    assert refusal_code(request, make_approver("kenji")) == "closed"
    audit = AuditEvent.objects.get(action="approvals.request.rejected")
    assert audit.reason == "Caller failed the questions"
    (event,) = TimelineEntry.objects.filter(ticket=request.ticket, data__event="approval_rejected")
    assert event.author is not None
    assert event.data["note"] == "Caller failed the questions" and event.author.username == "sofia"


def test_an_expired_request_cannot_be_decided(risk_is):
    request = request_for(case(), make_agent(), now=timezone.now() - dt.timedelta(hours=49))
    assert refusal_code(request, make_approver("sofia")) == "expired"


def test_the_decision_records_the_second_factor_and_the_audit_record(risk_is):
    request = request_for(case(), make_agent())
    approve(request, make_approver("sofia"), second_factor="YubiKey 5C", note="Called back, all good")
    decision = ApprovalDecision.objects.get()
    assert decision.second_factor == "YubiKey 5C" and decision.note == "Called back, all good"
    audit = AuditEvent.objects.get(action="approvals.request.approved")
    assert audit.after is not None
    assert audit.after["status"] == "approved" and audit.after["second_factor"] is True


def test_the_maker_cancels_a_waiting_request_and_nobody_may_decide_it_after(risk_is):
    maker = make_agent()
    request = request_for(case(), maker)
    with pytest.raises(ApprovalRefused):
        approval_cancel(request=request, actor=make_agent(username="someone-else"))
    assert approval_cancel(request=request, actor=maker).status == RequestStatus.CANCELLED
    assert refusal_code(request, make_approver("sofia")) == "closed"
    assert TimelineEntry.objects.filter(data__event="approval_cancelled").count() == 1


def test_a_decision_takes_a_bounded_number_of_statements(
    risk_is, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    request = request_for(case(), make_agent())
    approver = make_approver("sofia")
    with django_capture_on_commit_callbacks(), django_assert_max_num_queries(16):
        approve(request, approver)


def test_who_sees_which_requests(risk_is):
    team = partner_team()
    mine = request_for(case(team=team), make_agent(username="m1"))
    other = request_for(case(team=make_team(name="In-house")), make_agent(username="m2"))
    partner = partner_agent("bpo-1", team, ActionKind.UNLOCK_WITHDRAWALS)
    assert list(requests_visible_to(partner)) == [mine]
    auditor = make_agent(username="auditor", role=Role.AUDITOR)
    assert set(requests_visible_to(auditor)) == {mine, other}
    assert set(requests_visible_to(make_agent(username="in-house"))) == {mine, other}
