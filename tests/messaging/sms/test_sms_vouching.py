"""A text from a phone number the exchange vouches for (verified in the exchange's app) is the
customer's; any other number stays an unverified contact."""

from typing import Any

import pytest
from django.test import Client

from customers.models import Customer
from messaging.models import Contact
from tests.messaging.sms.conftest import OUR_NUMBER, deliver

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_vouched_number_is_the_exchange_customer(reference_exchange: Any, sms_account: Any, twilio: Any):
    reference_exchange.seed()
    form = twilio.inbound_form(from_number="+447700900101", to_number=OUR_NUMBER, body="Hi, Daniel here")
    assert deliver(Client(), sms_account, form).status_code == 200
    contact = Contact.objects.select_related("customer").get()
    assert contact.verified and contact.customer.external_id == "EX-10001"

    stranger = twilio.inbound_form(from_number="+447700900999", to_number=OUR_NUMBER, body="Hi")
    assert deliver(Client(), sms_account, stranger).status_code == 200
    other = Contact.objects.get(external_id="+447700900999")
    assert not other.verified and other.customer.external_id.startswith("contact-")
    assert Customer.objects.filter(external_id="EX-10001").count() == 1
