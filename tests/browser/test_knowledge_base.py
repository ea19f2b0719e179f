"""The knowledge base in the browser: an agent quotes an article into a reply; a reader of the help
center opens a chat from an article, and the agent sees which article it was."""

import re
import time

import pytest
from playwright.sync_api import expect

from knowledgebase.services import article_create, category_upsert, translation_publish, translation_save
from livechat.models import Conversation
from tests.browser.waits import htmx_idle, loaded
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TicketFactory
from tickets.models import EntryKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(live_server):
    category, _created = category_upsert(slug="withdrawals", names={"en": "Withdrawals"}, descriptions={})
    article = article_create(slug="withdrawal-pending", category=category, actor=None)
    translation = translation_save(
        article=article,
        language="en",
        title="Why is my withdrawal pending?",
        body="Most withdrawals leave within 30 minutes. A **security review** can hold one for a few hours.",
        actor=None,
    )
    translation_publish(translation=translation, actor=None)
    return article


def test_an_agent_finds_an_article_and_puts_its_link_in_the_reply(page, live_server, article):
    AgentFactory.create(username="alice", first_name="Alice", last_name="Agent")
    ticket = TicketFactory.create(
        customer=CustomerFactory.create(), team=TeamFactory.create(name="General"), subject="Still pending"
    )
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    # htmx binds the panel's form once the page's deferred scripts have run; typing before that is not
    # seen, so wait for the ticket page and for htmx, then type; Enter submits too, should the typing
    # pause be missed.
    search = page.get_by_placeholder("Search articles…")
    expect(search).to_be_visible()
    loaded(page)
    search.fill("withdrawal pending")
    search.press("Enter")
    panel = page.locator("[data-kb-panel]")
    # The panel searches after a pause in typing, beside the page's other look-ups (the exchange panel,
    # the bell, the presence socket): room for a busy machine.
    expect(panel.locator(".kb-hit").first).to_contain_text("Why is my withdrawal pending?", timeout=30_000)
    htmx_idle(page)
    panel.get_by_role("button", name="Insert link").first.click()
    message = page.get_by_label("Message")
    expect(message).to_have_value(re.compile(r"/help/en/articles/withdrawal-pending/"))
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".entry-agent_reply")).to_contain_text("/help/en/articles/withdrawal-pending/")
    reply = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    assert "Why is my withdrawal pending?" in reply.body


def test_a_chat_opened_from_an_article_tells_the_agent_which_article_was_read(page, live_server, article):
    TeamFactory.create(name="General")
    page.goto(f"{live_server.url}/help/en/articles/withdrawal-pending/")
    expect(page.get_by_role("heading", name="Why is my withdrawal pending?")).to_be_visible()
    page.get_by_role("button", name="Chat with us").click()

    # The widget is loaded on demand and opens on its pre-chat form (in its own shadow root).
    page.locator("select[name=topic]").select_option("withdrawal")
    page.locator("input[name=name]").fill("Ana")
    page.get_by_role("button", name="Start chat").click()

    # The live server speaks HTTP only, so the chat's websocket never connects here; the start call
    # (plain HTTP) is what carries the article, and its ticket is what the agent opens.
    deadline = time.monotonic() + 30
    while not Conversation.objects.exists() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    conversation = Conversation.objects.select_related("ticket").get()
    first = conversation.ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert "Why is my withdrawal pending?" in first.body
    assert "/help/en/articles/withdrawal-pending/" in first.body
    assert list(conversation.ticket.tags.values_list("name", flat=True)) == ["kb-withdrawal-pending"]
