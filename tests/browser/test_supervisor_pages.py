"""A supervisor's pages on a 1440-pixel laptop screen: the top bar stays one line, its menu opens and
closes, and the reports mark the period they show."""

import pytest
from playwright.sync_api import expect

from tests.browser.waits import htmx_idle
from tests.factories import AgentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server):
    def sign_in(username: str, role: str) -> str:
        AgentFactory.create(username=username, role=role, first_name="Sofia", last_name="Reyes-Villanueva")
        page.set_viewport_size({"width": 1440, "height": 900})
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
        return str(live_server.url)

    return sign_in


def rows_of_the_top_bar(page) -> int:
    """How many lines the top bar's parts take: their distinct vertical positions."""
    tops = page.evaluate(
        "() => ['.brand', '.mainnav', '.topsearch', '.whoami'].map("
        "s => Math.round(document.querySelector(s).getBoundingClientRect().top / 10))"
    )
    return len(set(tops))


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_the_top_bar_stays_on_one_line_at_1440_pixels(page, signed_in, role):
    base = signed_in("sofia", role)

    for path in ("/tickets/", "/routing/supervisor/", "/sla/report/", "/kb/report/", "/incidents/"):
        page.goto(f"{base}{path}")
        # The bell loads after the page (notifications/); measure the bar as it stays, with every part
        # that loads after the page in.
        page.locator("[data-notification-bell]").wait_for(state="attached")
        htmx_idle(page)
        assert rows_of_the_top_bar(page) == 1, path


def test_the_supervise_menu_opens_names_the_current_page_and_closes_on_escape(page, signed_in):
    base = signed_in("sofia", "supervisor")
    page.goto(f"{base}/sla/report/")
    menu = page.locator("details.navmenu")

    page.get_by_text("Supervise", exact=True).click()
    expect(page.get_by_role("link", name="Knowledge base report")).to_be_visible()
    expect(page.get_by_role("link", name="SLA report")).to_have_attribute("aria-current", "page")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")

    page.get_by_text("Supervise", exact=True).click()
    page.get_by_role("link", name="Knowledge base report").click()
    expect(page.get_by_role("heading", name="Knowledge base report")).to_be_visible()


@pytest.mark.parametrize("path", ["/kb/report/", "/sla/report/"])
def test_a_report_marks_the_period_it_shows(page, signed_in, path):
    base = signed_in("sofia", "supervisor")
    page.goto(f"{base}{path}?days=7")
    period = page.get_by_role("navigation", name="Period")

    chosen = period.get_by_role("link", name="7 days")
    other = period.get_by_role("link", name="30 days")
    expect(chosen).to_have_attribute("aria-current", "page")
    background = "el => getComputedStyle(el).backgroundColor"
    assert chosen.evaluate(background) != other.evaluate(background)
