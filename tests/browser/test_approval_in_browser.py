"""In the browser: an agent asks for a 2FA reset on a case the exchange's security events make risky; a
supervisor of the account security team, signed in with their authenticator app, approves it with a
fresh code, and the reference exchange records exactly one reset."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from approvals.models import ApprovalRequest, RequestStatus
from exchange.reference import scenario
from exchange.reference.models import Action
from tests.approvals.ui_rows import grant
from tests.browser.waits import ACTION_TIMEOUT_MS
from tests.factories import AgentFactory, TeamMembershipFactory, make_customer, make_team, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fresh_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet, good on either side of the edge of a 30-second window.

    The server takes the code of the step it counts as current (the clock's step plus the device's
    drift, which it learns from each code it accepts), of the one before or of the one after, and never
    one of a step it has already accepted. So: the current step's code, or the next step's when the
    current one was just used. Made right before it is typed, it is still good if the window turns
    before the server reads it."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time()
    clock.drift += max(0, device.last_t + 1 - clock.t())
    return f"{clock.token():0{device.digits}d}"


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
        approver.set_default_timeout(ACTION_TIMEOUT_MS)
        _sign_in(approver, base, "sofia")
        signed_in_with = _fresh_code(device)
        approver.get_by_label("Code").fill(signed_in_with)
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
        approver.get_by_label("Code from your authenticator app").fill(signed_in_with)
        approver.get_by_role("button", name="Approve").click()
        expect(approver.get_by_role("alert")).to_contain_text("not current")
        time.sleep(1.1)  # django-otp slows a device down for a second after a wrong code
        approver.get_by_label("Code from your authenticator app").fill(_fresh_code(device))
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
