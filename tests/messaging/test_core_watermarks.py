"""Watermark receipts (Messenger's read/delivery watermark, X's last read event) mark every earlier reply
to that recipient, never a queued one nor a later one, and only forward; the contact's last message time
is the provider's and reaches the adapter (session windows are counted from it)."""

import datetime as dt

import pytest
from django.utils import timezone

from messaging.models import ChannelAccount, ChannelKind, ChannelMessage, Contact, Direction, MessageStatus
from messaging.providers.base import Inbound, Receipt
from messaging.services import _outgoing, contact_resolve, inbound_receive, receipt_apply

pytestmark = pytest.mark.django_db
PSID = "6789012345"


@pytest.fixture
def account(db: None) -> ChannelAccount:
    account = ChannelAccount(kind=ChannelKind.MESSENGER, name="Page")
    account.credentials = {"api_base": "http://127.0.0.1:9"}
    account.save()
    return account


def _out(
    account: ChannelAccount, contact: Contact, provider_id: str, sent_at: dt.datetime | None
) -> ChannelMessage:
    return ChannelMessage.objects.create(
        direction=Direction.OUT,
        account=account,
        contact=contact,
        provider_message_id=provider_id,
        status=MessageStatus.SENT if provider_id else MessageStatus.QUEUED,
        created_at=timezone.now(),
        sent_at=sent_at,
    )


def test_a_watermark_marks_the_replies_sent_by_then_and_only_forward(account: ChannelAccount):
    contact = contact_resolve(account, sender_id=PSID)
    other = contact_resolve(account, sender_id="999")
    now = timezone.now()
    early = _out(account, contact, "mid.1", now - dt.timedelta(minutes=5))
    late = _out(account, contact, "mid.2", now + dt.timedelta(minutes=5))
    queued = _out(account, contact, "", None)
    elsewhere = _out(account, other, "mid.3", now - dt.timedelta(minutes=5))
    read = Receipt(event_key="read:w1", message_id="", status="read", at=now, recipient_id=PSID)
    assert receipt_apply(account=account, receipt=read) == 1
    delivered = Receipt(event_key="delivery:w1", message_id="", status="delivered", at=now, recipient_id=PSID)
    assert receipt_apply(account=account, receipt=delivered) == 0
    nameless = Receipt(event_key="read:none", message_id="", status="read", at=now)
    assert receipt_apply(account=account, receipt=nameless) == 0
    statuses = {m.pk: m.status for m in ChannelMessage.objects.all()}
    assert statuses[early.pk] == "read"
    assert statuses[late.pk] == statuses[elsewhere.pk] == "sent"
    assert statuses[queued.pk] == "queued"


def test_reading_one_message_marks_the_earlier_ones(account: ChannelAccount):
    contact = contact_resolve(account, sender_id=PSID)
    now = timezone.now()
    first = _out(account, contact, "ev1", now - dt.timedelta(minutes=9))
    second = _out(account, contact, "ev2", now - dt.timedelta(minutes=5))
    third = _out(account, contact, "ev3", now - dt.timedelta(minutes=1))
    receipt = Receipt(event_key="read:x", message_id="ev2", status="read", at=now, recipient_id=PSID)
    assert receipt_apply(account=account, receipt=receipt) == 2
    statuses = {m.pk: m.status for m in ChannelMessage.objects.all()}
    assert statuses[first.pk] == statuses[second.pk] == "read" and statuses[third.pk] == "sent"


def test_the_last_message_time_is_the_providers_and_reaches_the_adapter(account: ChannelAccount):
    wrote = timezone.now() - dt.timedelta(hours=3)
    inbound = Inbound(event_key="e1", message_id="m1", sender_id=PSID, sent_at=wrote, text="hi")
    assert inbound_receive(account, inbound) is not None
    contact = Contact.objects.get(external_id=PSID)
    assert contact.last_inbound_at == wrote
    # A retried older delivery does not move it back; a clock ahead of ours does not move it forward.
    older = Inbound(event_key="e0", message_id="m0", sender_id=PSID, sent_at=wrote - dt.timedelta(hours=1))
    inbound_receive(account, older)
    future = Inbound(
        event_key="e2",
        message_id="m2",
        sender_id=PSID,
        sent_at=timezone.now() + dt.timedelta(days=1),
        text="x",
    )
    inbound_receive(account, future)
    contact.refresh_from_db()
    assert wrote < contact.last_inbound_at <= timezone.now()
    reply = _out(account, contact, "", None)
    assert _outgoing(ChannelMessage.objects.select_related("contact").get(pk=reply.pk)).last_inbound_at == (
        contact.last_inbound_at
    )


def test_a_providers_reason_shown_on_the_ticket_has_the_number_masked():
    from messaging.services import _numbers_masked

    shown = _numbers_masked("The 'To' number +1 415-555-0142 is not a valid phone number (21211) 2026-12-07")
    assert "555" not in shown and "•••• 42" in shown and "(21211)" in shown and "2026-12-07" in shown
