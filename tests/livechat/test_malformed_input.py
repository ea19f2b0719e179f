"""Malformed input gets an answer, never a dead socket or a 500: a refused frame is an `error` and the
socket stays open; a chat start with text no database can store is a 400 in JSON."""

import json
import time

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.test import Client

from customers.models import Customer, VipLevel
from livechat.identity import identity_sign
from livechat.models import Conversation
from tests.livechat.conftest import console, next_of, start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

NESTED = "[" * 5000 + "]" * 5000
LONE_SURROGATE = '"\\ud800"'  # as JSON text: the escape of a UTF-16 half with no pair


def raw_frame(**fields: str) -> str:
    """A frame whose values are JSON text written as is."""
    return "{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}"


async def test_a_visitor_sending_deep_json_or_unstorable_text_gets_an_error_and_keeps_the_socket(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    refused = [
        raw_frame(type='"message.send"', client_id='"deep"', body=NESTED),
        raw_frame(type='"message.send"', client_id='"surrogate"', body=LONE_SURROGATE),
        raw_frame(type='"message.send"', client_id='"nul"', body='"a\\u0000b"'),
        raw_frame(type='"read"', seq=str(2**70)),
        raw_frame(type='"read"', seq="99"),
    ]
    for frame in refused:
        await customer.send_to(text_data=frame)
        error = await next_of(customer, "error")
        assert error["code"] == "bad_frame", frame
        assert error["conversation"] == chat["conversation"]

    await customer.send_json_to({"type": "message.send", "client_id": "fine", "body": "still here"})
    assert (await next_of(customer, "ack"))["seq"] == 2
    await customer.disconnect()


async def test_an_agent_sending_deep_json_or_unstorable_text_gets_an_error_and_keeps_the_socket(agents):
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    agent = await console(agents[0])
    await agent.send_json_to({"type": "accept", "conversation": cid})
    await next_of(agent, "welcome")
    for body in (NESTED, LONE_SURROGATE):
        await agent.send_to(
            text_data=raw_frame(type='"note.send"', conversation=str(cid), client_id='"n"', body=body)
        )
        assert (await next_of(agent, "error"))["code"] == "bad_frame"
    await agent.send_to(text_data=raw_frame(type='"subscribe"', conversation=str(2**64)))
    assert (await next_of(agent, "error"))["code"] == "bad_frame"

    await agent.send_json_to(
        {"type": "message.send", "conversation": cid, "client_id": "ok", "body": "Hello"}
    )
    assert (await next_of(agent, "ack"))["seq"] == 2
    await agent.disconnect()


def start_raw(body: str):
    return Client().post("/chat/api/start/", body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["message", "name"])
@pytest.mark.parametrize("text", [LONE_SURROGATE, '"Ana\\u0000"'])
def test_a_chat_start_with_unstorable_text_is_a_400_in_json(chat_team, field, text):
    response = start_raw(raw_frame(topic='"withdrawal"', language='"en"', **{field: text}))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert field in response.json()["message"]
    assert not Conversation.objects.exists()


def signed(**claims: object) -> str:
    return identity_sign({"sub": "EX-9", "exp": int(time.time()) + 600, **claims})


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["\ud800", "Ana\x00"])
def test_a_signed_identity_whose_name_cannot_be_stored_is_a_400_in_json(chat_team, name):
    # The exchange's JSON carries the escape; identity_sign writes it with ensure_ascii.
    token = signed(name=name)
    response = start_raw(json.dumps({"topic": "kyc", "language": "en", "identity": token}))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"].startswith("name:")
    assert not Customer.objects.filter(external_id="EX-9").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("claim", "level"),
    [(2, VipLevel.VIP2), (0, VipLevel.STANDARD), ("3", VipLevel.VIP3), ("VIP1", VipLevel.VIP1)],
)
def test_vip_level_may_be_the_tier_number_or_the_level_name(chat_team, claim, level):
    response = start_raw(json.dumps({"topic": "kyc", "language": "en", "identity": signed(vip_level=claim)}))

    assert response.status_code == 201, response.content
    assert Customer.objects.get(external_id="EX-9").vip_level == level


@pytest.mark.django_db
@pytest.mark.parametrize("claim", [7, "gold", 2.5, ["vip1"]])
def test_a_vip_level_no_customer_can_have_is_refused_with_the_reason(chat_team, claim):
    response = start_raw(json.dumps({"topic": "kyc", "language": "en", "identity": signed(vip_level=claim)}))

    assert response.status_code == 400
    assert "vip_level" in response.json()["message"]
