"""An agent bulk-assigns a page of 50 cases from the queue, and merges a duplicate into another case from
the ticket page (docs/bulk.md)."""

import pytest
from playwright.sync_api import expect

from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TeamMembershipFactory, TicketFactory
from tickets.models import Status, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    team = TeamFactory.create(name="General")
    bob = AgentFactory.create(username="bob", first_name="Bob", last_name="Builder")
    TeamMembershipFactory.create(team=team, user=bob)
    customer = CustomerFactory.create(name="Satoshi Nakamoto")
    return live_server.url, team, customer, bob


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()


def test_an_agent_bulk_assigns_fifty_cases_from_the_queue(page, setup):
    base, team, customer, bob = setup
    cases = [TicketFactory.create(customer=customer, team=team, subject=f"Deposit {i}") for i in range(50)]
    _sign_in(page, base)
    page.goto(f"{base}/tickets/?queue=all")
    expect(page.locator("[data-bulk-form]")).to_be_visible()
    page.get_by_label("Select all on this page").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("50")
    page.locator("select[data-bulk-action]").select_option("assign")
    page.locator("select[name=assignee]").select_option(label="Bob Builder")
    page.get_by_role("button", name="Apply").click()
    # Fifty tickets changed one by one, polled every second: on a loaded machine that takes a while.
    expect(page.locator("#bulk-job [data-count=done]")).to_have_text("50 changed", timeout=90_000)
    assert Ticket.objects.filter(pk__in=[c.pk for c in cases], assignee=bob).count() == 50


def test_an_agent_merges_a_duplicate_into_the_other_case(page, setup):
    base, team, customer, _bob = setup
    target = TicketFactory.create(customer=customer, team=team, subject="Where is my BTC?")
    source = TicketFactory.create(
        customer=customer, team=team, subject="BTC missing", body="I sent 0.5 BTC from my wallet yesterday."
    )
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{source.pk}/")
    page.get_by_label("Merge this ticket into").fill(target.reference)
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text(f"{source.reference} was merged into this ticket.")).to_be_visible()
    assert page.url.rstrip("/").endswith(f"/tickets/{target.pk}")
    expect(page.locator(".timeline")).to_contain_text("I sent 0.5 BTC from my wallet yesterday.")
    expect(page.locator(".timeline .from-case").first).to_contain_text(f"from {source.reference}")
    expect(page.locator("[data-merged-source]")).to_have_text(source.reference)
    source.refresh_from_db()
    assert (source.status, source.merged_into_id) == (Status.CLOSED, target.pk)
