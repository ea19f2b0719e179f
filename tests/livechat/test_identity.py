"""The exchange signs its users; the helpdesk trusts only valid, unexpired signatures."""

import json
import time

import pytest
from django.test import Client

from customers.models import Customer, KycStatus, VipLevel
from livechat.identity import identity_sign
from livechat.models import Conversation

pytestmark = pytest.mark.django_db


def start(**body):
    body.setdefault("topic", "kyc")
    body.setdefault("language", "en")
    return Client().post("/chat/api/start/", json.dumps(body), content_type="application/json")


def claims(**extra):
    return {
        "sub": "EX-777",
        "name": "Maya Chen",
        "email": "maya@mail.example",
        "exp": int(time.time()) + 600,
        **extra,
    }


def test_a_signed_visitor_becomes_the_exchange_customer_with_the_listed_claims(chat_team):
    token = identity_sign(
        claims(vip_level="vip2", kyc_status="verified", language="es", account_flags=["withdrawals_locked"])
    )
    response = start(identity=token)
    assert response.status_code == 201
    customer = Customer.objects.get(external_id="EX-777")
    assert (customer.name, customer.email, customer.vip_level, customer.kyc_status, customer.language) == (
        "Maya Chen",
        "maya@mail.example",
        VipLevel.VIP2,
        KycStatus.VERIFIED,
        "es",
    )
    # Claims the protocol does not list are not copied, whatever the token says.
    assert customer.account_flags == []
    conversation = Conversation.objects.get(pk=response.json()["conversation"])
    assert conversation.is_verified and conversation.ticket.customer == customer


def test_the_same_signed_user_keeps_one_customer_record(chat_team):
    start(identity=identity_sign(claims()))
    start(identity=identity_sign(claims(name="Maya C.")))
    assert Customer.objects.filter(external_id="EX-777").count() == 1
    assert Customer.objects.get(external_id="EX-777").name == "Maya C."


@pytest.mark.parametrize(
    "token",
    [
        identity_sign(claims(), secret="not-the-shared-secret"),
        identity_sign(claims(exp=int(time.time()) - 1)),
        identity_sign(claims(exp=int(time.time()) + 2 * 24 * 3600)),
        identity_sign(claims(exp="tomorrow")),
        identity_sign({k: v for k, v in claims().items() if k != "exp"}),
        identity_sign(claims(sub="")),
        identity_sign(claims(sub="anon-0123")),
        "garbage",
        "a.b.c",
    ],
    ids=["forged", "expired", "over-a-day", "bad-exp", "no-exp", "no-sub", "anon-sub", "garbage", "dots"],
)
def test_a_forged_or_expired_identity_is_refused(chat_team, token):
    response = start(identity=token)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert not Conversation.objects.exists()
    assert not Customer.objects.exists()


def test_a_token_whose_payload_was_changed_is_refused(chat_team):
    _payload, signature = identity_sign(claims()).split(".")
    other_payload, _ = identity_sign(claims(sub="EX-1", vip_level="institutional")).split(".")
    assert start(identity=f"{other_payload}.{signature}").status_code == 403
    assert not Customer.objects.filter(external_id="EX-1").exists()


def test_an_anonymous_visitor_gets_a_record_of_their_own_marked_unverified(chat_team):
    Customer.objects.create(external_id="EX-1", name="Real Owner", email="owner@mail.example")
    response = start(name="Real Owner", email="owner@mail.example")
    assert response.status_code == 201
    conversation = Conversation.objects.select_related("ticket__customer").get(
        pk=response.json()["conversation"]
    )
    visitor = conversation.ticket.customer
    assert visitor.external_id.startswith("anon-") and visitor.external_id != "EX-1"
    assert (visitor.name, visitor.email) == ("Real Owner", "owner@mail.example")
    assert conversation.is_verified is False
    assert Customer.objects.get(external_id="EX-1").tickets.count() == 0
