"""The ticket's language follows the customer's words (intake/language.py): through the pipeline, on
every channel, with an agent's pin, and at no cost in statements when nothing changes."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from intake.language import language_followup_step, ticket_language_set, ticket_language_unpin
from intake.pipeline import customer_message_add
from intake.types import Intake
from livechat import services as chat
from livechat.models import Conversation
from tests.factories import make_customer, make_ticket
from tests.livechat.conftest import start_chat
from tickets.models import EntryKind, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db

SPANISH = "Hola, mi retiro de USDT todavía no ha llegado a mi billetera."
RUSSIAN = "Здравствуйте, мой вывод средств до сих пор не пришёл, помогите пожалуйста."
ENGLISH = "My withdrawal has been pending for two hours, can you check it please?"
THAI = "สวัสดีครับ ผมถอนเงินไปตั้งแต่เมื่อวานแต่ยังไม่ได้รับเลยครับ"


def _changes(ticket: Ticket) -> list[tuple[str, str]]:
    events = ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="language_changed").order_by("pk")
    return [(e.data["from"], e.data["to"]) for e in events]


def _spanish_ticket() -> Ticket:
    return make_ticket(customer=make_customer(language="en"), body=SPANISH)


# --- A new ticket --------------------------------------------------------------------------------------


def test_a_new_tickets_language_is_the_customers_words_not_their_profile(api_client: APIClient):
    customer = make_customer(language="en")
    body = {"customer": customer.pk, "subject": "Retiro", "body": SPANISH, "channel": "api"}
    response = api_client.post("/api/tickets/", body, format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.language == "es"
    first = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert first.data["language"]["code"] == "es"
    assert first.data["language"]["counts"] is True
    assert first.data["language"]["prior"] == "en"
    assert _changes(ticket) == [("en", "es")]
    audit = AuditEvent.objects.get(action="ticket.language_detected", object_id=str(ticket.pk))
    assert audit.before == {"language": "en"}
    assert audit.after is not None
    assert audit.after["language"] == "es"
    # Routing read the language the customer wrote in.
    assert ticket.routing["facts"]["language"] == "es"


def test_a_new_ticket_in_the_profiles_language_records_no_change():
    ticket = make_ticket(customer=make_customer(language="en"), body=ENGLISH)
    assert ticket.language == "en"
    assert _changes(ticket) == []
    assert not AuditEvent.objects.filter(action="ticket.language_detected").exists()


def test_a_short_first_message_leaves_the_profiles_language():
    ticket = make_ticket(customer=make_customer(language="de"), body="ok thanks")
    assert ticket.language == "de"
    assert _changes(ticket) == []


def test_a_first_message_of_only_a_txid_leaves_the_profiles_language():
    txid = "a7f3c2e8b9d1f4a6c3e2b1d9f8a7c6e5b4d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8"
    ticket = make_ticket(customer=make_customer(language="ko"), body=txid)
    assert ticket.language == "ko"
    assert ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).data["language"]["code"] == ""


# --- The customer writes again ---------------------------------------------------------------------


def test_a_later_message_that_counts_moves_the_language_and_the_latest_wins():
    ticket = _spanish_ticket()
    customer_message_add(ticket=ticket, body=RUSSIAN)
    ticket.refresh_from_db()
    assert ticket.language == "ru"
    customer_message_add(ticket=ticket, body="ok спасибо")  # too short: nothing changes
    customer_message_add(ticket=ticket, body=ENGLISH)
    ticket.refresh_from_db()
    assert ticket.language == "en"
    assert _changes(ticket) == [("en", "es"), ("es", "ru"), ("ru", "en")]
    assert AuditEvent.objects.filter(action="ticket.language_detected", object_id=str(ticket.pk)).count() == 3


def _message(ticket: Ticket, body: str) -> TimelineEntry:
    """A customer's message as stored by the pipeline, then rolled back to run the step on its own."""
    entry = customer_message_add(ticket=ticket, body=body)
    ticket.refresh_from_db()
    return entry


@pytest.mark.parametrize(
    "body",
    [
        "ok thanks",
        "a7f3c2e8b9d1f4a6c3e2b1d9f8a7c6e5b4d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8",
        "👍",
        "Sigo esperando mi retiro, por favor revisen otra vez.",  # the ticket's language already
        "Hej, mitt uttag har fortfarande inte kommit fram efter två dagar.",  # not a helpdesk language
    ],
    ids=["short", "txid", "emoji", "same language", "unserved language"],
)
def test_a_message_that_does_not_change_the_language_costs_no_statement(body, django_assert_num_queries):
    ticket = _spanish_ticket()
    entry = TimelineEntry(
        ticket=ticket,
        kind=EntryKind.CUSTOMER_MESSAGE,
        channel=ticket.channel,
        body=body,
        created_at=timezone.now(),
    )
    from intake.language import message_language_read

    entry.data = message_language_read({"body": body}, prior=ticket.language, first=False)["entry_data"]
    with django_assert_num_queries(0):
        language_followup_step(ticket, Intake(now=timezone.now(), entry=entry))
    assert ticket.language == "es"


def test_a_message_that_changes_the_language_costs_four_statements_on_a_case_with_no_team(
    django_assert_num_queries,
):
    ticket = make_ticket(customer=make_customer(language="en"), body=SPANISH, route=False)
    assert ticket.team_id is None
    entry = _message(ticket, "ok")
    from intake.language import message_language_read

    entry.data = message_language_read({"body": RUSSIAN}, prior="es", first=False)["entry_data"]
    # The pin's read, the ticket's UPDATE, its event and its audit record.
    with django_assert_num_queries(4):
        language_followup_step(ticket, Intake(now=timezone.now(), entry=entry))
    assert Ticket.objects.get(pk=ticket.pk).language == "ru"


# --- An agent's correction pins it -------------------------------------------------------------------


def test_a_pinned_language_is_left_alone_by_detection_until_unpinned(
    agent: Any, django_assert_num_queries: Any
):
    ticket = _spanish_ticket()
    ticket_language_set(ticket=ticket, language="fr", actor=agent)
    ticket.refresh_from_db()
    assert ticket.language == "fr"
    customer_message_add(ticket=ticket, body=RUSSIAN)
    ticket.refresh_from_db()
    assert ticket.language == "fr"
    ticket_language_unpin(ticket=ticket, actor=agent)
    customer_message_add(ticket=ticket, body=RUSSIAN)
    ticket.refresh_from_db()
    assert ticket.language == "ru"
    events = list(
        ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event__startswith="language_")
        .order_by("pk")
        .values_list("data__event", "author_id")
    )
    assert events == [
        ("language_changed", None),
        ("language_changed", agent.pk),
        ("language_pinned", agent.pk),
        ("language_unpinned", agent.pk),
        ("language_changed", None),
    ]
    actions = set(AuditEvent.objects.filter(object_id=str(ticket.pk)).values_list("action", flat=True))
    assert {"ticket.language_set", "ticket.language_unpinned", "ticket.language_detected"} <= actions


def test_pinning_the_language_it_already_has_pins_it_and_again_writes_nothing(agent: Any):
    ticket = _spanish_ticket()
    ticket_language_set(ticket=ticket, language="es", actor=agent)
    count = TimelineEntry.objects.filter(ticket=ticket).count()
    ticket_language_set(ticket=ticket, language="es", actor=agent)
    assert TimelineEntry.objects.filter(ticket=ticket).count() == count
    assert _changes(ticket) == [("en", "es")]


def test_the_api_corrects_pins_and_unpins(api_client: APIClient):
    ticket = _spanish_ticket()
    url = f"/api/tickets/{ticket.reference}/language/"
    assert api_client.get(url).json() == {"language": "es", "pinned": False}
    response = api_client.put(url, {"language": "zh-hant"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"language": "zh-hant", "pinned": True}
    assert api_client.delete(url).json() == {"language": "zh-hant", "pinned": False}


@pytest.mark.parametrize(
    "body", [{"language": "xx"}, {"language": ""}, {}, {"language": ["es"]}, {"pinned": True}]
)
def test_the_api_refuses_what_is_not_a_helpdesk_language(api_client: APIClient, body: Any):
    ticket = _spanish_ticket()
    response = api_client.put(f"/api/tickets/{ticket.pk}/language/", body, format="json")
    assert response.status_code == 400
    assert Ticket.objects.get(pk=ticket.pk).language == "es"


def test_a_closed_tickets_language_cannot_be_corrected(api_client: APIClient):
    ticket = _spanish_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    response = api_client.put(f"/api/tickets/{ticket.pk}/language/", {"language": "fr"}, format="json")
    assert response.status_code == 400


def test_the_ticket_page_shows_the_language_each_message_was_read_in_and_corrects_it(agent_client: Any):
    ticket = _spanish_ticket()
    customer_message_add(ticket=ticket, body="ok thanks")
    url = reverse("tickets:ticket-detail", args=[ticket.pk])
    page = agent_client.get(url).content.decode()
    assert "Español" in page
    assert "follows the customer" in page
    assert 'data-language="es"' in page  # the first message, read as Spanish
    assert "(not counted)" in page  # "ok thanks"
    response = agent_client.post(
        reverse("language:ticket-language", args=[ticket.pk]), {"language": "pt-br", "action": "pin"}
    )
    assert response.status_code == 302
    page = agent_client.get(url).content.decode()
    assert "Português Brasileiro" in page
    assert "data-language-pinned" in page
    assert "pinned the language to" in page


def test_the_page_refuses_a_language_the_helpdesk_does_not_serve(agent_client: Any):
    ticket = _spanish_ticket()
    response = agent_client.post(
        reverse("language:ticket-language", args=[ticket.pk]), {"language": "xx", "action": "pin"}
    )
    assert response.status_code == 400
    assert Ticket.objects.get(pk=ticket.pk).language == "es"


# --- Live chat ----------------------------------------------------------------------------------------


@pytest.fixture
def quiet_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)


def test_a_chat_follows_the_visitor_from_the_widgets_language_to_the_one_they_write(
    quiet_risk: None, agent_client: Any
):
    conversation = int(start_chat(topic="withdrawal", language="en", message="hello")["conversation"])
    ticket = Conversation.objects.get(pk=conversation).ticket
    assert ticket.language == "en"
    chat.chat_message_post(conversation_id=conversation, body=THAI, client_id="v-1")
    ticket.refresh_from_db()
    assert ticket.language == "th"
    # The console's panel beside the chat: the ticket's language and what each message was read as.
    panel = agent_client.get(reverse("livechat:conversation-context", args=[conversation]))
    assert panel.status_code == 200
    shown = panel.content.decode()
    assert "ไทย" in shown
    assert "ไทย · 99%" in shown
