# ruff: noqa: F811 - the fixture is imported from the module that defines it
"""Tier 0 in the chat widget, in a real browser against the real websocket server: a visitor asks a
how-to question, the assistant greets them and answers with "Yes, this solved it" / "Talk to a
person"; they click "Talk to a person", are told who will answer, and the same chat is offered to the
agent online, who accepts it and sees everything the visitor said.

The server runs in a child process (see test_chat_in_browser.py for why) with tier 0 on. The visit
that ends with a person runs tier 0 as it ships (the committed model reading the question, the
decision answering from the seeded help-center article, the real hand-off notice); the others, which
test what the widget and the help center do with an answer, script the reading and the decision
(tests/assistant/tier0_fakes.py), installed in the server process before it serves.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.models import Assessment
from livechat.models import Conversation, ConversationStatus
from tests.assistant.tier0_fakes import ANSWER
from tests.browser.test_chat_in_browser import (
    _console,
    _customer,
    agent_on_duty,  # noqa: F401
    serving_asgi,
)
from tickets.models import EntryKind, Status, TimelineEntry


def words(texts: list[str]) -> list[str]:
    """Each text with its whitespace as a page shows it (line breaks and runs of spaces alike)."""
    return [" ".join(t.split()) for t in texts]


pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SERVER = """
import os, sys
import django
import uvicorn
from django.conf import settings

layer = settings.CHANNEL_LAYERS["default"]
if "redis" in layer["BACKEND"].lower():
    layer["CONFIG"] = {**layer.get("CONFIG", {}), "prefix": os.environ["CHAT_TEST_LAYER_PREFIX"]}
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
settings.ASSISTANT_ENABLED = True
django.setup()

if os.environ.get("TIER0_SCRIPTED"):
    import assistant.decide, assistant.delivery, assistant.services, assistant.widget
    from tests.assistant.tier0_fakes import NOTICE, Script, answer

    script = Script(decisions=[answer()])
    assistant.services.read = assistant.widget.read = script.read
    assistant.decide.decide = script.decide
    assistant.services.handoff_notice = assistant.delivery.handoff_notice = lambda **kw: NOTICE
uvicorn.run(
    "helpdesk.asgi:application", host="127.0.0.1", port=int(sys.argv[1]), lifespan="off", log_level="warning"
)
"""


@contextmanager
def _serving(tmp_path: Path, *, scripted: bool) -> Iterator[str]:
    changes: dict[str, str | None] = {"HF_HUB_OFFLINE": "1", "TIER0_SCRIPTED": "1" if scripted else None}
    with serving_asgi(tmp_path, SERVER, changes) as base:
        yield base


@pytest.fixture
def tier0_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """The server with tier 0's reading and decision scripted (tests/assistant/tier0_fakes.py)."""
    with _serving(tmp_path, scripted=True) as base:
        yield base


@pytest.fixture
def tier0_real_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """The server with tier 0 as it ships: the committed model, the decision and the hand-off notice,
    over the help center's seeded articles."""
    from knowledgebase.seed_loader import kb_seed_load

    kb_seed_load()
    with _serving(tmp_path, scripted=False) as base:
        yield base


def test_a_visitor_gets_tier0s_answer_then_talks_to_a_person_who_is_offered_the_same_chat(
    browser: Any, tier0_real_server: str, agent_on_duty: Any
):
    base = tier0_real_server
    agent_context, console = _console(browser, base, agent_on_duty)
    customer_context, shop = _customer(browser, base)
    try:
        shop.get_by_role("button", name="Chat with support").click()
        shop.get_by_label("What do you need help with?").select_option("account_access")
        shop.get_by_label("Your question (optional)").fill("How do I turn on 2FA?")
        shop.get_by_role("button", name="Start chat").click()

        # The assistant greets, says the visitor is with it, and answers with the two choices.
        # The greeting comes from the server's worker, beside the model it is loading: a minute.
        expect(shop.get_by_text("Hello, I am the support assistant.", exact=False)).to_be_visible(
            timeout=60_000
        )
        expect(shop.get_by_text("You are chatting with the assistant.")).to_be_visible()
        said = shop.locator(".cdw-msg-assistant[data-seq] .cdw-body")
        # The worker thread loads the model on its first message: allow it the time.
        expect(said).to_have_count(1, timeout=60_000)
        assessment = Assessment.objects.get()
        assert (assessment.intent, assessment.decision, assessment.article) == (
            "twofa_setup_howto",
            "answer",
            "enable-2fa",
        )
        assert words(said.all_inner_texts()) == words([assessment.reply])
        choices = shop.locator(".cdw-choices")
        expect(choices.get_by_role("button", name="Yes, this solved it")).to_be_visible()
        expect(choices.get_by_role("button", name="Talk to a person")).to_be_visible()
        expect(shop.get_by_role("link", name="Read the article")).to_be_visible()
        # While tier 0 holds the chat, nobody is offered it.
        held = Conversation.objects.get()
        assert held.with_assistant and held.status == ConversationStatus.WAITING
        expect(console.get_by_role("button", name=re.compile(r"^Accept the chat with"))).to_have_count(0)

        choices.get_by_role("button", name="Talk to a person").click()

        # Told who will answer and when; the choices are gone; the agent is offered the chat.
        expect(said).to_have_count(2, timeout=30_000)
        notice = TimelineEntry.objects.filter(kind=EntryKind.AGENT_REPLY).latest("seq")
        assert notice.author is not None and notice.author.username == "assistant"
        assert notice.body and words(said.all_inner_texts())[-1] == words([notice.body])[0]
        expect(shop.locator(".cdw-choices")).to_have_count(0)
        expect(shop.get_by_text("You are chatting with the assistant.")).to_have_count(0)
        accept = console.get_by_role("button", name=re.compile(r"^Accept the chat with Vera Lindqvist"))
        expect(accept).to_be_visible(timeout=30_000)
        offered = Conversation.objects.get()
        assert offered.status == ConversationStatus.OFFERED
        assert offered.offered_to_id == agent_on_duty.pk and offered.with_assistant is False
        assert Assessment.objects.get().outcome == "person"

        # The agent takes it with everything the visitor said, and tier 0's words, on it.
        accept.click()
        column = console.locator("article.chat-col")
        expect(column.get_by_role("heading", name="Vera Lindqvist")).to_be_visible()
        expect(column.locator(".chat-log .chat-body")).to_have_count(3)
        assert words(column.locator(".chat-log .chat-body").all_inner_texts()) == words(
            ["How do I turn on 2FA?", assessment.reply, notice.body]
        )
        expect(shop.get_by_text("You are chatting with Alice.")).to_be_visible()
    finally:
        customer_context.close()
        agent_context.close()


def test_a_visitor_whose_question_tier0_answered_says_so_and_the_chat_ends_solved(
    browser: Any, tier0_server: str, agent_on_duty: Any
):
    customer_context, shop = _customer(browser, tier0_server)
    try:
        shop.get_by_role("button", name="Chat with support").click()
        shop.get_by_label("What do you need help with?").select_option("account_access")
        shop.get_by_label("Your question (optional)").fill("How do I turn on 2FA?")
        shop.get_by_role("button", name="Start chat").click()
        choices = shop.locator(".cdw-choices")
        expect(choices.get_by_role("button", name="Yes, this solved it")).to_be_visible(timeout=30_000)

        choices.get_by_role("button", name="Yes, this solved it").click()

        expect(shop.get_by_role("heading", name="This chat has ended.")).to_be_visible(timeout=30_000)
        expect(shop.locator(".cdw-choices")).to_have_count(0)
        expect(shop.get_by_role("button", name="Talk to a person")).to_have_count(0)
        solved = Conversation.objects.select_related("ticket").get()
        assert solved.status == ConversationStatus.ENDED
        assert solved.ticket.status == Status.SOLVED
        assert solved.offered_to_id is None and solved.ticket.assignee_id is None
    finally:
        customer_context.close()


def test_the_help_centers_ask_box_answers_in_place_with_a_way_to_a_person(browser: Any, tier0_server: str):
    context, page = _customer(browser, tier0_server, path="/help/en/")
    try:
        page.get_by_label("Your question").fill("How do I turn on 2FA?")
        page.get_by_role("button", name="Ask", exact=True).click()

        answer = page.locator("[data-ask-answer]")
        expect(answer).to_contain_text(ANSWER, timeout=30_000)
        expect(answer.get_by_role("link", name="Read the article")).to_be_visible()
        expect(page.locator("[data-ask-result]").get_by_role("button", name="Chat with us")).to_be_visible()
        expect(page.locator("[data-ask-result]").get_by_role("link", name="Email us")).to_be_visible()
        # Answered in place: still the help center's home page.
        assert page.url.endswith("/help/en/")
    finally:
        context.close()
