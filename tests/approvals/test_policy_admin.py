"""The stock admin shows approvals read-only and edits policies through the service (validated, audited)."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalPolicy
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "action": "reset_2fa",
        "vip_level": "",
        "enabled": "on",
        "evidence": '["id_reverified"]',
        "approvers_required": "1",
        "in_house_only": "on",
        "cooling_off_hours": "0",
        "expires_after_hours": "48",
    }
    return {**data, **overrides}


def test_a_policy_saved_in_the_admin_is_validated_and_audited(admin_client):
    url = reverse("admin:approvals_approvalpolicy_add")
    refused = admin_client.post(url, form(evidence='["a_hunch"]', cooling_off_hours="500"))
    assert refused.status_code == 200 and b"a_hunch" in refused.content
    assert not ApprovalPolicy.objects.exists()
    saved = admin_client.post(url, form())
    assert saved.status_code == 302
    assert ApprovalPolicy.objects.get().evidence == ["id_reverified"]
    assert AuditEvent.objects.filter(action="approvals.approvalpolicy.created").count() == 1


def test_requests_cannot_be_added_or_changed_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:approvals_approvalrequest_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:approvals_approvalrequest_add")).status_code == 403
