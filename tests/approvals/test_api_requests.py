"""/api/approvals/requests/: list and filters, one request, making one, deciding and cancelling, refusals
in the API's error shape, and a list whose statement count does not grow with its rows."""

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from approvals.models import ActionKind, ApprovalDecision, ApprovalRequest, RequestStatus
from tests.approvals.ui_rows import approval_row, grant, no_exchange_risk
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket

pytestmark = pytest.mark.django_db
URL = "/api/approvals/requests/"
EVIDENCE_2FA = ["id_reverified", "selfie_liveness", "registered_email_confirmed"]


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def approver(db: None) -> Any:
    return grant(make_agent(username="ada", first_name="Ada"), ActionKind.RESET_2FA)


def test_the_list_filters_by_status_action_and_ticket(api_client: APIClient, agent, ticket):
    mine = approval_row(ticket, by=agent)
    approval_row(make_ticket(), by=agent, action=ActionKind.CHANGE_EMAIL, status=RequestStatus.REJECTED)
    assert len(api_client.get(URL).json()["results"]) == 2
    assert [r["id"] for r in api_client.get(URL, {"status": "pending"}).json()["results"]] == [mine.pk]
    assert [r["id"] for r in api_client.get(URL, {"ticket": ticket.reference}).json()["results"]] == [mine.pk]
    assert api_client.get(URL, {"action": "change_email"}).json()["results"][0]["action"] == "change_email"
    bad = api_client.get(URL, {"status": "nope", "ticket": "'; drop"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "ticket"}


def test_one_request_shows_its_risk_facts_decisions_and_a_masked_email(api_client: APIClient, agent, ticket):
    ticket.customer.email = "jo.doe@mail.example"
    ticket.customer.save()
    approval = approval_row(ticket, by=agent, risk="high")
    body = api_client.get(f"{URL}{approval.pk}/").json()
    assert body["ticket_reference"] == ticket.reference
    assert body["customer"]["email"] == "j•••@mail.example"
    assert body["risk"]["level"] == "high"
    assert {f["source"] for f in body["risk"]["facts"]} == {"exchange", "text", "contact"}
    assert body["decisions"] == []


def test_hidden_and_malformed_ids_are_not_found(agent):
    approval = approval_row(make_ticket(), by=agent)
    partner_team = make_team(name="Vendor", slug="vendor", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(user=partner, team=partner_team)
    client = _api(partner)
    assert client.get(f"{URL}{approval.pk}/").status_code == 404
    assert client.get(f"{URL}abc/").status_code == 404
    assert client.get(f"{URL}99999999999999999999999/").status_code == 404
    assert (
        client.post(f"{URL}{approval.pk}/decision/", {"verdict": "approve"}, format="json").status_code == 404
    )
    assert client.get(URL).json()["results"] == []


def test_an_agent_requests_an_action_by_ticket_reference(api_client: APIClient, agent, ticket, monkeypatch):
    no_exchange_risk(monkeypatch, "medium")
    response = api_client.post(
        URL,
        {"ticket": ticket.reference, "action": "reset_2fa", "reason": "Lost phone", "evidence": EVIDENCE_2FA},
        format="json",
    )
    assert response.status_code == 201, response.json()
    made = ApprovalRequest.objects.get()
    assert response["Location"].endswith(f"{URL}{made.pk}/")
    assert response.json()["risk_level"] == "medium"
    assert made.requested_by == agent


def test_refusals_carry_the_services_code(api_client: APIClient, ticket, monkeypatch):
    no_exchange_risk(monkeypatch)
    missing = api_client.post(
        URL, {"ticket": str(ticket.pk), "action": "reset_2fa", "reason": "x", "evidence": []}, format="json"
    )
    assert missing.status_code == 409
    assert missing.json()["code"] == "evidence_missing"
    assert "Evidence missing" in missing.json()["message"]
    params = api_client.post(
        URL,
        {
            "ticket": str(ticket.pk),
            "action": "raise_withdrawal_limit",
            "reason": "x",
            "evidence": ["source_of_funds"],
        },
        format="json",
    )
    assert params.status_code == 409
    assert params.json()["code"] == "invalid_params"
    assert not ApprovalRequest.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ticket": "HD-1", "action": "launch_rockets", "reason": "x"},
        {"ticket": "HD-1", "action": "reset_2fa", "reason": "x", "evidence": "id_reverified"},
        {"ticket": "HD-1", "action": "reset_2fa", "reason": "x", "evidence": ["made_up"]},
        {"ticket": "HD-1", "action": "change_email", "reason": "x", "params": {"new_email": "nope"}},
        {"ticket": "HD-1", "action": "change_email", "reason": "x", "params": {"colour": "red"}},
        {"ticket": "HD-1", "action": "reset_2fa", "reason": "x", "extra": 1},
        {"ticket": ["HD-1"], "action": "reset_2fa", "reason": "x"},
        {"ticket": "nonsense", "action": "reset_2fa", "reason": "x"},
    ],
)
def test_malformed_bodies_are_a_400_with_a_message(api_client: APIClient, body: dict[str, Any]):
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert not ApprovalRequest.objects.exists()


def test_an_approver_approves_with_a_code_from_their_device(approver, agent, ticket):
    approval = approval_row(ticket, by=agent)
    device = TOTPDevice.objects.create(user=approver, name="Ada's phone", confirmed=True)
    client = _api(approver)
    url = f"{URL}{approval.pk}/decision/"
    no_code = client.post(url, {"verdict": "approve"}, format="json")
    assert no_code.status_code == 400
    assert no_code.json()["code"] == "second_factor_required"
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(url, {"verdict": "approve", "note": "selfie matches", "otp": code}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    assert response.json()["decisions"][0]["second_factor"] is True
    assert ApprovalDecision.objects.get().second_factor == "Ada's phone"


def test_the_requester_may_not_approve_but_may_cancel(api_client: APIClient, agent, ticket):
    grant(agent, ActionKind.RESET_2FA)
    approval = approval_row(ticket, by=agent)
    client = _api(make_agent(username="alice"))  # the same person, a fresh permission cache
    own = client.post(f"{URL}{approval.pk}/decision/", {"verdict": "approve"}, format="json")
    assert own.status_code == 403
    assert own.json()["code"] == "self_approval"
    cancelled = client.post(f"{URL}{approval.pk}/cancel/", {"note": "found the phone"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(f"{URL}{approval.pk}/cancel/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "not_cancellable"


def test_a_verdict_on_a_closed_request_is_a_conflict(approver, agent, ticket):
    approval = approval_row(ticket, by=agent, status=RequestStatus.CANCELLED)
    response = _api(approver).post(f"{URL}{approval.pk}/decision/", {"verdict": "reject"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "closed"


@pytest.mark.parametrize(
    "body", [{}, {"verdict": "maybe"}, {"verdict": "approve", "otp": ["1"]}, {"verdict": "reject", "x": 1}]
)
def test_malformed_decisions_are_a_400(approver, agent, ticket, body: dict[str, Any]):
    approval = approval_row(ticket, by=agent)
    response = _api(approver).post(f"{URL}{approval.pk}/decision/", body, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert not ApprovalDecision.objects.exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_costs_the_same_statements_for_one_row_or_ten(
    approver, agent, rows: int, django_assert_num_queries: Any
):
    for _ in range(rows):
        approval_row(make_ticket(), by=agent, risk="high")
    client = _api(approver)
    # The clean room's team settings, the approver's permissions (own, groups), the partner check,
    # the page of rows, their decisions.
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.json()["results"]) == rows
