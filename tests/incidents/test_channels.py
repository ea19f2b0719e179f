"""The incident's answer reaches the customer through the ticket's own channel: a chat gets the next
numbered message, pushed to the widget; an email ticket a mail in its outbox; the author is the status
notices' system identity, which cannot sign in."""

import pytest

from incidents.channels import BOT_USERNAME
from incidents.linking import incident_link
from incidents.models import DeliveryState, IncidentDelivery
from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_message_post
from mail.models import OutboundMessage
from tests.factories import make_customer, make_ticket
from tests.incidents.conftest import TRON_MESSAGES
from tests.livechat.conftest import start_chat
from tickets.models import Channel, EntryKind, TimelineEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("with_incident_step", "general")]


def test_a_chat_about_the_incident_gets_the_next_numbered_message_in_its_language(
    tron, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = start_chat(name="Ana", message="Mi retiro de USDT TRC20 no llega", language="es")
    conversation = Conversation.objects.get(pk=started["conversation"])
    entries = list(
        TimelineEntry.objects.filter(ticket=conversation.ticket, seq__isnull=False).order_by("seq")
    )
    assert [(e.seq, e.kind) for e in entries] == [(1, EntryKind.CUSTOMER_MESSAGE), (2, EntryKind.AGENT_REPLY)]
    assert entries[1].body == TRON_MESSAGES["es"]
    author = entries[1].author
    assert author is not None and author.username == BOT_USERNAME and not author.is_active
    assert conversation.last_seq == 2
    # The visitor's next message takes the next number; it is not answered again.
    with django_capture_on_commit_callbacks(execute=True):
        chat_message_post(conversation_id=conversation.pk, body="¿Y ahora? USDT TRC20", client_id="c-2")
    conversation.refresh_from_db()
    assert conversation.last_seq == 3
    assert TimelineEntry.objects.filter(ticket=conversation.ticket, kind=EntryKind.AGENT_REPLY).count() == 1


def test_an_email_ticket_gets_the_answer_as_a_mail_in_its_outbox(tron, django_capture_on_commit_callbacks):
    customer = make_customer(external_id="EX-M", email="ana@example.com", language="en")
    ticket = make_ticket(customer=customer, channel=Channel.EMAIL, body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        incident_link(incident=tron, ticket=ticket, actor=None, source="triage", reason="test")
    mail = OutboundMessage.objects.get(ticket=ticket)
    assert TRON_MESSAGES["en"] in mail.text and mail.to == ["ana@example.com"]


def test_an_ended_chat_is_not_written_to_and_the_delivery_says_why(
    tron, agent, django_capture_on_commit_callbacks
):
    started = start_chat(name="Ana", message="hello", language="en")
    conversation = Conversation.objects.get(pk=started["conversation"])
    Conversation.objects.filter(pk=conversation.pk).update(status=ConversationStatus.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        incident_link(incident=tron, ticket=conversation.ticket, actor=agent)
    delivery = IncidentDelivery.objects.get(ticket=conversation.ticket)
    assert (delivery.state, delivery.detail) == (DeliveryState.SKIPPED, "the chat has ended")
    assert not TimelineEntry.objects.filter(ticket=conversation.ticket, kind=EntryKind.AGENT_REPLY).exists()
