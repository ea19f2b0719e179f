"""The ticket page's properties panel, "Send as <status>" and keyboard shortcuts, in a browser
(docs/workspace.md)."""

import pytest
from playwright.sync_api import expect

from tests.browser.waits import loaded
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Category, EntryKind, Priority, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    customer = CustomerFactory.create(name="Satoshi N", email="satoshi@mail.example")
    ticket = TicketFactory.create(
        customer=customer, team=TeamFactory.create(name="General"), subject="USDT withdrawal stuck"
    )
    return live_server.url, ticket


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/tickets/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Queues", exact=True)).to_be_visible()


def test_three_properties_change_with_one_save(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    panel = page.locator("#properties")
    panel.get_by_label("Priority").select_option(str(Priority.URGENT))
    panel.get_by_label("Category").select_option(Category.DEPOSIT)
    panel.get_by_label("Tags").fill("usdt, tron")
    panel.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Ticket updated.")).to_be_visible()
    assert [url for url in posts if "/properties/" in url] == [f"{base}/tickets/{ticket.pk}/properties/"]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.category) == (Priority.URGENT, Category.DEPOSIT)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["tron", "usdt"]
    expect(page.locator(".ticket-head .prio")).to_have_text("Urgent")


def test_send_as_solved_sends_the_reply_and_solves_the_ticket(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    page.get_by_label("Message").fill("The deposit is credited now.")
    page.get_by_label("More ways to send").click()
    page.get_by_role("button", name="Send as Solved").click()

    expect(page.get_by_text("Reply sent.")).to_be_visible()
    expect(page.locator(".ticket-head .status")).to_have_text("Solved")
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY, body="The deposit is credited now.").exists()


def test_question_mark_opens_the_shortcut_sheet_and_letters_never_fire_while_typing(page, setup):
    base, ticket = setup
    _sign_in(page, base)
    page.goto(f"{base}/tickets/{ticket.pk}/")
    sheet = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(sheet).to_be_hidden()

    page.locator("body").press("?")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("Assign the ticket to me")
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()

    # "n" writes a note: the composer switches and takes the focus; typed letters stay text.
    page.locator("body").press("n")
    message = page.get_by_label("Message")
    expect(message).to_be_focused()
    expect(page.get_by_label("Internal note")).to_be_checked()
    message.type("s? a")
    expect(message).to_have_value("s? a")
    expect(sheet).to_be_hidden()

    # "s" goes to the status of the properties panel.
    message.blur()
    page.locator("body").press("s")
    expect(page.locator("#properties").get_by_label("Status")).to_be_focused()


def test_j_and_k_walk_the_queue_and_a_takes_the_ticket(page, setup):
    base, ticket = setup
    older = TicketFactory.create(customer=ticket.customer, team=ticket.team, subject="Older case")
    _sign_in(page, base)
    page.goto(f"{base}/tickets/?queue=unassigned")
    rows = page.locator("#queue-results .subject-cell a")
    expect(rows).to_have_count(2)
    page.locator("body").press("j")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("o")
    first, second = sorted([ticket, older], key=lambda t: -t.pk)
    expect(page).to_have_url(f"{base}/tickets/{second.pk}/")
    # A key pressed before the new page's scripts have run is lost, as it would be for a person.
    loaded(page)

    # On a ticket, k goes to the previous one of the queue the agent came from.
    page.locator("body").press("k")
    expect(page).to_have_url(f"{base}/tickets/{first.pk}/")
    loaded(page)
    page.locator("body").press("a")
    # Taking it reloads the page: g and q go to the new one once it listens.
    expect(page.get_by_text("The ticket is yours.")).to_be_visible()
    loaded(page)
    first.refresh_from_db()
    assert first.assignee is not None and first.assignee.username == "alice"

    page.locator("body").press("g")
    page.keyboard.press("q")
    expect(page).to_have_url(f"{base}/tickets/")
