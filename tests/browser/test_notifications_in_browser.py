"""Agent A mentions @B in a note; B's bell, open on another page, counts it at once (docs/notifications.md).

The bell's count travels over its own websocket, so this runs the ASGI application under uvicorn like
the chat's browser test (tests/browser/test_chat_in_browser.py)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from notifications.models import Kind, Notification
from tests.browser.test_chat_in_browser import SERVER, serving_asgi
from tests.browser.test_supervisor_pages import rows_of_the_top_bar
from tests.browser.waits import ACTION_TIMEOUT_MS
from tests.factories import make_agent, make_team, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    with serving_asgi(tmp_path, SERVER) as base:
        yield base


def _signed_in(browser: Any, base: str, user: Any) -> tuple[Any, Any]:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    return context, page


def test_a_mention_in_a_note_raises_the_colleagues_bell_live(browser: Any, asgi_server: str) -> None:
    base = asgi_server
    ana = make_agent(username="ana", first_name="Ana")
    bruno = make_agent(username="bruno", first_name="Bruno")
    ticket = make_ticket(team=make_team(), subject="USDT withdrawal stuck")

    bruno_context, bruno_page = _signed_in(browser, base, bruno)
    bruno_page.goto(f"{base}/tickets/")
    bell = bruno_page.locator("[data-notification-bell]")
    expect(bell).to_have_attribute("data-live", "true")
    expect(bell.locator("[data-unread-count]")).to_be_hidden()
    # The bell adds no second line to the top bar at 1440 px.
    assert rows_of_the_top_bar(bruno_page) == 1

    ana_context, ana_page = _signed_in(browser, base, ana)
    ana_page.goto(f"{base}/tickets/{ticket.pk}/")
    ana_page.get_by_label("Internal note").check()
    ana_page.get_by_label("Message").fill("@bruno can you check the hot wallet?")
    ana_page.get_by_label("Message").press("Control+Enter")
    expect(ana_page.get_by_text("Note added.")).to_be_visible()

    # No reload: the count arrives over Bruno's socket.
    expect(bell.locator("[data-unread-count]")).to_have_text("1")
    assert Notification.objects.filter(recipient=bruno, kind=Kind.MENTIONED, ticket=ticket).count() == 1
    assert not Notification.objects.filter(recipient=ana).exists()

    bell.locator("summary").click()
    item = bell.get_by_role("button", name=f"Ana mentioned you on {ticket.reference}")
    expect(item).to_be_visible()
    item.click()
    bruno_page.wait_for_url(f"{base}/tickets/{ticket.pk}/")
    expect(bruno_page.locator("[data-notification-bell] [data-unread-count]")).to_be_hidden()

    ana_context.close()
    bruno_context.close()
