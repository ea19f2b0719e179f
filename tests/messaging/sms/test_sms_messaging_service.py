"""SMS through a Twilio Messaging Service: an account sends from one number or through one service (the
configuration page refuses both and neither), and a reply through a service goes to the fake Twilio over
HTTP as MessagingServiceSid, with the delivery-report URL, and its receipts follow."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from messaging.fakes.twilio import FakeTwilio
from messaging.models import ChannelAccount, ChannelKind, Contact
from messaging.providers.base import Outgoing, PermanentSendError
from messaging.providers.sms import SmsProvider
from messaging.services import outbound_queue, outbound_send
from tests.factories import make_agent
from tests.messaging.sms.conftest import OUR_NUMBER, deliver, public_url
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

CUSTOMER = "+14155550142"
SERVICE = "MG" + "9f" * 16


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(make_agent(username="ada", role="admin"))
    return client


def _create(client: Client, *, number: str, service: str) -> Any:
    return client.post(
        reverse("configuration:channel-create") + "?kind=sms",
        {
            "name": "SMS pool",
            "language": "en",
            "enabled": "on",
            "cred_account_sid": "AC" + "1" * 32,
            "cred_auth_token": "a-token",
            "cred_from_number": number,
            "cred_messaging_service_sid": service,
            "cred_webhook_url": "https://help.example.com/hooks/sms/x/",
            "cred_api_base": "",
        },
    )


@pytest.mark.parametrize(
    ("number", "service", "reason"),
    [
        (OUR_NUMBER, SERVICE, "not both"),
        ("", "", "or a Messaging Service SID"),
        ("", "MG-not-a-sid", "MG followed by 32 hexadecimal characters"),
    ],
)
def test_the_configuration_page_wants_exactly_one_sender(
    admin_client: Client, number: str, service: str, reason: str
) -> None:
    response = _create(admin_client, number=number, service=service)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not ChannelAccount.objects.exists()
    assert not AuditEvent.objects.filter(action="channel_account.created").exists()


def test_an_account_with_a_messaging_service_alone_is_saved(admin_client: Client) -> None:
    response = _create(admin_client, number="", service=SERVICE)
    assert response.status_code == 302
    account = ChannelAccount.objects.get(kind=ChannelKind.SMS)
    assert account.credentials["messaging_service_sid"] == SERVICE
    assert "from_number" not in account.credentials
    page = admin_client.get(reverse("configuration:channel-edit", args=[account.pk])).content.decode()
    assert "Messaging Service SID" in page and SERVICE in page


@pytest.fixture
def service_account(sms_account: ChannelAccount) -> ChannelAccount:
    credentials = dict(sms_account.credentials)
    del credentials["from_number"]
    credentials["messaging_service_sid"] = SERVICE
    sms_account.credentials = credentials
    sms_account.save()
    return sms_account


def test_a_reply_through_a_messaging_service_is_sent_as_messaging_service_sid(
    service_account: ChannelAccount, twilio: FakeTwilio
) -> None:
    client = Client()
    form = twilio.inbound_form(from_number=CUSTOMER, to_number=OUR_NUMBER, body="Where is my deposit?")
    assert deliver(client, service_account, form).status_code == 200
    queued = outbound_queue(
        account=service_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="On it."
    )
    with httpx.Client() as http:
        sent = outbound_send(message_id=queued.pk, client=http)
    assert sent is not None and sent.status == "sent", sent and sent.error
    request = next(r for r in twilio.requests if r.path.endswith("/Messages.json"))
    assert request.auth_ok
    assert request.form["MessagingServiceSid"] == SERVICE and "From" not in request.form
    assert request.form["To"] == CUSTOMER and request.form["Body"] == "On it."
    assert request.form["StatusCallback"] == public_url(service_account)

    assert (
        deliver(
            client, service_account, twilio.status_form(sent.provider_message_id, "delivered")
        ).status_code
        == 200
    )
    sent.refresh_from_db()
    assert sent.status == "delivered"


def test_a_malformed_service_sid_is_a_permanent_failure(fake_twilio: tuple[FakeTwilio, str]) -> None:
    fake, base = fake_twilio
    credentials = {
        "account_sid": fake.account_sid,
        "auth_token": fake.auth_token,
        "messaging_service_sid": "MGnot-hex",
        "api_base": base,
    }
    out = Outgoing(recipient_id=CUSTOMER, text="Hello")
    with httpx.Client() as http, pytest.raises(PermanentSendError, match="21701"):
        SmsProvider().send(http, credentials, out)
