"""Two agents on one case in two browsers (docs/collision.md): each sees the other viewing and typing,
live, over the ticket page's socket; the one who sends second is shown what the first sent, and chooses
to send anyway.

The pages and the socket are served by uvicorn in a child process (tests/browser/test_chat_in_browser.py).
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_chat_in_browser import SERVER, _console, _customer, _start_and_accept, serving_asgi
from tests.browser.waits import ACTION_TIMEOUT_MS
from tests.factories import (
    AgentFactory,
    TeamFactory,
    TeamMembershipFactory,
    TicketFactory,
    make_agent,
    make_team,
)
from tests.routing.conftest import make_online
from tickets.models import EntryKind
from workspace.presence import EXPIRY_SECONDS

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    with serving_asgi(tmp_path, SERVER) as base:
        yield base


def _agent_page(browser: Any, base: str, agent: Any, path: str) -> tuple[Any, Any]:
    client = Client()
    client.force_login(agent)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.goto(base + path)
    return context, page


def test_two_agents_see_each_other_and_the_second_reply_asks_first(browser: Any, server: str):
    team = TeamFactory.create(name="General", slug="general")
    ticket = TicketFactory.create(team=team, subject="Withdrawal stuck")
    emma = AgentFactory.create(username="emma", first_name="Emma")
    omar = AgentFactory.create(username="omar", first_name="Omar")
    path = reverse("tickets:ticket-detail", args=[ticket.pk])
    emma_context, emma_page = _agent_page(browser, server, emma, path)
    omar_context, omar_page = _agent_page(browser, server, omar, path)
    try:
        emma_bar = emma_page.locator("[data-presence]")
        omar_bar = omar_page.locator("[data-presence]")
        expect(omar_bar).to_have_text("Emma is viewing")
        expect(emma_bar).to_have_text("Omar is viewing")

        # Omar starts a reply: Emma sees it as he types.
        omar_page.get_by_label("Message").fill("We are checking the chain for your withdrawal.")
        expect(emma_bar).to_have_text("Omar is typing a reply")

        # Emma answers first.
        emma_page.get_by_label("Message").fill("Your withdrawal was confirmed a minute ago.")
        emma_page.locator("#composer").get_by_role("button", name="Send", exact=True).click()
        expect(emma_page.get_by_text("Reply sent.")).to_be_visible()

        # Omar's reply would go over hers: nothing is sent, and he is shown what she wrote.
        omar_page.locator("#composer").get_by_role("button", name="Send", exact=True).click()
        warning = omar_page.locator("[data-collision]")
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("Your withdrawal was confirmed a minute ago.")
        expect(warning.get_by_role("link", name="Review")).to_be_visible()
        assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY).count() == 1
        draft = "We are checking the chain for your withdrawal."
        expect(omar_page.get_by_label("Message")).to_have_value(draft)

        # He reads it and sends anyway.
        warning.get_by_role("button", name="Send anyway").click()
        expect(omar_page.get_by_text("Reply sent.")).to_be_visible()
        assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY).count() == 2

        # Closing Emma's page takes her off Omar's bar.
        expect(omar_bar).to_have_text("Emma is viewing")
        # She starts another reply first, which renews her seat: from then it lasts EXPIRY_SECONDS.
        renewed = time.monotonic()
        emma_page.get_by_label("Message").fill("One more thing")
        expect(omar_bar).to_have_text("Emma is typing a reply")
        emma_context.close()
        # The socket's close reaches the server, which tells the ticket's group. The bar is cleared
        # before her renewed seat could have run out: this is the leave, not the expiry.
        expect(omar_bar).to_be_hidden(timeout=EXPIRY_SECONDS * 1000)
        assert time.monotonic() - renewed < EXPIRY_SECONDS
    finally:
        omar_context.close()


@pytest.fixture
def alice_on_duty(transactional_db: None) -> Any:
    team = make_team(name="General", slug="general", languages=["en", "es"], chat_capacity=3)
    alice = make_agent(username="alice", first_name="Alice", last_name="Agent")
    TeamMembershipFactory(team=team, user=alice)
    make_online(alice)
    return alice


def test_the_chat_console_and_the_ticket_page_see_each_other(browser: Any, server: str, alice_on_duty: Any):
    """An agent answering a chat in the console and another with the chat's ticket page open."""
    alice_context, console = _console(browser, server, alice_on_duty)
    shop_context, shop = _customer(browser, server)
    omar = AgentFactory.create(username="omar", first_name="Omar", role="supervisor")
    omar_context = None
    try:
        column = _start_and_accept(shop, console)
        reference = column.get_attribute("data-ticket")
        ticket = int(str(reference).split("-")[-1])
        omar_context, omar_page = _agent_page(
            browser, server, omar, reverse("tickets:ticket-detail", args=[ticket])
        )
        expect(column.locator(".presence-bar")).to_have_text("Omar is viewing")
        expect(omar_page.locator("[data-presence]")).to_have_text("Alice is viewing")
        column.locator("form.chat-composer textarea").press_sequentially("Checking your withdrawal now")
        expect(omar_page.locator("[data-presence]")).to_have_text("Alice is typing a reply")
    finally:
        for context in (omar_context, shop_context, alice_context):
            if context is not None:
                context.close()
