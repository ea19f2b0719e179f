"""The live chat console carries the triage of each chat's ticket: the console page names the API it
reads, and the API answers for a chat's ticket by its reference."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from livechat.models import Conversation
from tests.livechat.conftest import start_chat

from .scenario import ETH

pytestmark = pytest.mark.django_db


def test_the_console_names_the_triage_api_and_a_chat_with_a_hash_is_triaged(with_triage_step, agent):
    page = Client()
    page.force_login(agent)
    html = page.get("/chat/console/").content.decode()
    assert 'id="console-triage" data-url="/api/triage/tickets/HD-0/"' in html
    assert "triage/panel.css" in html

    start_chat(name="Visitor", message=f"My deposit {ETH['usdt_deposit']} is missing")
    conversation = Conversation.objects.get()
    api = APIClient()
    api.force_authenticate(agent)
    data = api.get(f"/api/triage/tickets/{conversation.ticket.reference}/").json()
    assert data["state"] == "pending"
    assert [(m["kind"], m["value"]) for m in data["mentions"]] == [("tx_hash", ETH["usdt_deposit"])]


def test_the_console_script_renders_triage_with_text_only():
    from pathlib import Path

    script = Path(__file__).resolve().parents[2].joinpath("static/livechat/console.js").read_text()
    triage = script[script.index("Technical triage beside each chat") :]
    assert "innerHTML" not in triage and "insertAdjacentHTML" not in triage
    assert "/api/triage/tickets/" in triage
