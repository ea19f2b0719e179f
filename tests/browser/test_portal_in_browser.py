"""The customer portal in a browser: the exchange's link signs the customer in, they open a ticket,
reply with a screenshot, and see it on the timeline; nothing on the way breaks the page's CSP."""

import re
import time

import pytest
from playwright.sync_api import expect

from livechat.identity import identity_sign
from tests.browser.test_csp_in_browser import COLLECT
from tests.factories import CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Attachment, EntryKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_customer_replies_with_a_file_from_the_portal(page, live_server, tmp_path):
    customer = CustomerFactory.create(external_id="EX-BROWSER-1", name="Ana", language="en")
    ticket = TicketFactory.create(
        customer=customer, team=TeamFactory.create(name="General"), subject="Deposit missing"
    )
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.add_init_script(COLLECT)
    token = identity_sign({"sub": customer.external_id, "exp": int(time.time()) + 600})

    page.goto(f"{live_server.url}/portal/enter/?identity={token}")
    expect(page.get_by_role("heading", name="My support tickets")).to_be_visible()
    assert "identity" not in page.url
    assert page.evaluate("window.__csp") == []
    page.get_by_role("link", name="Deposit missing").click()
    # Read the ticket page's report, once it has loaded: not the list's, nor one torn down mid-way.
    page.wait_for_url(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    assert page.evaluate("window.__csp") == []

    page.get_by_label("Your message").fill("Here is the screenshot of my wallet.")
    screenshot = tmp_path / "wallet.png"
    screenshot.write_bytes(PNG)
    page.get_by_label("Attach files").set_input_files(str(screenshot))
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Your message was sent.")
    expect(page.locator(".portal-mine").last).to_contain_text("Here is the screenshot of my wallet.")
    expect(page.get_by_role("link", name="wallet.png")).to_be_visible()
    entry = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).latest("id")
    assert Attachment.objects.filter(entry=entry, filename="wallet.png").exists()

    page.get_by_role("button", name="Sign out").click()
    # A new address typed before the sign-out's answer came would cancel it.
    page.wait_for_url(re.compile(r"/portal/signed-out/"))
    page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    assert page.url.endswith("/portal/signed-out/")
    assert [p for p in problems if "Content Security Policy" in p] == []


def test_the_portal_reads_right_to_left_in_arabic(page, live_server):
    customer = CustomerFactory.create(external_id="EX-BROWSER-2", language="ar")
    TicketFactory.create(customer=customer, team=TeamFactory.create(name="General"), subject="إيداع")
    token = identity_sign({"sub": customer.external_id, "exp": int(time.time()) + 600})
    page.goto(f"{live_server.url}/portal/enter/?identity={token}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="طلبات الدعم الخاصة بي")).to_be_visible()
