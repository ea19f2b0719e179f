import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from tests.browser.waits import loaded
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.models import EntryKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    customer = CustomerFactory.create(name="Satoshi N", email="satoshi@mail.example")
    ticket = TicketFactory.create(
        customer=customer, team=TeamFactory.create(name="General"), subject="USDT withdrawal stuck"
    )
    return live_server.url, ticket


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()


def test_an_agent_signs_in_opens_a_ticket_and_replies(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.get_by_role("link", name="Unassigned").click()
    expect(page).to_have_url(re.compile(r"[?&]queue=unassigned"))
    page.get_by_role("link", name=re.compile("USDT withdrawal stuck")).click()
    expect(page.get_by_role("heading", name="USDT withdrawal stuck")).to_be_visible()
    # The composer's script closes "More ways to send" when it sets the composer up: opened before
    # then, it would shut again under the click.
    loaded(page)

    page.get_by_label("Message").fill("Could you send us the transaction hash?")
    page.get_by_label("More ways to send").click()
    page.get_by_role("button", name="Send as Pending").click()

    expect(page.get_by_text("Reply sent.")).to_be_visible()
    expect(page.locator(".entry-agent_reply")).to_contain_text("Could you send us the transaction hash?")
    expect(page.locator(".ticket-head .status")).to_have_text("Pending")
    assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY).count() == 1


def test_writing_a_note_switches_the_composer_and_hides_the_status_choice(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    status_choice = page.get_by_label("More ways to send")
    expect(status_choice).to_be_visible()

    page.get_by_label("Internal note").check()
    expect(page.locator(".composer")).to_have_class(re.compile("is-note"))
    expect(status_choice).to_be_hidden()
    page.get_by_label("Message").fill("Checked the hot wallet: the payout is queued.")
    page.get_by_label("Message").press("Control+Enter")

    expect(page.get_by_text("Note added.")).to_be_visible()
    expect(page.locator(".entry-internal_note")).to_contain_text("the payout is queued")


def test_revealing_contact_details_happens_in_place_and_is_audited(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    contact = page.locator(".contact")
    expect(contact).to_contain_text("s•••@mail.example")

    page.get_by_label("Why do you need the contact details?").fill("calling back about the withdrawal")
    page.get_by_role("button", name="Show contact details").click()

    expect(contact).to_contain_text("satoshi@mail.example")
    assert page.url == f"{base}/tickets/{ticket.pk}/"
    assert AuditEvent.objects.get(action="customer.pii_viewed").after == {
        "fields": ["email", "phone"],
        "reason": "calling back about the withdrawal",
    }
