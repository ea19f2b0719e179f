"""An admin builds a routing rule in the configuration area's form, condition by condition, and the dry
run beside it follows every change; the top bar stays one line on the area's pages."""

import pytest
from playwright.sync_api import expect

from routing.models import RoutingRule
from tests.browser.waits import htmx_idle, loaded
from tests.factories import AgentFactory, make_customer, make_team, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(page, live_server):
    AgentFactory.create(username="ada", role="admin", first_name="Ada", last_name="Admin")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
    return page


def test_an_admin_builds_a_rule_and_sees_the_dry_run_change(admin_page, live_server):
    page = admin_page
    make_team(name="VIP desk", slug="vip-desk", tier=3)
    vip = make_ticket(customer=make_customer(vip_level="vip3"), subject="Large withdrawal stuck")
    plain = make_ticket(customer=make_customer(), subject="Deposit question")

    page.get_by_text("Supervise", exact=True).click()
    page.get_by_role("link", name="Configuration").click()
    expect(page.get_by_role("heading", name="Configuration", exact=True)).to_be_visible()
    page.get_by_role("link", name="Routing rules").first.click()
    page.get_by_role("link", name="New rule").click()
    expect(page).to_have_url(f"{live_server.url}/config/rules/new/")
    # The form sends each change once htmx listens to it: the new page's scripts must have run.
    loaded(page)

    dry_run = page.locator("#rule-dry-run")
    page.get_by_label("Name").fill("VIP 3 to the VIP desk")
    page.get_by_label("Send to team").select_option(label="VIP desk")
    # No condition yet: the rule catches every recent ticket.
    expect(dry_run).to_contain_text("Catches 2 of the 2 tickets below.")

    page.locator("#c-0-field").select_option(label="VIP level")
    # The row now offers VIP level's tests and its values.
    expect(page.locator("#c-0-op")).to_be_visible()
    # Each change swaps the rows; pick a value only once htmx has bound the new row's widgets.
    htmx_idle(page)
    page.locator("#c-0-value").select_option("vip3")
    expect(dry_run).to_contain_text("Catches 1 of the 2 tickets below.")
    expect(dry_run.locator(f'tr[data-ticket="{vip.reference}"]')).to_contain_text("VIP desk")
    expect(dry_run.locator(f'tr[data-ticket="{plain.reference}"]')).to_contain_text("no")

    page.locator("#c-0-value").select_option("vip1")
    expect(dry_run).to_contain_text("Catches 0 of the 2 tickets below.")

    htmx_idle(page)
    page.get_by_role("button", name="Add condition").click()
    htmx_idle(page)
    page.locator("#c-1-field").select_option(label="pending withdrawal (USD)")
    htmx_idle(page)
    page.locator("#c-1-op").select_option("gte")
    expect(page.locator("#c-1-op")).to_have_value("gte")
    # A threshold not given yet: the engine's own message, in place of the run.
    expect(dry_run.locator(".rule-error")).to_contain_text("condition 2: '' is not a number")
    htmx_idle(page)
    page.locator("#c-1-value").fill("1000")
    page.locator("#c-1-value").press("Tab")
    expect(dry_run).to_contain_text("pending withdrawal (USD) ≥ 1,000")
    htmx_idle(page)
    page.locator("#c-0-value").select_option("vip3")
    expect(dry_run).to_contain_text("Catches 0 of the 2 tickets below.")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Rule VIP 3 to the VIP desk saved.")).to_be_visible()
    rule = RoutingRule.objects.get()
    assert rule.conditions == [
        {"field": "vip_level", "op": "eq", "value": "vip3"},
        {"field": "pending_withdrawal_usd", "op": "gte", "value": 1000},
    ]
    assert rule.actions == {"team": "vip-desk"}


def test_the_top_bar_stays_one_line_on_the_configuration_pages(admin_page, live_server):
    page = admin_page
    for path in ("/config/", "/config/rules/new/", "/config/teams/", "/config/sla/"):
        page.goto(f"{live_server.url}{path}")
        # The bell and the approvals link load after the page: measure the bar once they are in.
        htmx_idle(page)
        tops = page.evaluate(
            "() => ['.brand', '.mainnav', '.topsearch', '.whoami'].map("
            "s => Math.round(document.querySelector(s).getBoundingClientRect().top / 10))"
        )
        assert len(set(tops)) == 1, path
