"""In the browser: the triage panel on the ticket page puts the diagnosis's reply into the composer."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import browser, page
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from triage.models import Mention, TicketTriage

from .scenario import ETH

__all__ = ["browser", "page"]  # fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_inserts_the_triage_reply_into_the_composer(page, live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    ticket = TicketFactory.create(
        customer=CustomerFactory.create(),
        team=TeamFactory.create(name="General"),
        subject="USDT",
        language="es",
        body="Hola, mi depósito de USDT todavía no aparece en mi cuenta.",
    )
    entry = ticket.entries.order_by("pk").first()
    assert entry is not None
    Mention.objects.create(
        entry=entry, ticket=ticket, kind="tx_hash", value=ETH["usdt_deposit"], network="ethereum"
    )
    now = timezone.now()
    TicketTriage.objects.update_or_create(
        ticket=ticket,
        defaults={
            "state": "done",
            "requested_at": now,
            "updated_at": now,
            "looked_up_at": now,
            "diagnoses": [
                {
                    "code": "credited",
                    "subject": ETH["usdt_deposit"],
                    "evidence": ["The exchange credited this deposit of 250 USDT on ethereum."],
                    "params": {"amount": "250", "asset": "USDT", "network": "ethereum"},
                    "skill": "",
                    "severity": "ok",
                }
            ],
        },
    )
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    panel = page.locator("[data-triage-panel]")
    expect(panel.get_by_role("heading", name="Credited: nothing wrong")).to_be_visible()
    expect(panel.get_by_role("link", name=ETH["usdt_deposit"])).to_have_attribute(
        "href", f"https://etherscan.io/tx/{ETH['usdt_deposit']}"
    )
    panel.get_by_role("button", name="Insert reply").click()
    expect(page.get_by_label("Message")).to_have_value(
        re.compile(r"Su depósito de 250 USDT en Ethereum ya se ha acreditado")
    )
