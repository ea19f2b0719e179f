"""A Telegram message arrives through the webhook; the agent opens the ticket and answers from the
ticket page; the bot API receives the answer (docs/channels.md)."""

import json
import time

import httpx
import pytest
from playwright.sync_api import expect

from messaging.fakes.telegram import FakeTelegram
from messaging.models import ChannelAccount, ChannelKind
from tests.factories import AgentFactory, TeamFactory
from tests.messaging.telegram.conftest import SECRET, fake_telegram  # noqa: F401 - the fixture
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_answers_a_telegram_message_from_the_ticket_page(page, live_server, fake_telegram, settings):  # noqa: F811
    telegram, api_base = fake_telegram
    # No exchange runs here: the look-up of who owns this Telegram id fails at once, so nobody vouches.
    settings.EXCHANGE_RETRIES = 0
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    account = ChannelAccount(
        kind=ChannelKind.TELEGRAM, name="Support bot", team=TeamFactory.create(name="General")
    )
    account.credentials = {"bot_token": telegram.token, "secret_token": SECRET, "api_base": api_base}
    account.save()

    update = FakeTelegram.update(501, user_id=9001, first_name="Mia", text="My BTC deposit has not arrived")
    response = httpx.post(
        f"{live_server.url}/hooks/telegram/{account.webhook_key}/",
        content=json.dumps(update),
        headers=FakeTelegram.headers(SECRET),
        timeout=30,
    )
    assert response.status_code == 200
    ticket = Ticket.objects.get()

    page.goto(f"{live_server.url}/tickets/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    expect(page.locator(".timeline")).to_contain_text("My BTC deposit has not arrived")
    panel = page.locator(".channel-panel")
    expect(panel).to_contain_text("Telegram")
    expect(panel).to_contain_text("Mia")
    expect(panel.locator("[data-identity='unverified']")).to_be_visible()

    page.get_by_label("Message").fill("It is confirmed on chain; it will be credited within the hour.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()

    # The send runs after the reply commits, in the server's thread.
    deadline = time.monotonic() + 60
    while not telegram.sent and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [(m.method, m.chat_id, m.text) for m in telegram.sent] == [
        ("sendMessage", "9001", "It is confirmed on chain; it will be credited within the hour.")
    ]
    page.reload()
    expect(page.locator("[data-receipt='sent']")).to_be_visible()
