"""The maker's request: who may make it, what it must carry, and what it records."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from approvals.models import ActionKind, ApprovalRequest, Evidence, RequestStatus, RiskLevel
from approvals.services import ApprovalRefused, approval_policy_save
from audit.models import AuditEvent
from customers.models import VipLevel
from tests.approvals.core_helpers import (
    ALL_EVIDENCE,
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


def test_a_request_snapshots_the_policy_and_writes_the_timeline_event_and_the_audit_record(risk_is):
    ticket = case()
    maker = make_agent(username="maker")
    now = timezone.now()
    request = request_for(ticket, maker, ActionKind.CHANGE_EMAIL, now=now)
    assert request.status == RequestStatus.PENDING
    assert request.params == {"new_email": "new.address@mail.example"}
    assert request.expires_at == now + dt.timedelta(hours=48)
    # change_email's built-in policy: in-house only, 24 hours' cooling-off, one approver.
    assert request.in_house_only and request.approvers_required == 1
    assert request.cooling_off_until == now + dt.timedelta(hours=24)
    assert (
        not request.needs_security_team and request.risk_level == RiskLevel.LOW and request.risk is not None
    )
    assert set(request.evidence_required) == {
        Evidence.ID_REVERIFIED,
        Evidence.SELFIE_LIVENESS,
        Evidence.NEW_EMAIL_VERIFIED,
    }
    event = TimelineEntry.objects.filter(ticket=ticket, data__event="approval_requested").get()
    assert event.author == maker
    assert event.data == {
        "event": "approval_requested",
        "request": request.pk,
        "action": "change_email",
        "risk": "low",
    }
    audit = AuditEvent.objects.get(action="approvals.request.created", object_id=str(request.pk))
    assert audit.actor == maker and audit.reason.startswith("Customer verified")


def test_high_risk_needs_the_security_team_in_house_and_the_longer_cooling_off(risk_is, settings):
    settings.APPROVALS_HIGH_RISK_COOLING_OFF_HOURS = 24
    risk_is(RiskLevel.HIGH)
    now = timezone.now()
    request = request_for(case(), make_agent(), ActionKind.REVOKE_API_KEYS, now=now)
    assert request.needs_security_team and request.in_house_only  # partners could approve it at low risk
    assert request.cooling_off_until == now + dt.timedelta(hours=24)
    assert request.risk_level == RiskLevel.HIGH


def test_the_policy_cooling_off_stays_when_it_is_longer_than_the_high_risk_one(risk_is, settings):
    settings.APPROVALS_HIGH_RISK_COOLING_OFF_HOURS = 24
    approval_policy_save(actor=make_approver("admin"), action="reset_2fa", vip_level="", cooling_off_hours=72)
    risk_is(RiskLevel.HIGH)
    now = timezone.now()
    request = request_for(case(), make_agent(), ActionKind.RESET_2FA, now=now)
    assert request.cooling_off_until == now + dt.timedelta(hours=72)


def test_missing_evidence_is_refused_naming_what_is_missing(risk_is):
    with pytest.raises(ApprovalRefused) as refused:
        request_for(
            case(),
            make_agent(),
            ActionKind.RESET_2FA,
            evidence={Evidence.ID_REVERIFIED: True, "selfie_liveness": False},
        )
    assert refused.value.code == "evidence_missing"
    assert "Selfie liveness" in refused.value.message and "registered email" in refused.value.message
    assert "ID document" not in refused.value.message
    assert not ApprovalRequest.objects.exists()


def test_one_of_either_proof_is_enough_to_unlock_withdrawals(risk_is):
    ticket = case()
    with pytest.raises(ApprovalRefused, match="Called back on the registered phone number, or ID document"):
        request_for(ticket, make_agent(), evidence={})
    request = request_for(ticket, make_agent(), evidence={Evidence.ID_REVERIFIED: True})
    assert request.evidence == {"id_reverified": True}


@pytest.mark.parametrize(
    ("action", "params", "complaint"),
    [
        (ActionKind.CHANGE_EMAIL, {}, "new email"),
        (ActionKind.CHANGE_EMAIL, {"new_email": "not an address"}, "new email"),
        (ActionKind.CHANGE_EMAIL, {"new_email": "OLD@mail.example"}, "current one"),
        (ActionKind.RAISE_WITHDRAWAL_LIMIT, {"new_limit": "-10", "currency": "USD"}, "positive"),
        (ActionKind.RAISE_WITHDRAWAL_LIMIT, {"new_limit": "ten", "currency": "USD"}, "positive"),
        (ActionKind.RAISE_WITHDRAWAL_LIMIT, {"new_limit": "NaN", "currency": "USD"}, "positive"),
        (ActionKind.RAISE_WITHDRAWAL_LIMIT, {"new_limit": "100", "currency": "DOLLARS"}, "three-letter"),
    ],
)
def test_the_action_s_details_are_checked(risk_is, action, params, complaint):
    with pytest.raises(ApprovalRefused) as refused:
        request_for(case(email="old@mail.example"), make_agent(), action, params=params)
    assert refused.value.code == "invalid_params" and complaint in refused.value.message


def test_the_limit_is_stored_as_a_plain_decimal_and_the_currency_in_capitals(risk_is):
    request = request_for(
        case(),
        make_agent(),
        ActionKind.RAISE_WITHDRAWAL_LIMIT,
        params={"new_limit": "25,000.50", "currency": "eur"},
    )
    assert request.params == {"new_limit": "25000.5", "currency": "EUR"}


def test_a_second_open_request_for_the_same_action_on_the_customer_is_refused(risk_is):
    ticket = case()
    request_for(ticket, make_agent())
    with pytest.raises(ApprovalRefused) as refused:
        request_for(case(customer=ticket.customer), make_agent())
    assert refused.value.code == "duplicate"
    request_for(ticket, make_agent(), ActionKind.REVOKE_API_KEYS)  # another action is fine
    assert ApprovalRequest.objects.count() == 2


def test_a_customer_without_an_exchange_account_cannot_have_actions(risk_is):
    with pytest.raises(ApprovalRefused) as refused:
        request_for(case(external_id=""), make_agent())
    assert refused.value.code == "no_account"


def test_a_disabled_action_cannot_be_requested(risk_is):
    approval_policy_save(actor=make_approver("admin"), action="reset_2fa", vip_level="", enabled=False)
    with pytest.raises(ApprovalRefused) as refused:
        request_for(case(), make_agent(), ActionKind.RESET_2FA)
    assert refused.value.code == "disabled"


def test_partner_agents_request_on_their_teams_tickets_only_and_auditors_never(risk_is):
    team = partner_team()
    partner = partner_agent("bpo-1", team)
    with pytest.raises(ApprovalRefused) as refused:
        request_for(case(team=make_team(name="In-house")), partner)
    assert refused.value.code == "no_permission"
    assert request_for(case(team=team), partner).requested_by == partner
    with pytest.raises(ApprovalRefused):
        request_for(case(), make_agent(username="auditor", role=Role.AUDITOR))


def test_a_vip3_limit_raise_needs_two_approvers(risk_is):
    request = request_for(case(vip_level=VipLevel.VIP3), make_agent(), ActionKind.RAISE_WITHDRAWAL_LIMIT)
    assert request.approvers_required == 2
    standard = request_for(case(), make_agent(), ActionKind.RAISE_WITHDRAWAL_LIMIT)
    assert standard.approvers_required == 1


def test_a_request_takes_a_bounded_number_of_statements(risk_is, django_assert_max_num_queries):
    ticket = case()
    maker = make_agent()
    with django_assert_max_num_queries(14):
        request_for(ticket, maker, ActionKind.CHANGE_EMAIL, evidence=ALL_EVIDENCE)
