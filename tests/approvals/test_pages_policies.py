"""The policy pages: admins edit a policy per action and level with a reason; others read or are kept out."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from approvals.models import ApprovalPolicy
from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db
EDIT_2FA_VIP3 = reverse("approvals:policy-edit", args=["reset_2fa", "vip3"])


def _client(role: str) -> Client:
    client = Client()
    client.force_login(make_agent(username=f"u-{role}", role=role))
    return client


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": "on",
        "evidence": ["id_reverified", "selfie_liveness"],
        "approvers_required": "2",
        "in_house_only": "on",
        "cooling_off_hours": "12",
        "expires_after_hours": "24",
        "reason": "VIP 3 accounts hold the most; two approvers from now on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_table_shows_every_action_by_every_level(agent: Any):
    html = _client("admin").get(reverse("approvals:policy-list")).content.decode()
    assert "Reset two-factor authentication" in html
    assert "Institutional" in html
    assert "As every level" in html
    assert EDIT_2FA_VIP3 in html


def test_an_admin_saves_a_levels_own_policy_with_a_reason_in_the_audit_log():
    response = _client("admin").post(
        EDIT_2FA_VIP3, _form(any_of=["registered_phone_callback", "device_recognised"])
    )
    assert response.status_code == 302
    policy = ApprovalPolicy.objects.get(action="reset_2fa", vip_level="vip3")
    assert policy.approvers_required == 2
    assert policy.evidence == [
        "id_reverified",
        "selfie_liveness",
        ["registered_phone_callback", "device_recognised"],
    ]
    assert AuditEvent.objects.filter(reason__contains="two approvers from now on").exists()


def test_errors_are_shown_by_field_and_nothing_is_saved():
    response = _client("admin").post(
        EDIT_2FA_VIP3, _form(cooling_off_hours="500", reason="", any_of=["device_recognised"])
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "reason" in form.errors
    assert "any_of" in form.errors
    response = _client("admin").post(EDIT_2FA_VIP3, _form(cooling_off_hours="500"))
    assert response.status_code == 400
    assert "Cooling-off must be from 0 to 168 hours" in str(
        response.context["form"].errors["cooling_off_hours"]
    )
    assert not ApprovalPolicy.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_supervisors_and_auditors_read_the_policies_but_do_not_edit(role: str):
    client = _client(role)
    assert client.get(reverse("approvals:policy-list")).status_code == 200
    assert client.get(EDIT_2FA_VIP3).status_code == 403
    assert client.post(EDIT_2FA_VIP3, _form()).status_code == 403
    assert not ApprovalPolicy.objects.exists()


def test_agents_are_kept_out_and_unknown_policies_are_not_found(agent_client: Client):
    assert agent_client.get(reverse("approvals:policy-list")).status_code == 403
    assert _client("admin").get("/approvals/policies/launch_rockets/all/").status_code == 404
