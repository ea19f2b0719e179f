"""An X user the exchange vouches for (linked in the exchange's app) is the customer."""

from typing import Any

import pytest
from django.test import Client

from messaging.models import Contact
from tests.messaging.x.conftest import deliver

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_vouched_x_account_is_the_exchange_customer(reference_exchange: Any, x_account: Any, x: Any):
    reference_exchange.seed()
    body = x.body(
        [x.message_event(sender_id="1500000000000000105", text="Hi")], users={"1500000000000000105": "Yuki"}
    )
    assert deliver(Client(), x_account, x, body).status_code == 200
    contact = Contact.objects.select_related("customer").get()
    assert contact.verified and contact.customer.external_id == "EX-10005"
