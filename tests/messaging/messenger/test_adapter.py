"""The Messenger adapter on its own: Meta's handshake and signature, the documented messaging events
(message, delivery and read watermarks, postbacks, echoes), the standard messaging window and the
human agent tag, and its real httpx calls against the fake Graph API over HTTP (no database)."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from django.test import RequestFactory

from messaging.fakes.meta import MetaGraphFake
from messaging.providers.base import (
    Media,
    Outgoing,
    PermanentSendError,
    Receipt,
    TransientSendError,
    WebhookRejected,
)
from messaging.providers.messenger import MessengerProvider, messaging_type, parse_payload
from tests.messaging.messenger.conftest import PSID

fb = MessengerProvider()
rf = RequestFactory()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ago(**kw: float) -> dict[str, str]:
    return {"last_inbound_at": (_now() - dt.timedelta(**kw)).isoformat()}


def test_handshake_and_signature_are_metas(graph: MetaGraphFake) -> None:
    creds = graph.messenger_credentials()
    ok = rf.get(
        "/", {"hub.mode": "subscribe", "hub.verify_token": graph.verify_token, "hub.challenge": "CHALLENGE_1"}
    )
    assert fb.handshake(ok, creds).content == b"CHALLENGE_1"  # type: ignore[union-attr]
    assert fb.handshake(rf.get("/", {"hub.mode": "subscribe"}), creds).status_code == 403  # type: ignore[union-attr]
    body, headers = graph.signed(graph.messenger_webhook([graph.messenger_message(PSID, "hi")]))
    fb.verify(rf.generic("POST", "/", body, content_type="application/json", headers=headers), creds)
    _, forged = graph.signed({"object": "page"}, secret="guess")
    with pytest.raises(WebhookRejected) as rejected:
        fb.verify(rf.generic("POST", "/", body, content_type="application/json", headers=forged), creds)
    assert rejected.value.status == 403


def test_messages_attachments_postbacks_and_echoes(graph: MetaGraphFake) -> None:
    at = _now() - dt.timedelta(seconds=30)
    message = graph.messenger_message(
        PSID, "Deposit missing", at=at, mid="m_1", files=[("receipt.png", "image/png", b"\x89PNG")]
    )
    echo = graph.messenger_message(PSID, "our own reply", mid="m_echo")
    echo["message"]["is_echo"] = True
    postback = {
        "sender": {"id": PSID},
        "recipient": {"id": graph.page_id},
        "timestamp": int(_now().timestamp() * 1000),
        "postback": {"title": "Talk to an agent", "payload": "AGENT", "mid": "m_pb"},
    }
    parsed = parse_payload(
        graph.messenger_webhook([message, echo, postback]), graph.messenger_credentials(), now=_now()
    )
    first, second = parsed.inbound
    assert (first.event_key, first.message_id, first.sender_id, first.text) == (
        "mid:m_1",
        "m_1",
        PSID,
        "Deposit missing",
    )
    assert first.sent_at == at.replace(microsecond=(at.microsecond // 1000) * 1000)
    assert first.media[0].ref.startswith(graph.base_url + "/cdn/") and first.media[0].filename.endswith(
        "receipt.png"
    )
    assert (second.text, second.event_key) == ("Talk to an agent", "postback:m_pb")


def test_delivery_with_mids_names_each_message_and_watermarks_name_the_recipient(
    graph: MetaGraphFake,
) -> None:
    mark = _now() - dt.timedelta(seconds=5)
    payload = graph.messenger_webhook(
        [
            graph.messenger_delivery(PSID, mark, mids=["m_a", "m_b"]),
            graph.messenger_delivery(PSID, mark),
            graph.messenger_read(PSID, mark),
        ]
    )
    receipts = parse_payload(payload, graph.messenger_credentials(), now=_now()).receipts
    assert [(r.message_id, r.status) for r in receipts[:2]] == [("m_a", "delivered"), ("m_b", "delivered")]
    assert receipts[0].event_key == "m_a:delivered"
    watermarks = receipts[2:]
    # A receipt naming no message only where the contract can name its recipient instead.
    if "recipient_id" not in Receipt.__dataclass_fields__:
        assert watermarks == ()
        return
    assert [(r.message_id, r.status, getattr(r, "recipient_id", "")) for r in watermarks] == [
        ("", "delivered", PSID),
        ("", "read", PSID),
    ]
    assert watermarks[1].event_key == f"read:{PSID}:{int(mark.timestamp() * 1000)}"
    assert abs((watermarks[1].at - mark).total_seconds()) < 0.002


def test_another_pages_entries_and_stale_events_are_left_out(graph: MetaGraphFake) -> None:
    payload = graph.messenger_webhook([graph.messenger_message(PSID, "hi")])
    assert (
        parse_payload(payload, {**graph.messenger_credentials(), "page_id": "42"}, now=_now()).inbound == ()
    )
    old = graph.messenger_webhook([graph.messenger_message(PSID, "hi", at=_now() - dt.timedelta(days=10))])
    with pytest.raises(WebhookRejected, match="replay"):
        parse_payload(old, graph.messenger_credentials(), now=_now())
    with pytest.raises(WebhookRejected) as wrong:
        parse_payload(
            {"object": "page", "entry": [{"messaging": [{"message": {"mid": "x"}}]}]}, {}, now=_now()
        )
    assert wrong.value.status == 400


def test_the_standard_window_then_the_human_agent_tag_then_nothing() -> None:
    now = _now()
    assert messaging_type(now - dt.timedelta(hours=23), now, human_agent=False) == {
        "messaging_type": "RESPONSE"
    }
    assert messaging_type(now - dt.timedelta(days=3), now, human_agent=True) == {
        "messaging_type": "MESSAGE_TAG",
        "tag": "HUMAN_AGENT",
    }
    with pytest.raises(PermanentSendError, match="human agent tag"):
        messaging_type(now - dt.timedelta(days=3), now, human_agent=False)
    with pytest.raises(PermanentSendError, match="7 days"):
        messaging_type(now - dt.timedelta(days=8), now, human_agent=True)
    # Not told when the person last wrote: Messenger judges (see the tests below).
    assert messaging_type(None, now, human_agent=True) == {"messaging_type": "RESPONSE"}


def test_a_reply_is_posted_to_me_messages_with_the_page_token_as_a_response(graph: MetaGraphFake) -> None:
    with httpx.Client() as client:
        sent = fb.send(
            client, graph.messenger_credentials(), Outgoing(PSID, text="On it.", payload=_ago(minutes=2))
        )
    (request,) = graph.sends("messenger")
    assert sent.message_id.startswith("m_") and request.token == graph.page_access_token
    assert request.body == {
        "recipient": {"id": PSID},
        "messaging_type": "RESPONSE",
        "message": {"text": "On it."},
    }


def test_after_a_day_the_page_with_the_human_agent_feature_answers_with_the_tag(graph: MetaGraphFake) -> None:
    graph.human_agent = True
    graph.messenger_message(PSID, "hello", at=_now() - dt.timedelta(days=2))
    with httpx.Client() as client:
        fb.send(
            client,
            graph.messenger_credentials(human_agent_tag=True),
            Outgoing(PSID, text="Back to you", payload=_ago(days=2)),
        )
        with pytest.raises(PermanentSendError, match="human agent tag") as refused:
            fb.send(
                client,
                graph.messenger_credentials(),
                Outgoing(PSID, text="Back to you", payload=_ago(days=2)),
            )
    assert "window closed at" in str(refused.value)
    assert [(r.body["messaging_type"], r.body.get("tag")) for r in graph.sends()] == [
        ("MESSAGE_TAG", "HUMAN_AGENT")
    ]


def test_messengers_own_window_refusal_reads_as_the_window_rule(graph: MetaGraphFake) -> None:
    graph.messenger_message(PSID, "hello", at=_now() - dt.timedelta(days=2))
    with httpx.Client() as client, pytest.raises(PermanentSendError, match="outside the messaging window"):
        fb.send(client, graph.messenger_credentials(), Outgoing(PSID, text="hi", payload=_ago(minutes=1)))


def test_not_told_the_time_a_refused_response_goes_again_with_the_tag_if_allowed(
    graph: MetaGraphFake,
) -> None:
    graph.human_agent = True
    graph.messenger_message(PSID, "hello", at=_now() - dt.timedelta(days=2))
    with httpx.Client() as client:
        fb.send(client, graph.messenger_credentials(human_agent_tag=True), Outgoing(PSID, text="one\n" * 700))
        with pytest.raises(PermanentSendError, match="outside the messaging window"):
            fb.send(client, graph.messenger_credentials(), Outgoing(PSID, text="two"))
    kinds = [(r.body["messaging_type"], r.body.get("tag")) for r in graph.sends()]
    # The refused RESPONSE, then both parts of the long reply with the tag; then the page without it.
    assert kinds == [("RESPONSE", None), *[("MESSAGE_TAG", "HUMAN_AGENT")] * 2, ("RESPONSE", None)]


def test_a_file_goes_up_in_the_send_as_multipart_filedata(graph: MetaGraphFake) -> None:
    out = Outgoing(PSID, files=(("fees.pdf", "application/pdf", b"%PDF"),), payload=_ago(minutes=1))
    with httpx.Client() as client:
        fb.send(client, graph.messenger_credentials(), out)
    (request,) = graph.sends("messenger")
    assert json.loads(request.body["message"])["attachment"]["type"] == "file"
    assert request.files["filedata"] == ("fees.pdf", "application/pdf", b"%PDF")
    assert request.body["messaging_type"] == "RESPONSE"


def test_outages_are_transient_and_templates_do_not_exist_on_messenger(graph: MetaGraphFake) -> None:
    graph.fail_next(500)
    with httpx.Client() as client:
        with pytest.raises(TransientSendError):
            fb.send(client, graph.messenger_credentials(), Outgoing(PSID, text="hi", payload=_ago(minutes=1)))
        from messaging.providers.base import Template

        with pytest.raises(PermanentSendError, match="no message templates"):
            fb.send(client, graph.messenger_credentials(), Outgoing(PSID, template=Template("x", "en")))


def test_attachments_are_fetched_from_the_cdn_without_the_token_within_the_limit(
    graph: MetaGraphFake,
) -> None:
    event = graph.messenger_message(PSID, files=[("id.jpg", "image/jpeg", b"\xff\xd8" * 50)])
    url = event["message"]["attachments"][0]["payload"]["url"]
    with httpx.Client() as client:
        _name, content_type, data = fb.media_fetch(
            client, graph.messenger_credentials(), Media(ref=url), 1000
        )
        assert (content_type, len(data)) == ("image/jpeg", 100)
        with pytest.raises(PermanentSendError, match="larger"):
            fb.media_fetch(client, graph.messenger_credentials(), Media(ref=url), 10)
        with pytest.raises(PermanentSendError, match="https"):
            fb.media_fetch(
                client, graph.messenger_credentials(), Media(ref="http://169.254.169.254/latest"), 1000
            )
    assert graph.requests == []  # the CDN is not the API: nothing recorded, no token sent
