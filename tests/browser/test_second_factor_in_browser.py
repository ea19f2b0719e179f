"""A supervisor signs in with the password and then the code of their authenticator app; until the code
is in, the queue sends them back to the second step."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.demo import demo_code
from tests.factories import AgentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_signs_in_with_password_and_code_and_is_refused_the_queue_until_then(
    page, live_server, settings
):
    settings.STAFF_2FA_REQUIRED = True
    supervisor = AgentFactory.create(username="sofia", role="supervisor", first_name="Sofia")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    base = live_server.url

    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()

    # The password alone does not open the queue.
    page.goto(f"{base}/tickets/")
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert "/accounts/login/verify/" in page.url

    page.get_by_label("Code").fill(demo_code(device))
    page.get_by_role("button", name="Verify").click()

    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
    assert "/tickets/" in page.url
    assert "/accounts/" not in page.url
