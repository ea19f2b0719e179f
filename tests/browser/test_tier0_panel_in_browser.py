"""In the browser: an agent reads tier 0's panel beside the triage and corrects the intent in one click;
a supervisor reaches the Tier 0 page from the Supervise menu, and its top bar stays one line."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.models import DecisionKind, Example
from tests.assistant.tier0_rows import TX, assessment_row
from tests.browser.waits import loaded
from tests.factories import AgentFactory, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Where to keep screenshots when someone wants to look at the pages (unset: none are taken).
SHOTS = os.environ.get("TIER0_SCREENSHOTS", "")


@pytest.fixture
def signed_in(page: Any, live_server: Any) -> Any:
    def sign_in(username: str, role: str = "agent") -> str:
        AgentFactory.create(username=username, role=role, first_name="Alice", last_name="Agent")
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
        return str(live_server.url)

    return sign_in


def test_an_agent_corrects_tier_0_in_one_click_and_the_timeline_says_so(page: Any, signed_in: Any) -> None:
    base = signed_in("alice")
    ticket = make_ticket()
    assessment_row(
        ticket,
        intent="fees_info",
        decision=DecisionKind.HANDOFF,
        confidence=0.31,
        threshold=0.42,
        why="confidence 0.31 below 0.42",
        article="",
        distress=True,
        reasons=["three exclamation marks", "says it is their savings"],
        mentions=[{"kind": "eth_tx", "value": TX}],
        reply="A person from Wallets will answer within 15 minutes.",
    )
    page.goto(f"{base}/tickets/{ticket.pk}/")
    panel = page.locator("#tier0-panel")
    expect(panel.get_by_role("heading", name="Tier 0")).to_be_visible()
    expect(panel.get_by_text("Handed to a person: confidence 0.31 below 0.42")).to_be_visible()
    expect(panel.get_by_text("says it is their savings")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/tier0-panel.png", full_page=True)

    panel.get_by_label("Really about").select_option("withdrawal_pending")
    panel.get_by_role("button", name="Correct").click()
    expect(page.get_by_text("Corrected to “withdrawal pending”")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text(
        "corrected tier 0's reading from “fees info” to “withdrawal pending”"
    )
    assert Example.objects.get().intent == "withdrawal_pending"


def test_a_supervisor_reaches_the_tier_0_page_from_the_menu_on_one_line(page: Any, signed_in: Any) -> None:
    base = signed_in("sofia", "supervisor")
    for n in range(4):
        assessment_row(make_ticket(), decision=DecisionKind.HANDOFF if n == 3 else DecisionKind.ANSWER)
    page.goto(f"{base}/tickets/")
    page.get_by_text("Supervise", exact=True).click()
    page.get_by_role("link", name="Tier 0").click()
    expect(page.get_by_role("heading", name="Tier 0", exact=True)).to_be_visible()
    # The menu is closed on the new page; its entry still says which page this is.
    expect(page.locator(".navmenu a[href='/assistant/settings/']")).to_have_attribute("aria-current", "page")
    # The bell loads after the page: measure the bar once it is in.
    loaded(page)
    tops = page.evaluate(
        "() => ['.brand', '.mainnav', '.topsearch', '.whoami'].map("
        "s => Math.round(document.querySelector(s).getBoundingClientRect().top / 10))"
    )
    assert len(set(tops)) == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/tier0-settings.png", full_page=True)
