"""In the browser: a chat agent sees the chat's technical triage beside it in the console (rendered
from the JSON API) and puts the diagnosis's reply into that chat's composer with one click."""

import re
import time
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from livechat.models import Conversation
from tests.browser.conftest import browser
from tests.browser.test_chat_in_browser import _console, _customer, agent_on_duty, asgi_server
from triage.models import Mention, TicketTriage

from .scenario import ETH

__all__ = ["agent_on_duty", "asgi_server", "browser"]  # fixtures

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _triaged(conversation: Conversation) -> None:
    """What intake and the look-up store for a message with a hash (their own tests cover how)."""
    ticket = conversation.ticket
    entry = ticket.entries.order_by("pk").first()
    assert entry is not None
    Mention.objects.create(
        entry=entry,
        ticket=ticket,
        kind="tx_hash",
        value=ETH["usdt_deposit"],
        network="ethereum",
        chains=["evm"],
    )
    now = timezone.now()
    TicketTriage.objects.create(
        ticket=ticket,
        state="done",
        requested_at=now,
        updated_at=now,
        looked_up_at=now,
        diagnoses=[
            {
                "code": "awaiting_confirmations",
                "subject": ETH["usdt_deposit"],
                "evidence": ["3 of 12 confirmations on ethereum (the exchange says); it is credited at 12."],
                "params": {
                    "amount": "250",
                    "asset": "USDT",
                    "network": "ethereum",
                    "confirmations": "3",
                    "required": "12",
                },
                "skill": "",
                "severity": "info",
            }
        ],
    )


def test_the_console_shows_the_chats_triage_and_inserts_its_reply(
    browser: Any, asgi_server: str, agent_on_duty: Any
):
    agent_context, console = _console(browser, asgi_server, agent_on_duty)
    customer_context, shop = _customer(browser, asgi_server)
    try:
        shop.get_by_role("button", name="Chat with support").click()
        shop.get_by_label("What do you need help with?").select_option("withdrawal")
        shop.get_by_role("button", name="Start chat").click()
        deadline = time.monotonic() + 15
        while not Conversation.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        _triaged(Conversation.objects.get())

        console.get_by_role("button", name=re.compile(r"^Accept the chat with Vera Lindqvist")).click()
        column = console.locator("article.chat-col")
        triage = column.locator(".chat-triage")
        expect(triage.locator("summary")).to_have_text("Technical triage · Done")
        expect(triage.locator("code")).to_have_text(ETH["usdt_deposit"])
        expect(triage.locator("a")).to_have_attribute(
            "href", f"https://etherscan.io/tx/{ETH['usdt_deposit']}"
        )
        expect(triage.locator(".chat-triage-diagnosis")).to_contain_text(
            "Not credited yet: waiting for confirmations"
        )
        triage.get_by_role("button", name="Insert reply").click()
        expect(column.get_by_label("Message", exact=True)).to_have_value(
            re.compile(r"has 3 of the 12 confirmations we need")
        )
    finally:
        customer_context.close()
        agent_context.close()
