"""A call through Twilio's webhooks: the language menu, the topic menu, the caller's ticket through
intake, the queue or (out of hours) voicemail, and what the call leaves on the ticket."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import VipLevel
from messaging.models import ChannelAccount, Contact, WebhookEvent
from routing.models import Holiday
from tests.factories import make_customer, make_ticket
from tests.voice.conftest import CALLER, Caller, new_caller
from tickets.models import Category, Channel, Ticket
from voice.models import Call, CallStatus

pytestmark = pytest.mark.django_db


def says(response: object, language: str) -> list[str]:
    text = response.content.decode()  # type: ignore[attr-defined]
    return re.findall(rf'<Say language="{re.escape(language)}">([^<]*)</Say>', text)


def test_an_unknown_caller_hears_each_language_offer_itself_in_itself(caller: Caller) -> None:
    response = caller.ring()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert says(response, "en-US") == ["For English, press 1."]
    assert len(says(response, "de-DE")) == 1
    assert "<Gather" in response.content.decode()
    call = Call.objects.get(sid=caller.sid)
    assert call.status == CallStatus.MENU and call.language == ""
    assert call.customer.external_id.startswith("contact-")  # a placeholder: the exchange vouched for nobody


def test_the_chosen_language_speaks_the_topics_and_the_topic_opens_a_phone_ticket(caller: Caller) -> None:
    caller.ring()
    response = caller.press("language", "5")  # de is fifth in the default menu
    assert response.status_code == 200
    assert says(response, "de-DE"), response.content
    assert Contact.objects.get(external_id=CALLER).language == "de"

    response = caller.press("topic", "2")
    assert "<Enqueue" in response.content.decode()
    assert "waitUrl=" in response.content.decode()
    call = Call.objects.select_related("ticket").get(sid=caller.sid)
    assert call.status == CallStatus.WAITING and call.category == Category.WITHDRAWAL
    ticket = call.ticket
    assert ticket is not None
    assert ticket.channel == Channel.PHONE and ticket.category == Category.WITHDRAWAL
    assert call.entry_id is not None
    entry = ticket.entries.get(pk=call.entry_id)
    assert entry.data["call"]["sid"] == caller.sid
    assert entry.data["call"]["from"] == CALLER


def test_a_caller_the_exchange_vouches_for_skips_the_language_menu(
    caller: Caller, vouched: dict[str, str]
) -> None:
    customer = make_customer(external_id="u-77", language="es", vip_level=VipLevel.VIP2)
    vouched[CALLER] = "u-77"
    response = caller.ring()
    assert says(response, "es-ES"), response.content
    call = Call.objects.get(sid=caller.sid)
    assert call.customer == customer
    assert call.vip_rank > 0 and call.language == "es"


def test_a_caller_with_an_open_phone_ticket_gets_the_call_on_it(
    caller: Caller, vouched: dict[str, str]
) -> None:
    customer = make_customer(external_id="u-78", language="en")
    open_ticket = make_ticket(customer=customer, channel=Channel.PHONE)
    vouched[CALLER] = "u-78"
    caller.ring()
    caller.press("topic", "1")
    call = Call.objects.get(sid=caller.sid)
    assert call.ticket_id == open_ticket.pk
    assert Ticket.objects.filter(customer=customer).count() == 1
    assert open_ticket.entries.filter(data__call__sid=caller.sid).exists()


def test_a_key_nobody_knows_offers_the_menu_again_then_takes_the_default(caller: Caller) -> None:
    caller.ring()
    again = caller.press("language", "9")
    assert "For English, press 1." in again.content.decode()
    assert caller.press("language", "0", attempt=2).status_code == 200
    response = caller.press("language", "7", attempt=3)  # the seventh: tr
    assert says(response, "tr-TR")
    # Three wrong topics: the call is "other" and waits.
    caller.press("topic", "8")
    caller.press("topic", "8", attempt=2)
    response = caller.press("topic", "8", attempt=3)
    assert "<Enqueue" in response.content.decode()
    assert Call.objects.get(sid=caller.sid).category == Category.OTHER


def test_out_of_hours_the_caller_leaves_a_voicemail_that_lands_transcribed_on_the_ticket(
    caller: Caller, voice_account: ChannelAccount
) -> None:
    from django.utils import timezone

    assert voice_account.team is not None
    Holiday.objects.create(team=voice_account.team, date=timezone.now().date())
    caller.ring()
    caller.press("language", "1")
    response = caller.press("topic", "3")
    body = response.content.decode()
    assert "<Record" in body and 'transcribe="true"' in body and "<Enqueue" not in body
    assert Call.objects.get(sid=caller.sid).status == CallStatus.VOICEMAIL

    recording = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"
    response = caller.post(
        "voicemail", {"RecordingUrl": recording, "RecordingDuration": "14", "RecordingSid": "RE1"}
    )
    assert "Thank you for your message" in response.content.decode()
    caller.post(
        "transcription",
        {
            "TranscriptionSid": "TR1",
            "TranscriptionStatus": "completed",
            "TranscriptionText": "My withdrawal is stuck",
        },
    )
    call = Call.objects.get(sid=caller.sid)
    assert (
        call.voicemail and call.recording_url == recording and call.transcription == "My withdrawal is stuck"
    )
    assert call.ticket is not None and call.entry_id is not None
    entry = call.ticket.entries.get(pk=call.entry_id)
    assert entry.data["call"]["transcription"] == "My withdrawal is stuck"
    assert entry.data["call"]["voicemail"] is True


def test_the_end_of_the_call_records_its_duration_and_a_hang_up_in_the_menu_is_a_missed_call(
    voice_account: ChannelAccount,
) -> None:
    answered = new_caller(voice_account)
    answered.ring()
    answered.press("language", "1")
    answered.press("topic", "1")
    Call.objects.filter(sid=answered.sid).update(status=CallStatus.CONNECTING)
    answered.post("status", {"CallStatus": "completed", "CallDuration": "125", "SequenceNumber": "3"})
    call = Call.objects.get(sid=answered.sid)
    assert call.status == CallStatus.ENDED and call.duration == 125
    assert call.ticket is not None and call.entry_id is not None
    assert call.ticket.entries.get(pk=call.entry_id).data["call"]["duration"] == 125

    hung_up = new_caller(voice_account, number="+447700900999")
    hung_up.ring()
    hung_up.post("status", {"CallStatus": "completed", "CallDuration": "4"})
    missed = Call.objects.get(sid=hung_up.sid)
    assert missed.status == CallStatus.MISSED
    assert missed.ticket is not None and missed.ticket.channel == Channel.PHONE


def test_the_incoming_webhook_costs_a_bounded_number_of_statements(voice_account: ChannelAccount) -> None:
    first = new_caller(voice_account)
    first.ring()  # warms the routing configuration's cache
    again = new_caller(voice_account)  # the same number: a known contact
    with CaptureQueriesContext(connection) as queries:
        assert again.ring().status_code == 200
    # The account, the replay check, the contact (with its customer), the VIP policies' cache check,
    # the event's key and the call (with the transaction's savepoint statements).
    assert len(queries) <= 8, "\n".join(q["sql"] for q in queries.captured_queries)
    assert WebhookEvent.objects.filter(event_key=f"{again.sid}:incoming").exists()
