"""A Telegram user the exchange vouches for (linked in the exchange's app) is the exchange's customer
from the first message; anyone else, or anyone while the exchange is down, stays unverified."""

from typing import Any

import pytest
from django.test import Client

from customers.models import Customer
from messaging.fakes.telegram import FakeTelegram
from messaging.models import Contact
from tests.messaging.telegram.conftest import deliver
from tickets.models import Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_vouched_telegram_user_is_the_exchanges_customer(bot: Any, reference_exchange: Any):
    from exchange.reference.scenario import add_account, add_identity

    add_account("EX-555")
    add_identity("EX-555", "telegram", "700000555")
    assert (
        deliver(Client(), bot, FakeTelegram.update(1, user_id=700000555, text="Hi, it's me")).status_code
        == 200
    )
    contact = Contact.objects.get()
    assert contact.verified and contact.customer.external_id == "EX-555"
    assert Ticket.objects.get().customer_id == contact.customer_id


def test_a_user_the_exchange_does_not_know_stays_unverified(bot: Any, reference_exchange: Any):
    assert deliver(Client(), bot, FakeTelegram.update(2, user_id=700000999, text="Hello")).status_code == 200
    contact = Contact.objects.get()
    assert not contact.verified and contact.customer.external_id.startswith("contact-")


def test_while_the_exchange_is_down_nobody_is_vouched_for(bot: Any, reference_exchange: Any):
    from exchange.reference.scenario import add_account, add_identity

    add_account("EX-556")
    add_identity("EX-556", "telegram", "700000556")
    reference_exchange.go_down()
    assert deliver(Client(), bot, FakeTelegram.update(3, user_id=700000556, text="Hello")).status_code == 200
    contact = Contact.objects.get()
    assert not contact.verified
    assert (
        not Customer.objects.filter(external_id="EX-556").exists() or contact.customer.external_id != "EX-556"
    )
