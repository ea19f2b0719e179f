"""/api/approvals/policies/: everyone who reads approvals lists them; admins change one with a reason."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from approvals.models import ApprovalPolicy
from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db
URL = "/api/approvals/policies/"


def _api(role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(make_agent(username=f"u-{role}", role=role))
    return client


def test_the_list_has_every_actions_every_level_policy_and_saved_level_overrides():
    ApprovalPolicy.objects.create(action="reset_2fa", vip_level="vip3", approvers_required=2)
    body = _api("supervisor").get(URL).json()
    every = [p for p in body if p["vip_level"] == ""]
    assert len(every) == 5
    levels = [(p["action"], p["vip_level"], p["approvers_required"]) for p in body if p["vip_level"]]
    assert ("reset_2fa", "vip3", 2) in levels
    # The built-in policy asks a second approver for a higher limit at the top levels.
    assert ("raise_withdrawal_limit", "institutional", 2) in levels
    assert not any(level == "standard" for _a, level, _n in levels)
    assert all(p["saved"] is False for p in every)


def test_an_admin_changes_a_policy_with_a_reason():
    response = _api("admin").put(
        URL,
        {
            "action": "change_email",
            "vip_level": "",
            "reason": "a day to notice a takeover",
            "cooling_off_hours": 48,
            "evidence": ["id_reverified", ["registered_phone_callback", "device_recognised"]],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    policy = ApprovalPolicy.objects.get(action="change_email", vip_level="")
    assert policy.cooling_off_hours == 48
    assert policy.evidence == ["id_reverified", ["registered_phone_callback", "device_recognised"]]
    assert AuditEvent.objects.filter(reason="a day to notice a takeover").exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"action": "reset_2fa", "vip_level": "", "reason": "x", "approvers_required": 3},
        {"action": "reset_2fa", "vip_level": "gold", "reason": "x"},
        {"action": "reset_2fa", "vip_level": "", "reason": "x", "evidence": [["id_reverified"]]},
        {"action": "reset_2fa", "vip_level": "", "reason": "x", "evidence": [{"a": 1}]},
        {"action": "reset_2fa", "vip_level": "", "reason": "x", "cooling_off_hours": 10**30},
        {"action": "reset_2fa", "vip_level": "", "reason": "", "enabled": False},
        {"action": "reset_2fa", "vip_level": "", "reason": "x", "colour": "red"},
    ],
)
def test_malformed_policy_changes_are_a_400(body: dict[str, Any]):
    response = _api("admin").put(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert not ApprovalPolicy.objects.exists()


@pytest.mark.parametrize("role", ["agent", "supervisor", "auditor"])
def test_only_admins_change_policies(role: str):
    response = _api(role).put(URL, {"action": "reset_2fa", "vip_level": "", "reason": "x"}, format="json")
    assert response.status_code == 403
    assert not ApprovalPolicy.objects.exists()


def test_agents_who_approve_nothing_may_not_read_the_policies(api_client: APIClient):
    assert api_client.get(URL).status_code == 403
