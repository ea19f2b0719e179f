"""Agents' replies to WhatsApp: out through the outbox after commit to the fake Cloud API, statuses
moving the reply to delivered and read, the 24-hour window refusing free text with the reason on the
ticket, and an approved template sent from the ticket panel outside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.services import ticket_reply
from messaging.fakes.meta import MetaGraphFake
from messaging.models import ChannelAccount, ChannelMessage, Contact, MessageStatus
from messaging.whatsapp_templates import whatsapp_templates_refresh
from tests.factories import make_agent
from tests.messaging.whatsapp.conftest import CUSTOMER, deliver
from tickets.models import EntryKind, Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _conversation(account: ChannelAccount, graph: MetaGraphFake, *, hours_ago: float = 0) -> Ticket:
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="Where is my deposit?", at=at)])
    assert deliver(Client(), account, graph, payload).status_code == 200
    if hours_ago:
        # The helpdesk received it then, too (time passed since).
        Contact.objects.update(last_inbound_at=at)
    return Ticket.objects.get()


def test_a_reply_goes_out_and_its_statuses_show_delivered_then_read(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    ticket = _conversation(whatsapp_account, graph)
    entry = ticket_reply(ticket=ticket, author=make_agent(), body="It arrived an hour ago.")
    (sent,) = graph.sends("whatsapp")
    assert sent.body["to"] == CUSTOMER and sent.body["text"] == {"body": "It arrived an hour ago."}
    message = ChannelMessage.objects.get(direction="out")
    assert message.entry_id == entry.pk and message.status == MessageStatus.SENT
    wamid = message.provider_message_id
    assert wamid.startswith("wamid.")

    statuses = [
        graph.whatsapp_status(wamid, "sent", CUSTOMER),
        graph.whatsapp_status(wamid, "delivered", CUSTOMER),
    ]
    assert (
        deliver(Client(), whatsapp_account, graph, graph.whatsapp_webhook(statuses=statuses)).status_code
        == 200
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and message.delivered_at is not None
    read = graph.whatsapp_webhook(statuses=[graph.whatsapp_status(wamid, "read", CUSTOMER)])
    deliver(Client(), whatsapp_account, graph, read)
    late = graph.whatsapp_webhook(statuses=[graph.whatsapp_status(wamid + "x", "delivered", CUSTOMER)])
    deliver(Client(), whatsapp_account, graph, late)
    message.refresh_from_db()
    assert message.status == MessageStatus.READ and message.read_at is not None


def test_a_failed_status_marks_the_reply_failed_with_whatsapps_reason(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    ticket = _conversation(whatsapp_account, graph)
    ticket_reply(ticket=ticket, author=make_agent(), body="Hello?")
    message = ChannelMessage.objects.get(direction="out")
    failed = graph.whatsapp_status(message.provider_message_id, "failed", CUSTOMER, error_code=131026)
    deliver(Client(), whatsapp_account, graph, graph.whatsapp_webhook(statuses=[failed]))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "could not deliver" in message.error
    assert ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="channel_message_failed").exists()


def test_free_text_after_the_24_hour_window_is_refused_with_the_reason_on_the_ticket(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    ticket = _conversation(whatsapp_account, graph, hours_ago=26)
    ticket_reply(ticket=ticket, author=make_agent(), body="Sorry for the wait.")
    message = ChannelMessage.objects.get(direction="out")
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert "24 hours" in message.error and "template" in message.error
    event = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="channel_message_failed")
    assert "24 hours" in event.data["error"]
    # WhatsApp never saw a free-text message out of the window.
    assert [r.body.get("type") for r in graph.sends()] in ([], ["text"])


def _templates(account: ChannelAccount, graph: MetaGraphFake) -> None:
    graph.template_add("case_update", "en_US", "Hello {{1}}, your case {{2}} has an answer.")
    graph.template_add("welcome_back", "en_US", "We are here when you are.")
    assert whatsapp_templates_refresh(account_id=account.pk) is not None


def test_the_panel_shows_the_window_open_until_when(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    ticket = _conversation(whatsapp_account, graph)
    contact = Contact.objects.get()
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("messaging/panels/whatsapp.html", {"ticket": ticket})
    assert 'data-window="open"' in html and "Window open" in html and "<time" in html
    assert "whatsapp-template-form" not in html
    # Looked up once when the page has no contact; none when the channel panel passes it.
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as none:
        render_to_string(
            "messaging/panels/whatsapp.html",
            {"ticket": ticket, "contact": contact, "account": whatsapp_account},
        )
    assert len(none) == 0


def test_outside_the_window_the_panel_offers_the_templates_and_one_goes_out(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake, client: Client
) -> None:
    ticket = _conversation(whatsapp_account, graph, hours_ago=30)
    _templates(whatsapp_account, graph)
    contact = Contact.objects.get()
    html = render_to_string(
        "messaging/panels/whatsapp.html", {"ticket": ticket, "contact": contact, "account": whatsapp_account}
    )
    assert 'data-window="closed"' in html and "Window closed" in html
    assert 'value="case_update|en_US"' in html and 'value="welcome_back|en_US"' in html
    assert html.count('name="parameter"') == 2

    agent = make_agent()
    client.force_login(agent)
    url = reverse("whatsapp:template-send", args=[ticket.pk, contact.pk])
    answer = client.post(url, {"template": "case_update|en_US", "parameter": ["Kerry", "#1042"]})
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "tickets:ticket-detail", args=[ticket.pk]
    )
    (sent,) = graph.sends("whatsapp")
    assert sent.body["type"] == "template" and sent.body["template"]["name"] == "case_update"
    assert [p["text"] for p in sent.body["template"]["components"][0]["parameters"]] == ["Kerry", "#1042"]
    message = ChannelMessage.objects.get(direction="out")
    assert message.template is not None
    assert message.status == MessageStatus.SENT and message.template["name"] == "case_update"
    reply = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    assert reply.body == "Hello Kerry, your case #1042 has an answer." and reply.author == agent


def test_a_template_with_missing_parameters_or_unknown_is_refused_and_nothing_sent(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake, client: Client
) -> None:
    ticket = _conversation(whatsapp_account, graph, hours_ago=30)
    _templates(whatsapp_account, graph)
    contact = Contact.objects.get()
    client.force_login(make_agent())
    url = reverse("whatsapp:template-send", args=[ticket.pk, contact.pk])
    client.post(url, {"template": "case_update|en_US", "parameter": ["Kerry", ""]})
    client.post(url, {"template": "made_up|en_US"})
    client.post(
        reverse("whatsapp:template-send", args=[ticket.pk, contact.pk + 1]),
        {"template": "welcome_back|en_US"},
    )
    assert not ChannelMessage.objects.filter(direction="out").exists() and graph.sends() == []
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()
