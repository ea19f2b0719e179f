"""An admin defines a TxID field, an agent sets it on a ticket and filters the queue by it
(docs/custom-fields.md)."""

import pytest
from playwright.sync_api import expect

from customfields.models import FieldDefinition, FieldValue
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TXID = "0x" + "5e" * 32


@pytest.fixture
def setup(live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    AgentFactory.create(username="ada", role="admin", first_name="Ada")
    team = TeamFactory.create(name="General")
    customer = CustomerFactory.create(name="Satoshi Nakamoto", email="satoshi@mail.example")
    ticket = TicketFactory.create(customer=customer, team=team, subject="USDT deposit not credited")
    other = TicketFactory.create(customer=customer, team=team, subject="Unrelated question")
    return live_server.url, ticket, other


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()


def test_an_admin_defines_a_txid_field_and_an_agent_sets_and_filters_by_it(page, setup):
    base, ticket, other = setup
    _sign_in(page, base, "ada")
    page.goto(f"{base}/fields/")
    page.get_by_role("link", name="New field").click()
    page.get_by_label("Key:", exact=True).fill("txid")
    page.get_by_label("Label:", exact=True).fill("TxID")
    page.get_by_label("Type:", exact=True).select_option(label="Transaction hash")
    page.get_by_label("Required before the ticket is solved").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Field saved.")).to_be_visible()
    expect(page.locator('tr[data-field="txid"]')).to_contain_text("Required to solve")
    assert FieldDefinition.objects.get(key="txid").required_on_solve

    _sign_in(page, base, "alice")
    page.goto(f"{base}/tickets/{ticket.pk}/")
    # The fields sit in the properties panel and are saved by its one Save.
    panel = page.locator("#properties")
    panel.get_by_label("TxID").fill("0x1234")
    panel.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Enter one transaction hash")).to_be_visible()
    panel = page.locator("#properties")
    panel.get_by_label("TxID").fill(TXID.upper().replace("0X", "0x"))
    panel.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Ticket updated.")).to_be_visible()
    card = page.locator("#properties")
    expect(card.get_by_label("TxID")).to_have_value(TXID)  # stored as triage writes a hash
    assert FieldValue.objects.get(ticket=ticket).text == TXID

    card.get_by_role("link", name="Tickets with this value").click()
    expect(page).to_have_url(f"{base}/tickets/?queue=all&cf_txid={TXID}")
    expect(page.get_by_text(ticket.reference)).to_be_visible()
    expect(page.get_by_text(other.reference)).to_have_count(0)
