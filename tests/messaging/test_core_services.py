"""The messaging core without a provider's HTTP: receipts only move forward and land once, STOP is
honoured, a link moves the placeholder's tickets with one event each."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from messaging.models import ChannelAccount, ChannelKind, ChannelMessage, Contact, Direction, MessageStatus
from messaging.providers.base import Inbound, Receipt
from messaging.services import contact_link, contact_resolve, inbound_receive, outbound_queue, receipt_apply
from tests.factories import make_customer
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(db: None) -> ChannelAccount:
    account = ChannelAccount(kind=ChannelKind.SMS, name="SMS line")
    account.credentials = {"api_base": "http://127.0.0.1:9"}
    account.save()
    return account


def _inbound(n: int, text: str = "hello", command: Any = "") -> Inbound:
    return Inbound(
        event_key=f"e{n}",
        message_id=f"m{n}",
        sender_id="+447700900999",
        sent_at=timezone.now(),
        text=text,
        command=command,
    )


def _sent(account: ChannelAccount, contact: Contact, provider_id: str) -> ChannelMessage:
    return ChannelMessage.objects.create(
        direction=Direction.OUT,
        account=account,
        contact=contact,
        provider_message_id=provider_id,
        status=MessageStatus.SENT,
        created_at=timezone.now(),
    )


def test_receipts_move_forward_only_and_a_replayed_one_does_nothing(account: ChannelAccount):
    contact = contact_resolve(account, sender_id="+447700900999")
    message = _sent(account, contact, "SM1")
    at = timezone.now()
    assert receipt_apply(account=account, receipt=Receipt("r1", "SM1", "read", at)) == 1
    assert receipt_apply(account=account, receipt=Receipt("r2", "SM1", "delivered", at)) == 0
    assert receipt_apply(account=account, receipt=Receipt("r1", "SM1", "read", at)) == 0
    message.refresh_from_db()
    assert message.status == "read" and message.read_at == at and message.delivered_at is None


def test_a_failed_receipt_is_shown_on_the_ticket(
    account: ChannelAccount, django_capture_on_commit_callbacks: Any
):
    message = inbound_receive(account, _inbound(1))
    assert message is not None
    out = _sent(account, message.contact, "SM2")
    ChannelMessage.objects.filter(pk=out.pk).update(ticket=message.ticket)
    receipt = Receipt("r3", "SM2", "failed", timezone.now(), error="30006 landline")
    assert receipt_apply(account=account, receipt=receipt) == 1
    event = (
        Ticket.objects.get().entries.filter(kind="system_event", data__event="channel_message_failed").get()
    )
    assert event.data["error"] == "30006 landline"


def test_stop_is_honoured_until_start(account: ChannelAccount, django_capture_on_commit_callbacks: Any):
    first = inbound_receive(account, _inbound(1))
    assert first is not None
    assert inbound_receive(account, _inbound(2, "STOP", command="stop")) is None
    contact = Contact.objects.get()
    assert contact.opted_out
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refused = outbound_queue(account=account, contact=contact, ticket=first.ticket, text="Hello?")
    assert refused.status == MessageStatus.FAILED and callbacks == []
    inbound_receive(account, _inbound(3, "START", command="start"))
    contact.refresh_from_db()
    assert not contact.opted_out


def test_linking_moves_the_placeholders_tickets_with_one_event_each(account: ChannelAccount, supervisor: Any):
    message = inbound_receive(account, _inbound(1))
    assert message is not None
    contact = Contact.objects.get()
    placeholder = contact.customer
    real = make_customer(external_id="EX-9")
    contact_link(contact=contact, customer=real, actor=supervisor, reason="Checked in the app")
    ticket = Ticket.objects.get()
    assert ticket.customer_id == real.pk
    assert ticket.entries.filter(data__event="contact_linked").count() == 1
    assert not Ticket.objects.filter(customer=placeholder).exists()
    # The next message threads on the same ticket, now the real customer's.
    later = inbound_receive(account, _inbound(2, "still there?"))
    assert later is not None and later.ticket_id == ticket.pk


def test_a_verified_contact_cannot_be_linked_elsewhere(account: ChannelAccount, supervisor: Any):
    from helpdesk.errors import DomainError

    contact = contact_resolve(account, sender_id="+447700900999")
    Contact.objects.filter(pk=contact.pk).update(verified=True)
    contact.refresh_from_db()
    with pytest.raises(DomainError):
        contact_link(contact=contact, customer=make_customer(), actor=supervisor, reason="why not")
    assert dt.timedelta(0) <= timezone.now() - contact.created_at
