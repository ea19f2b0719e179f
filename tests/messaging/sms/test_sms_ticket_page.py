"""A phone channel's sender id is the customer's number: the ticket page shows it through the viewer's
mask (masked for agents and partners, clear for supervisors and admins), and the placeholder customer
and the ticket's subject are never named after the number."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.services import ticket_reply
from messaging.fakes.twilio import FakeTwilio
from messaging.models import ChannelAccount, ChannelKind, ChannelMessage, contact_name_safe
from messaging.providers.base import Inbound
from messaging.services import inbound_receive
from tests.messaging.sms.conftest import OUR_NUMBER, deliver
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

CUSTOMER = "+14155550142"


def _ticket(sms_account: Any, twilio: FakeTwilio) -> Ticket:
    form = twilio.inbound_form(from_number=CUSTOMER, to_number=OUR_NUMBER, body="")
    assert deliver(Client(), sms_account, form).status_code == 200
    return Ticket.objects.get()


def _page(user: Any, ticket: Ticket) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_agent_sees_the_number_masked_a_supervisor_sees_it(
    sms_account: Any, twilio: FakeTwilio, agent: Any, supervisor: Any
):
    ticket = _ticket(sms_account, twilio)
    digits = CUSTOMER.lstrip("+")
    assert digits not in ticket.subject and digits not in ticket.customer.name
    html = _page(agent, ticket)
    assert 'data-channel="sms"' in html
    assert digits not in html and "415555" not in html
    assert "•••• 42" in html
    assert CUSTOMER in _page(supervisor, ticket)


def test_a_reply_on_a_phone_ticket_does_not_go_through_the_voice_provider(
    agent: Any, django_capture_on_commit_callbacks: Any
):
    account = ChannelAccount(kind=ChannelKind.VOICE, name="Support line")
    account.credentials = {"account_sid": "AC1", "auth_token": "t", "from_number": OUR_NUMBER}
    account.save()
    inbound = Inbound(
        event_key="CA1", message_id="CA1", sender_id=CUSTOMER, sent_at=timezone.now(), text="Call"
    )
    message = inbound_receive(account, inbound)
    assert message is not None and message.ticket is not None
    ticket = message.ticket
    assert ticket.channel == "phone"
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=agent, body="We will call you back.")
    assert not ChannelMessage.objects.filter(ticket=ticket, direction="out").exists()


def test_names_fit_for_everyone_are_never_numbers():
    assert contact_name_safe("sms", "+14155550142") == "SMS contact •••• 42"
    assert contact_name_safe("whatsapp", "14155550142", "+1 415 555 0142") == "WhatsApp contact •••• 42"
    assert contact_name_safe("whatsapp", "14155550142", "Ana") == "Ana"
    assert contact_name_safe("telegram", "5512", "") == "5512"
