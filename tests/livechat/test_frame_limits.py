"""Each connection may send at most 10 frames a second (bursts of 20), none over 16 KiB."""

import json

import pytest
from channels.db import database_sync_to_async as sync_to_async

from livechat.consumers import TokenBucket
from livechat.models import Conversation
from tests.livechat.conftest import next_of, start_chat, visitor

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


def test_the_token_bucket_allows_a_burst_then_the_rate():
    now = [100.0]
    bucket = TokenBucket(10, 20, clock=lambda: now[0])
    assert sum(bucket.take() for _ in range(25)) == 20
    now[0] += 0.5
    assert sum(bucket.take() for _ in range(10)) == 5
    now[0] += 60
    assert sum(bucket.take() for _ in range(30)) == 20


async def test_a_visitor_flooding_the_socket_is_refused_past_the_burst(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    for _ in range(40):
        await customer.send_json_to({"type": "typing", "active": True})
    refused = []
    while not await customer.receive_nothing(timeout=0.3):
        frame = await customer.receive_json_from()
        refused.append(frame["code"])
    # 19 tokens remain after hello; a few more may drip in while the frames are sent.
    assert len(refused) >= 15
    assert set(refused) == {"rate_limited"}
    await customer.disconnect()


async def test_a_frame_over_16_kib_is_refused_and_nothing_is_stored(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    frame = {"type": "message.send", "client_id": "big", "body": "x" * (16 * 1024)}
    await customer.send_to(text_data=json.dumps(frame))
    error = await customer.receive_json_from()
    assert (error["type"], error["code"]) == ("error", "too_large")
    # Multi-byte text counts in bytes: 6,000 characters of 3 bytes each are over the limit too.
    await customer.send_to(text_data=json.dumps({**frame, "body": "€" * 6000}, ensure_ascii=False))
    assert (await customer.receive_json_from())["code"] == "too_large"
    await customer.send_json_to({**frame, "body": "x" * 15000})
    assert (await next_of(customer, "ack"))["seq"] == 2
    last_seq = await sync_to_async(lambda: Conversation.objects.get(pk=chat["conversation"]).last_seq)()
    assert last_seq == 2
    await customer.disconnect()


async def test_malformed_frames_are_refused_with_bad_frame(agents):
    chat = await sync_to_async(start_chat)()
    customer, _ = await visitor(chat["token"], last_seq=1)
    for raw in ("not json", "[1, 2]", '{"no": "type"}', '{"type": "dance"}'):
        await customer.send_to(text_data=raw)
        assert (await customer.receive_json_from())["code"] == "bad_frame", raw
    await customer.send_to(bytes_data=b"\x00\x01")
    assert (await customer.receive_json_from())["code"] == "bad_frame"
    await customer.send_json_to({"type": "message.send", "client_id": "has space", "body": "hi"})
    error = await customer.receive_json_from()
    assert (error["code"], error["client_id"]) == ("bad_frame", "has space")
    await customer.send_json_to({"type": "message.send", "client_id": "empty", "body": "   "})
    assert (await customer.receive_json_from())["code"] == "bad_frame"
    await customer.disconnect()
