"""An agent applies a macro in a ticket's composer and in a chat of the console (docs/macros.md)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from livechat.models import Conversation, ConversationStatus
from macros.services import macro_create
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Status, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    alice = AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    sam = AgentFactory.create(username="sam", role="supervisor", first_name="Sam")
    team = TeamFactory.create(name="General")
    customer = CustomerFactory.create(name="Satoshi Nakamoto", email="satoshi@mail.example")
    ticket = TicketFactory.create(customer=customer, team=team, subject="USDT withdrawal stuck")
    macro_create(
        actor=sam,
        title="Hash please",
        scope="shared",
        variants={
            "": "Hello {{customer.first_name}}, please send the hash for {{ticket.reference}}: "
            "{{triage.txid}}"
        },
        actions={"status": "pending", "tags": ["hash-asked"]},
    )
    return live_server.url, ticket, alice


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()


def test_an_agent_inserts_a_macro_in_the_composer_and_its_actions_run_with_the_send(page, setup):
    base, ticket, _alice = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    page.get_by_label("Message").click()
    page.keyboard.press("Alt+m")
    picker = page.get_by_label("Macros (Alt+M)")
    expect(picker).to_be_focused()
    picker.select_option(label="Hash please")
    expect(page.get_by_label("Message")).to_have_value(
        f"Hello Satoshi, please send the hash for {ticket.reference}: [[triage.txid?]]"
    )
    expect(page.locator(".macro-missing")).to_contain_text("transaction hash")
    # In the composer the actions are listed before sending, ticked, and run with the send.
    expect(page.locator(".macro-actions")).to_contain_text("Pending")
    expect(page.get_by_label("Apply these when I send")).to_be_checked()
    ticket.refresh_from_db()
    assert ticket.status != Status.PENDING
    page.get_by_label("Message").fill("Hello Satoshi, please send the hash.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert list(ticket.tags.values_list("name", flat=True)) == ["hash-asked"]


def test_an_agent_inserts_a_macro_in_a_chat(page, setup):
    base, ticket, alice = setup
    chat = TicketFactory.create(customer=ticket.customer, team=ticket.team, subject="Chat", channel="chat")
    Ticket.objects.filter(pk=chat.pk).update(assignee=alice, language="en")
    Conversation.objects.create(
        ticket=chat,
        status=ConversationStatus.ACTIVE,
        language="en",
        topic="withdrawal",
        accepted_at=timezone.now(),
        created_at=timezone.now(),
    )
    _sign_in(page, base)
    page.goto(f"{base}/chat/console/")
    column = page.locator(".chat-col").first
    picker = column.get_by_label("Macros (Alt+M)")
    picker.select_option(label="Hash please")
    expect(column.locator("textarea").first).to_have_value(
        f"Hello Satoshi, please send the hash for {chat.reference}: [[triage.txid?]]"
    )
    expect(column.get_by_role("button", name="Apply actions")).to_be_visible()
