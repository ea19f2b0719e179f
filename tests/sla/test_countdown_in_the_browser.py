"""In the browser the countdown ticks by itself and turns red when its deadline passes."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CI, browser, page  # noqa: F401 - the shared Playwright fixtures
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import make_policy
from tickets.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not CI, reason=f"no browser at {CHROMIUM}; run `make browser`"
    ),
]


def test_a_live_chat_countdown_ticks_and_turns_red_at_its_deadline(page, live_server):  # noqa: F811
    make_agent(username="alice")
    make_policy(
        "Live chat",
        channels=[Channel.CHAT],
        first_response_target=dt.timedelta(seconds=6),
        resolution_target=None,
    )
    ticket = make_ticket(team=make_team(), channel=Channel.CHAT, subject="Deposit not credited")

    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    countdown = page.locator("#sla [data-sla-due]")
    expect(countdown).to_have_class(re.compile(r"\bsla-(ok|warning)\b"))
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=3_000)
    expect(countdown).to_have_class(re.compile(r"\bsla-breached\b"), timeout=10_000)
    expect(countdown).to_have_text(re.compile("\N{MINUS SIGN}"))
