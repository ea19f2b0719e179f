"""A customer on the demo exchange page and an agent in the console chat through the real websocket
server; the customer's network drops while both keep writing, and every message still arrives exactly
once, in order, on both sides.

pytest-django's live server speaks WSGI only, so this test runs the ASGI application under uvicorn in
a child process, against the test database (which is why it needs PostgreSQL: a child process cannot
share an in-memory SQLite database) and the test run's Redis if it has one.
"""

import importlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import expect

from audit.models import AuditEvent
from livechat.models import Conversation, ConversationStatus
from tests.browser.waits import ACTION_TIMEOUT_MS
from tests.factories import TeamMembershipFactory, make_agent, make_team
from tests.routing.conftest import make_online
from tickets.models import EntryKind, TimelineEntry

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Importing Django and the project takes a few seconds alone, minutes beside other suites on two cores.
STARTUP_SECONDS = 120
# The child's entry point: the test settings, with its channel-layer keys under a prefix of its own
# and a process-local cache. Other test runs may share the Redis database and publish to the same
# group names (`agent.1`, `chat.1`); their events must not reach this server's sockets.
SERVER = """
import os, sys
import uvicorn
from django.conf import settings

layer = settings.CHANNEL_LAYERS["default"]
if "redis" in layer["BACKEND"].lower():
    layer["CONFIG"] = {**layer.get("CONFIG", {}), "prefix": os.environ["CHAT_TEST_LAYER_PREFIX"]}
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
uvicorn.run(
    "helpdesk.asgi:application", host="127.0.0.1", port=int(sys.argv[1]), lifespan="off", log_level="warning"
)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    """The test database (already created and migrated by pytest-django) as a URL for the child."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def serving_asgi(
    tmp_path: Path, script: str, env_changes: dict[str, str | None] | None = None
) -> Iterator[str]:
    """uvicorn running `script` (an entry point like SERVER) on a free port against the test database,
    until the block ends; `env_changes` sets (or, with None, removes) variables of the child."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.test_settings",
        "DATABASE_URL": _database_url(),
        "HELPDESK_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CHAT_TEST_LAYER_PREFIX": f"browser-test-{uuid.uuid4().hex}",
    }
    if getattr(settings, "REDIS_URL", ""):
        env["REDIS_URL"] = settings.REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    for name, value in (env_changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    log = (tmp_path / "uvicorn.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(port)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"uvicorn exited with {process.returncode}:\n{log.read()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not answer within {STARTUP_SECONDS} s")
            time.sleep(0.1)
        yield base
    finally:
        # Stopped before the test database is flushed, so none of its connections hold a lock then.
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.seek(0)
        output = log.read()
        log.close()
        if "Traceback" in output:
            print(output)  # shown with the test's report if it failed


@pytest.fixture
def asgi_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """uvicorn serving helpdesk.asgi (pages, the widget API and both websockets) on a free port: one
    process, so the demo page, the widget's HTTP calls and both sockets meet in the same server."""
    with serving_asgi(tmp_path, SERVER) as base:
        yield base


@pytest.fixture
def agent_on_duty(transactional_db: None) -> Any:
    team = make_team(name="General", slug="general", languages=["en", "es"], chat_capacity=3)
    alice = make_agent(username="alice", first_name="Alice", last_name="Agent")
    TeamMembershipFactory(team=team, user=alice)
    make_online(alice)
    return alice


def _console(browser: Any, base: str, agent: Any) -> tuple[Any, Any]:
    client = Client()
    client.force_login(agent)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.goto(f"{base}/chat/console/")
    expect(page.locator("[data-conn]")).to_have_text("Connected")
    return context, page


def _customer(browser: Any, base: str, path: str = "/chat/demo/") -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.goto(f"{base}{path}")
    return context, page


def _start_and_accept(shop: Any, console: Any) -> Any:
    """The customer starts a withdrawal chat; the agent accepts the offer. Returns the chat's column."""
    shop.get_by_role("button", name="Chat with support").click()
    shop.get_by_label("What do you need help with?").select_option("withdrawal")
    shop.get_by_role("button", name="Start chat").click()
    console.get_by_role("button", name=re.compile(r"^Accept the chat with Vera Lindqvist")).click()
    column = console.locator("article.chat-col")
    expect(column.get_by_role("heading", name="Vera Lindqvist")).to_be_visible()
    return column


def test_messages_arrive_once_and_in_order_both_ways_across_a_dropped_connection(
    browser: Any, asgi_server: str, agent_on_duty: Any
):
    base = asgi_server
    agent_context, console = _console(browser, base, agent_on_duty)
    customer_context, shop = _customer(browser, base)
    try:
        # The customer opens the widget on the exchange's page and starts a chat.
        shop.get_by_role("button", name="Chat with support").click()
        expect(shop.get_by_text("Signed in as Vera Lindqvist")).to_be_visible()
        shop.get_by_label("What do you need help with?").select_option("withdrawal")
        shop.get_by_role("button", name="Start chat").click()
        composer = shop.get_by_label("Type your message", exact=True)
        expect(composer).to_be_focused()

        # It is offered to the agent, who accepts it before the countdown runs out.
        console.get_by_role("button", name=re.compile(r"^Accept the chat with Vera Lindqvist")).click()
        column = console.locator("article.chat-col")
        expect(column.get_by_role("heading", name="Vera Lindqvist")).to_be_visible()
        expect(shop.get_by_text("You are chatting with Alice.")).to_be_visible()
        reply_box = column.get_by_label("Message", exact=True)

        # Both ways, with typing indicators.
        composer.fill("Hello, my USDT withdrawal has been pending for two hours")
        expect(column.get_by_text("Vera Lindqvist is typing…")).to_be_visible()
        composer.press("Enter")
        expect(column.locator(".chat-msg-customer .chat-body").last).to_have_text(
            "Hello, my USDT withdrawal has been pending for two hours"
        )
        reply_box.fill("Let me check that for you.")
        expect(shop.get_by_text("Alice is typing…")).to_be_visible()
        reply_box.press("Enter")
        expect(shop.locator(".cdw-msg-agent .cdw-body")).to_have_text(["Let me check that for you."])

        # The customer's network drops; the agent keeps writing, and so does the customer.
        customer_context.set_offline(True)
        expect(shop.get_by_text("You are offline.", exact=False)).to_be_visible()
        for text in ("It is in the hot wallet queue.", "Broadcast now.", "Here is the hash: 0x9f3c…"):
            reply_box.fill(text)
            reply_box.press("Enter")
        expect(column.locator(".chat-msg.is-pending")).to_have_count(0)
        composer.fill("Are you still there?")
        composer.press("Enter")
        expect(shop.locator(".cdw-pending")).to_have_text(re.compile("Waiting for connection"))

        # Back online: the widget resumes after the last number it saw and resends what was not acked.
        customer_context.set_offline(False)
        expected = [
            "Hello, my USDT withdrawal has been pending for two hours",
            "Let me check that for you.",
            "It is in the hot wallet queue.",
            "Broadcast now.",
            "Here is the hash: 0x9f3c…",
            "Are you still there?",
        ]
        expect(shop.locator(".cdw-log .cdw-body")).to_have_text(expected, timeout=60_000)
        expect(shop.locator(".cdw-pending")).to_have_count(0)
        expect(column.locator(".chat-log .chat-body")).to_have_text(["Withdrawals", *expected])

        # A page change on the exchange's site: the widget comes back from sessionStorage and resumes.
        shop.reload()
        expect(shop.locator(".cdw-log .cdw-body")).to_have_text(expected)
        reply_box.fill("Confirmed on chain.")
        reply_box.press("Enter")
        expected.append("Confirmed on chain.")
        expect(shop.locator(".cdw-log .cdw-body")).to_have_text(expected)

        # Now the agent's network drops while the customer writes; the console catches up the same way.
        agent_context.set_offline(True)
        expect(console.locator("[data-conn]")).to_have_text(re.compile("Offline|Reconnecting"))
        for text in ("Thank you!", "Received it."):
            composer.fill(text)
            composer.press("Enter")
            expected.append(text)
        expect(shop.locator(".cdw-pending")).to_have_count(0)
        agent_context.set_offline(False)
        expect(column.locator(".chat-log .chat-body")).to_have_text(
            ["Withdrawals", *expected], timeout=60_000
        )

        # Numbered once each, in order, on both screens and in the database.
        widget_seqs = [
            int(s)
            for s in shop.locator(".cdw-log li[data-seq]").evaluate_all(
                "items => items.map(li => li.getAttribute('data-seq'))"
            )
        ]
        console_seqs = [
            int(s)
            for s in column.locator(".chat-log li[data-seq]").evaluate_all(
                "items => items.map(li => li.getAttribute('data-seq'))"
            )
        ]
        assert widget_seqs == sorted(set(widget_seqs))
        assert console_seqs == sorted(set(console_seqs)) == [1, *widget_seqs]
        conversation = Conversation.objects.get()
        assert conversation.status == ConversationStatus.ACTIVE
        stored = TimelineEntry.objects.filter(ticket=conversation.ticket, seq__isnull=False).order_by("seq")
        assert [e.body for e in stored] == ["Withdrawals", *expected]
        assert stored.filter(kind=EntryKind.CUSTOMER_MESSAGE, body="Are you still there?").count() == 1
    finally:
        customer_context.close()
        agent_context.close()


def test_the_agent_ends_the_chat_and_the_customer_rates_it(
    browser: Any, asgi_server: str, agent_on_duty: Any
):
    agent_context, console = _console(browser, asgi_server, agent_on_duty)
    customer_context, shop = _customer(browser, asgi_server)
    try:
        column = _start_and_accept(shop, console)
        column.get_by_label("Message", exact=True).fill("Your withdrawal is confirmed. Anything else?")
        column.get_by_label("Message", exact=True).press("Enter")
        expect(shop.locator(".cdw-msg-agent .cdw-body")).to_have_text(
            ["Your withdrawal is confirmed. Anything else?"]
        )

        console.once("dialog", lambda dialog: dialog.accept())
        column.get_by_role("button", name="End chat").click()

        expect(column.locator(".chat-status")).to_have_text("Ended")
        expect(column.get_by_label("Message", exact=True)).to_be_hidden()
        expect(column.get_by_role("button", name="Close")).to_be_visible()
        expect(shop.get_by_role("heading", name="This chat has ended.")).to_be_visible()
        expect(shop.get_by_label("Type your message", exact=True)).to_have_count(0)
        five = shop.get_by_role("radio", name="5 out of 5")
        shop.locator("label", has=five).click()
        expect(five).to_be_checked()
        shop.get_by_label("Anything else you want to tell us? (optional)").fill("Quick and clear, thanks")
        shop.get_by_role("button", name="Send rating").click()
        expect(shop.get_by_text("Thank you for your feedback.")).to_be_visible()
        conversation = Conversation.objects.get()
        assert (conversation.status, conversation.rating, conversation.rating_comment) == (
            ConversationStatus.ENDED,
            5,
            "Quick and clear, thanks",
        )
    finally:
        customer_context.close()
        agent_context.close()


def test_with_nobody_online_the_widget_says_so_and_takes_a_message_for_email(browser: Any, asgi_server: str):
    make_team(name="General", slug="general", languages=["en", "es"], chat_capacity=3)
    customer_context, shop = _customer(browser, asgi_server, path="/chat/demo/?as=guest&lang=es")
    try:
        # Keyboard only: the launcher opens the panel on the first field; Escape gives focus back.
        launcher = shop.get_by_role("button", name="Chatear con soporte")
        launcher.focus()
        shop.keyboard.press("Enter")
        expect(shop.get_by_label("¿Con qué necesitas ayuda?")).to_be_focused()
        shop.keyboard.press("Escape")
        expect(shop.get_by_role("dialog")).to_be_hidden()
        expect(launcher).to_be_focused()
        shop.keyboard.press("Enter")
        expect(shop.get_by_role("dialog", name="Soporte")).to_be_visible()
        expect(shop.get_by_text("Estás chateando como invitado", exact=False)).to_be_visible()
        shop.get_by_label("¿Con qué necesitas ayuda?").select_option("deposit")
        shop.get_by_label("Correo electrónico (opcional)").fill("mia@mail.example")
        shop.get_by_role("button", name="Iniciar chat").click()

        expect(shop.get_by_text("Ahora mismo no hay ningún agente conectado", exact=False)).to_be_visible()
        shop.get_by_label("Tu mensaje").fill("Mi depósito de 500 USDT no aparece.")
        shop.get_by_role("button", name="Enviar mensaje").click()

        done = shop.get_by_text(
            re.compile(r"Gracias\. Tu mensaje es el ticket HD-\d+; te responderemos a mia@mail\.example\.")
        )
        expect(done).to_be_visible()
        left = Conversation.objects.get().left_message
        assert left is not None
        assert left.reference in done.inner_text()
        assert left.channel == "email"
        assert "Mi depósito de 500 USDT no aparece." in left.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).body
    finally:
        customer_context.close()


def test_typed_markup_stays_text_notes_stay_internal_and_files_arrive(
    browser: Any, asgi_server: str, agent_on_duty: Any, tmp_path: Path
):
    # The old canned replies are shared macros (macros/migrations/0002); a flushed database has lost them.
    importlib.import_module("macros.migrations.0002_canned_replies").seed(django_apps, None)
    agent_context, console = _console(browser, asgi_server, agent_on_duty)
    customer_context, shop = _customer(browser, asgi_server)
    try:
        column = _start_and_accept(shop, console)
        reply_box = column.get_by_label("Message", exact=True)
        composer = shop.get_by_label("Type your message", exact=True)

        composer.fill('<img src=x onerror="document.title=1">my <b>hash</b>')
        composer.press("Enter")
        customer_says = column.locator(".chat-msg-customer .chat-body").last
        expect(customer_says).to_have_text('<img src=x onerror="document.title=1">my <b>hash</b>')
        assert customer_says.locator("img, b").count() == 0

        column.get_by_label("Internal note").check()
        reply_box.fill("Hash matches the hot wallet payout.")
        reply_box.press("Enter")
        expect(column.locator(".chat-msg-note .chat-body")).to_have_text(
            ["Hash matches the hot wallet payout."]
        )
        column.get_by_label("Internal note").uncheck()
        column.get_by_label("Macros (Alt+M)").select_option(label="One moment")
        expect(reply_box).to_have_value(re.compile(r"^Thank you for waiting\."))
        reply_box.press("Enter")
        expect(shop.locator(".cdw-msg-agent .cdw-body")).to_have_text(
            [re.compile(r"^Thank you for waiting\.")]
        )

        receipt = tmp_path / "receipt.txt"
        receipt.write_text("TXID 0x9f3c\n")
        shop.locator("input[type=file]").set_input_files(str(receipt))
        expect(shop.locator(".cdw-msg-customer .cdw-files a")).to_have_text(["receipt.txt"])
        expect(column.locator(".chat-msg-customer .attachments a")).to_have_text(["receipt.txt"])

        shop.get_by_role("button", name="Email the transcript").click()
        shop.get_by_role("button", name="Send transcript").click()
        expect(shop.get_by_text("The transcript is on its way.")).to_be_visible()

        # The note never reached the widget, and nothing the customer typed became markup anywhere.
        expect(shop.get_by_text("Hash matches the hot wallet payout.")).to_have_count(0)
        assert console.title() != "1" and shop.title() != "1"
        assert AuditEvent.objects.filter(action="chat.transcript_requested").count() == 1
    finally:
        customer_context.close()
        agent_context.close()


def test_a_chat_an_overflow_team_will_take_shows_the_queue_not_nobody_online(browser: Any, asgi_server: str):
    own = make_team(name="General", slug="general", languages=["en", "es"], chat_capacity=3)
    TeamMembershipFactory(team=own, user=make_agent(username="gil"))  # staffed, but nobody online
    night = make_team(name="Night shift", slug="night", languages=["en"], chat_capacity=3)
    alice = make_agent(username="alice", first_name="Alice", last_name="Agent")
    TeamMembershipFactory(team=night, user=alice)
    make_online(alice)
    agent_context, console = _console(browser, asgi_server, alice)
    customer_context, shop = _customer(browser, asgi_server, path="/chat/demo/?as=guest&lang=en")
    try:
        shop.get_by_role("button", name="Chat with support").click()
        shop.get_by_label("What do you need help with?").select_option("deposit")
        shop.get_by_role("button", name="Start chat").click()

        expect(shop.get_by_text("You are number 1 in the queue.", exact=False)).to_be_visible()
        expect(shop.get_by_text("No agent is online right now", exact=False)).to_have_count(0)
        console.get_by_role("button", name=re.compile(r"^Accept the chat with")).click()
        expect(shop.get_by_text("You are chatting with Alice.")).to_be_visible()
        assert Conversation.objects.get().ticket.team == night
    finally:
        customer_context.close()
        agent_context.close()
