"""Approval policies: built-in defaults, a VIP level's own row over the every-level row, validated edits
with an audit diff."""

import pytest
from django.core.exceptions import ValidationError

from approvals.models import ActionKind, ApprovalPolicy, Evidence
from approvals.services import approval_policy_for, approval_policy_save
from audit.models import AuditEvent
from customers.models import VipLevel
from tests.factories import make_agent

pytestmark = pytest.mark.django_db


def test_the_built_in_defaults_apply_when_no_policy_is_saved():
    reset = approval_policy_for(action=ActionKind.RESET_2FA, vip_level=VipLevel.STANDARD)
    assert reset.pk is None and reset.enabled and reset.in_house_only
    assert {Evidence.ID_REVERIFIED, Evidence.SELFIE_LIVENESS, Evidence.REGISTERED_EMAIL_CONFIRMED} <= set(
        reset.evidence
    )
    change = approval_policy_for(action=ActionKind.CHANGE_EMAIL, vip_level=VipLevel.STANDARD)
    assert change.cooling_off_hours == 24 and Evidence.NEW_EMAIL_VERIFIED in change.evidence
    revoke = approval_policy_for(action=ActionKind.REVOKE_API_KEYS, vip_level=VipLevel.STANDARD)
    assert not revoke.in_house_only and revoke.cooling_off_hours == 0
    unlock = approval_policy_for(action=ActionKind.UNLOCK_WITHDRAWALS, vip_level=VipLevel.STANDARD)
    assert unlock.evidence == [[Evidence.REGISTERED_PHONE_CALLBACK, Evidence.ID_REVERIFIED]]
    for level, approvers in ((VipLevel.VIP1, 1), (VipLevel.VIP3, 2), (VipLevel.INSTITUTIONAL, 2)):
        limit = approval_policy_for(action=ActionKind.RAISE_WITHDRAWAL_LIMIT, vip_level=level)
        assert limit.approvers_required == approvers and limit.evidence == [Evidence.SOURCE_OF_FUNDS]


def test_a_vip_level_s_own_policy_wins_over_the_every_level_one():
    admin = make_agent(username="admin")
    approval_policy_save(actor=admin, action="unlock_withdrawals", vip_level="", cooling_off_hours=2)
    approval_policy_save(actor=admin, action="unlock_withdrawals", vip_level="vip2", cooling_off_hours=6)
    assert approval_policy_for(action="unlock_withdrawals", vip_level="vip2").cooling_off_hours == 6
    assert approval_policy_for(action="unlock_withdrawals", vip_level="vip1").cooling_off_hours == 2


def test_saving_a_policy_starts_from_what_applied_and_audits_the_diff():
    admin = make_agent(username="admin")
    policy = approval_policy_save(actor=admin, action="change_email", vip_level="", approvers_required=2)
    assert policy.pk and policy.cooling_off_hours == 24 and policy.approvers_required == 2
    created = AuditEvent.objects.get(action="approvals.approvalpolicy.created")
    assert created.after is not None
    assert created.after["approvers_required"] == 2 and created.actor == admin
    approval_policy_save(actor=admin, action="change_email", vip_level="", expires_after_hours=12)
    updated = AuditEvent.objects.get(action="approvals.approvalpolicy.updated")
    assert updated.before == {"expires_after_hours": 48} and updated.after == {"expires_after_hours": 12}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"evidence": ["id_reverified", "a_hunch"]}, "evidence", "a_hunch"),
        ({"evidence": "id_reverified"}, "evidence", "list"),
        ({"approvers_required": 3}, "approvers_required", "1 or 2"),
        ({"approvers_required": 0}, "approvers_required", "1 or 2"),
        ({"expires_after_hours": 0}, "expires_after_hours", "1 to 720"),
        ({"expires_after_hours": 721}, "expires_after_hours", "1 to 720"),
        ({"cooling_off_hours": 169}, "cooling_off_hours", "0 to 168"),
        ({"cooling_off_hours": -1}, "cooling_off_hours", "0 to 168"),
    ],
)
def test_a_policy_out_of_bounds_is_refused_with_a_clear_message(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        approval_policy_save(actor=make_agent(), action="reset_2fa", vip_level="", **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert (
        not ApprovalPolicy.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="approvals.").exists()
    )


def test_an_unknown_action_or_level_is_refused():
    with pytest.raises(ValidationError):
        approval_policy_save(actor=make_agent(), action="drain_wallet", vip_level="")
    with pytest.raises(ValidationError):
        approval_policy_save(actor=make_agent(), action="reset_2fa", vip_level="vip9")
