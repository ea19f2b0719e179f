"""A request's page: everything about it, and approving (with a fresh second factor), rejecting and
cancelling through the services, with refusals shown."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from approvals.models import ActionKind, ApprovalDecision, RequestStatus
from approvals.second_factor import SecondFactorRefused, second_factor_confirm
from tests.approvals.ui_rows import approval_row, decision_row, grant, join, risk_row, security_team
from tests.factories import TeamMembershipFactory, make_agent, make_team

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approver(db: None) -> Any:
    return grant(make_agent(username="ada", first_name="Ada", last_name="Approver"), ActionKind.RESET_2FA)


@pytest.fixture
def pending(agent: Any, ticket: Any) -> Any:
    return approval_row(ticket, by=agent)


def _device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ada's phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def _decide(client: Client, approval: Any, **data: Any) -> Any:
    return client.post(reverse("approvals:request-decide", args=[approval.pk]), data)


def test_the_page_shows_the_risk_facts_with_their_sources_and_the_gaps(approver, agent, ticket):
    approval = approval_row(ticket, by=agent, risk=None)
    approval.risk = risk_row(ticket, "high", gaps=["The exchange's security events could not be read"])
    approval.save()
    html = _client(approver).get(reverse("approvals:request-detail", args=[approval.pk])).content.decode()
    assert "Claims to be the owner" in html  # every fact, not only the top three
    assert "from a new device in another country" in html
    assert "<td>exchange</td>" in html
    assert "could not be read" in html
    assert "Lost phone; verified by selfie" in html


def test_an_approver_without_a_device_approves_while_second_factors_are_optional(approver, pending):
    response = _decide(_client(approver), pending, verdict="approve", note="Checked the selfie")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RequestStatus.APPROVED
    assert ApprovalDecision.objects.get().second_factor == ""


def test_an_approver_with_a_device_must_enter_a_current_code(approver, pending):
    device = _device(approver)
    client = _client(approver)
    page = client.get(reverse("approvals:request-detail", args=[pending.pk])).content.decode()
    assert 'name="otp"' in page
    assert _decide(client, pending, verdict="approve").status_code == 400
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert _decide(client, pending, verdict="approve", otp=wrong).status_code == 400
    assert not ApprovalDecision.objects.exists()
    # A wrong code slows the device down for a moment (django-otp's throttling); not the point here.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    assert _decide(client, pending, verdict="approve", otp=_code(device)).status_code == 302
    assert ApprovalDecision.objects.get().second_factor == "Ada's phone"


def test_with_second_factors_required_an_approver_without_one_is_told_to_set_it_up(
    approver, pending, settings
):
    settings.STAFF_2FA_REQUIRED = True
    with pytest.raises(SecondFactorRefused, match="set up an authenticator app"):
        second_factor_confirm(user=approver, code="123456")
    # The page itself sends them to set one up before anything else.
    response = _decide(_client(approver), pending, verdict="approve")
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == RequestStatus.PENDING
    assert not ApprovalDecision.objects.exists()


def test_with_second_factors_required_an_approver_with_a_device_gives_its_code(approver, pending, settings):
    settings.STAFF_2FA_REQUIRED = True
    device = _device(approver)
    assert second_factor_confirm(user=approver, code=_code(device)) == "Ada's phone"
    with pytest.raises(SecondFactorRefused, match="Enter the current code"):
        second_factor_confirm(user=approver, code="")


def test_a_rejection_needs_no_code_and_closes_the_request(approver, pending):
    _device(approver)
    assert (
        _decide(_client(approver), pending, verdict="reject", note="Selfie does not match").status_code == 302
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.REJECTED


def test_the_requester_sees_cancel_not_approve_and_cannot_approve_their_own(
    agent, agent_client: Client, pending
):
    grant(agent, ActionKind.RESET_2FA)
    html = agent_client.get(reverse("approvals:request-detail", args=[pending.pk])).content.decode()
    assert "approve-form" not in html
    assert "cancel-form" in html
    response = _decide(agent_client, pending, verdict="approve")
    assert response.status_code == 403
    assert "someone else must decide it" in response.content.decode()
    response = agent_client.post(
        reverse("approvals:request-cancel", args=[pending.pk]), {"note": "Customer found the phone"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RequestStatus.CANCELLED


def test_a_decided_request_refuses_a_late_verdict_with_a_message(approver, pending):
    other = grant(make_agent(username="bob"), ActionKind.RESET_2FA)
    decision_row(pending, other, "reject")
    pending.status = RequestStatus.REJECTED
    pending.save()
    response = _decide(_client(approver), pending, verdict="approve")
    assert response.status_code == 403
    assert "no longer waiting" in response.content.decode()


def test_a_high_risk_request_needs_the_security_team_to_approve(approver, agent, ticket):
    high = approval_row(ticket, by=agent, risk="high", needs_security_team=True)
    response = _decide(_client(approver), high, verdict="approve")
    assert response.status_code == 403
    assert "security team" in response.content.decode()
    join(approver, security_team())
    assert _decide(_client(approver), high, verdict="approve").status_code == 302


def test_people_who_cannot_see_the_request_get_not_found(pending):
    partner_team = make_team(name="Vendor", slug="vendor", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(user=partner, team=partner_team)
    client = _client(partner)
    assert client.get(reverse("approvals:request-detail", args=[pending.pk])).status_code == 404
    assert _decide(client, pending, verdict="approve").status_code == 404
    assert client.get("/approvals/99999999999999999999/").status_code == 404


def test_a_bad_verdict_is_a_400(approver, pending):
    assert _decide(_client(approver), pending, verdict="maybe").status_code == 400
    assert not ApprovalDecision.objects.exists()


def test_the_page_masks_the_customers_email_for_agents(agent_client: Client, pending):
    pending.customer.email = "jo.doe@mail.example"
    pending.customer.save()
    html = agent_client.get(reverse("approvals:request-detail", args=[pending.pk])).content.decode()
    assert "j•••@mail.example" in html
    assert "jo.doe@mail.example" not in html
