"""In the browser: an agent asks for a 2FA reset on a case the exchange's security events make risky; a
supervisor of the account security team, signed in with their authenticator app, approves it with a
fresh code, and the reference exchange records exactly one reset."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from approvals.models import ApprovalRequest, RequestStatus
from exchange.reference import scenario
from exchange.reference.models import Action
from tests.approvals.ui_rows import grant
from tests.factories import AgentFactory, TeamMembershipFactory, make_customer, make_team, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


def test_a_supervisor_approves_a_risky_2fa_reset_with_a_fresh_code_and_it_runs_once(
    browser: Any, page: Any, live_server: Any, reference_exchange: Any, settings: Any
) -> None:
    settings.STAFF_2FA_REQUIRED = True
    settings.APPROVALS_HIGH_RISK_COOLING_OFF_HOURS = 0
    base = str(live_server.url)
    security = make_team(name="Account security", slug=django_settings.APPROVALS_SECURITY_TEAM)
    customer = make_customer(external_id="EX-7001", name="Jo Doe", email="jo@mail.example")
    account = scenario.add_account("EX-7001", email="jo@mail.example")
    # Two-factor authentication and the email both changed this morning: a takeover's footprints.
    scenario.add_security_event(account, "2fa_changed", at=scenario.ago(hours=5), detail="from a new device")
    scenario.add_security_event(account, "email_changed", at=scenario.ago(hours=4))
    ticket = make_ticket(customer=customer, subject="Lost my phone, cannot log in")
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    sofia = grant(AgentFactory.create(username="sofia", role="supervisor", first_name="Sofia"))
    TeamMembershipFactory(user=sofia, team=security)
    device = TOTPDevice.objects.create(user=sofia, name="Sofia's phone", confirmed=True)

    # The agent asks, from the ticket page, with the evidence the policy requires.
    _sign_in(page, base, "alice")
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
    page.goto(f"{base}/tickets/{ticket.pk}/")
    panel = page.locator("#approvals-panel")
    expect(panel.get_by_role("heading", name="High-risk actions")).to_be_visible()
    panel.get_by_text("Request a high-risk action").click()
    panel.get_by_label("Action").select_option("reset_2fa")
    checklist = panel.locator("fieldset[data-for-action='reset_2fa']")
    expect(checklist).to_be_visible()
    expect(panel.locator("fieldset[data-for-action='change_email']")).to_be_hidden()
    for label in (
        "ID document re-verified on the exchange",
        "Selfie liveness check passed on the exchange",
        "Confirmed from the registered email",
    ):
        checklist.get_by_label(label).check()
    panel.get_by_label("Reason").fill("Lost phone; selfie and ID re-verified on the exchange.")
    panel.get_by_role("button", name="Request approval").click()
    expect(page.get_by_text("Requested: Reset two-factor authentication")).to_be_visible()
    expect(page.get_by_text("Risk: High")).to_be_visible()
    expect(page.get_by_text("Needs the account security team")).to_be_visible()
    expect(page.locator(".risk-facts")).to_contain_text("Two-factor authentication was changed or reset")
    request = ApprovalRequest.objects.get()
    assert request.needs_security_team and request.cooling_off_until is None

    # The supervisor signs in with their authenticator app, then approves with a code newer than it.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    try:
        approver = context.new_page()
        approver.set_default_timeout(10_000)
        _sign_in(approver, base, "sofia")
        approver.get_by_label("Code").fill(_code(device))
        approver.get_by_role("button", name="Verify").click()
        expect(approver.get_by_role("link", name="Queues", exact=True)).to_be_visible()
        # A supervisor finds the approvals, with what waits for them, in the Supervise menu.
        approver.get_by_text("Supervise", exact=True).click()
        nav = approver.locator(".navmenu a.nav-approvals")
        expect(nav).to_contain_text("1")
        nav.click()
        approver.get_by_role("link", name="Reset two-factor authentication").click()
        expect(approver.get_by_text("Lost phone; selfie and ID re-verified")).to_be_visible()
        # Each code is accepted once: the one used to sign in will not approve; the next one will.
        approver.get_by_label("Code from your authenticator app").fill(_code(device))
        approver.get_by_role("button", name="Approve").click()
        expect(approver.get_by_role("alert")).to_contain_text("not current")
        time.sleep(1.1)  # django-otp slows a device down for a second after a wrong code
        approver.get_by_label("Code from your authenticator app").fill(_code(device, drift=1))
        approver.get_by_role("button", name="Approve").click()
        expect(approver.get_by_text("Approved.")).to_be_visible()
        expect(approver.locator(".approval-status")).to_have_text("Done")
        expect(approver.locator(".decisions")).to_contain_text("confirmed with Sofia's phone")
    finally:
        context.close()

    request.refresh_from_db()
    assert request.status == RequestStatus.EXECUTED
    (done,) = Action.objects.filter(kind="reset-2fa")
    assert done.idempotency_key == request.idempotency_key
    assert done.approver_ids == ["alice", "sofia"]
    assert request.executed_at is not None and request.executed_at - request.created_at < dt.timedelta(
        hours=1
    )
