"""An agent searches the queue with a typo, saves the search as a view, opens it and sorts it
(docs/views-and-search.md)."""

import re

import pytest
from playwright.sync_api import expect

from queueviews.models import SavedView
from queueviews.vocabulary import vocabulary_sweep
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Priority

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    team = TeamFactory.create(name="General")
    customer = CustomerFactory.create(name="Satoshi Nakamoto")
    low = TicketFactory.create(
        customer=customer,
        team=team,
        subject="Question about limits",
        body="Is there a daily withdrawal limit for new accounts?",
        priority=Priority.LOW,
    )
    urgent = TicketFactory.create(
        customer=customer,
        team=team,
        subject="Funds missing",
        body="My withdrawal of 2 BTC never reached my wallet.",
        priority=Priority.URGENT,
    )
    TicketFactory.create(customer=customer, team=team, subject="Login", body="I cannot sign in.")
    # The typo correction's vocabulary, as beat's sweep keeps it.
    vocabulary_sweep()
    return live_server.url, low, urgent


def test_an_agent_saves_a_search_as_a_view_opens_it_and_sorts_it(page, setup):
    base, low, urgent = setup
    page.goto(f"{base}/tickets/?queue=all")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()
    page.goto(f"{base}/tickets/?queue=all")

    page.get_by_role("searchbox", name="Search", exact=True).fill("withdrawl")
    page.get_by_role("button", name="Filter", exact=True).click()
    # The unfiltered page shows both tickets too: read the results of the search.
    expect(page).to_have_url(re.compile(r"[?&]q=withdrawl(&|$)"))
    results = page.locator("#queue-results")
    expect(results).to_contain_text(low.reference)
    expect(results).to_contain_text(urgent.reference)
    expect(results).not_to_contain_text("Login")
    expect(results.locator(".snippet mark").first).to_be_visible()

    page.get_by_role("button", name="Keep as a view").click()
    page.get_by_label("Name").fill("Withdrawal questions")
    page.get_by_role("button", name="Save", exact=True).click()
    # The view is read once the page it leads to shows it: the click returns before the save is done.
    sidebar = page.get_by_role("complementary", name="Saved views")
    expect(sidebar.get_by_role("link", name="Withdrawal questions")).to_have_attribute("aria-current", "page")
    view = SavedView.objects.get(name="Withdrawal questions")
    assert view.filters["q"] == "withdrawl"
    expect(sidebar.locator(f'[data-view-count="{view.pk}"]')).to_have_text("2")

    page.locator('th a[data-sort="priority"]').click()
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Priority")
    rows = page.locator("#queue-results tbody tr")
    expect(rows.first).to_contain_text(urgent.reference)
    page.locator('th a[data-sort="priority"]').click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Priority")
    expect(rows.first).to_contain_text(low.reference)
