"""The pages people use, opened in Chromium under the Content-Security-Policy, refuse nothing of their
own: the queue, a ticket, the chat console (with its websocket), the help center, the widget on the demo
exchange page (with its socket), the admin and the API docs. Every violation the browser reports, by
event or on the console, fails the test."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.test_chat_in_browser import SERVER, serving_asgi
from tests.browser.waits import ACTION_TIMEOUT_MS
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tests.routing.conftest import make_online

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Runs in every page before its own scripts (Playwright injects it, outside the page's policy).
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});
"""


@pytest.fixture
def server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    with serving_asgi(tmp_path, SERVER) as base:
        yield base


@pytest.fixture
def desk(transactional_db: None) -> dict[str, Any]:
    team = make_team(name="General", slug="general", languages=["en"], chat_capacity=3)
    alice = make_agent(username="alice", first_name="Alice", last_name="Agent")
    TeamMembershipFactory(team=team, user=alice)
    make_online(alice)
    admin = make_agent(username="ada", role="admin", is_staff=True, is_superuser=True)
    ticket = make_ticket(customer=make_customer(external_id="EX-9"), team=team, subject="Withdrawal stuck")
    return {"alice": alice, "admin": admin, "ticket": ticket}


class Watched:
    """A browser context whose pages report every CSP violation they see."""

    def __init__(self, browser: Any, base: str, user: Any = None) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        self.context.add_init_script(COLLECT)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            self.context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
        self.base = base
        self.console: list[str] = []
        self.page = self.context.new_page()
        self.page.set_default_timeout(ACTION_TIMEOUT_MS)
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert "Content-Security-Policy" in {name.title() for name in response.headers}
        return self.page

    def violations(self) -> list[str]:
        return [*self.page.evaluate("window.__csp || []"), *self.console]

    def close(self) -> None:
        self.context.close()


def test_the_workspace_pages_refuse_nothing_of_their_own(browser: Any, server: str, desk: dict[str, Any]):
    watched = Watched(browser, server, desk["alice"])
    try:
        page = watched.open("/tickets/?queue=all")
        expect(page.get_by_role("link", name=re.compile("Withdrawal stuck"))).to_be_visible()
        assert watched.violations() == []
        page = watched.open(f"/tickets/{desk['ticket'].pk}/")
        expect(page.get_by_role("heading", name=re.compile("Withdrawal stuck"))).to_be_visible()
        # The panels beside the timeline load by htmx after the page.
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []
        page = watched.open("/chat/console/")
        expect(page.locator("[data-conn]")).to_have_text("Connected")
        assert watched.violations() == []
    finally:
        watched.close()


def test_the_help_center_and_the_widget_refuse_nothing_of_their_own(
    browser: Any, server: str, desk: dict[str, Any]
):
    watched = Watched(browser, server)
    try:
        page = watched.open("/help/en/")
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []
        page = watched.open("/chat/demo/")
        page.get_by_role("button", name="Chat with support").click()
        page.get_by_label("What do you need help with?").select_option("withdrawal")
        page.get_by_role("button", name="Start chat").click()
        expect(page.get_by_label("Type your message", exact=True)).to_be_focused()
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []
    finally:
        watched.close()


def test_the_admin_and_the_api_docs_work_under_their_policies(
    browser: Any, server: str, desk: dict[str, Any]
):
    watched = Watched(browser, server, desk["admin"])
    try:
        page = watched.open("/admin/routing/team/")
        expect(page.get_by_role("link", name="General").first).to_be_visible()
        page = watched.open(f"/admin/routing/team/{desk['ticket'].team_id}/change/")
        expect(page.get_by_label("Allowed addresses")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []
        page = watched.open("/api/docs/")
        expect(page.get_by_text("Helpdesk API").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []
    finally:
        watched.close()
