"""The WhatsApp adapter on its own: Meta's handshake and signature, the documented payloads parsed, and
its real httpx calls against the fake Graph API over HTTP (no database)."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from django.test import RequestFactory

from messaging.fakes.meta import MetaGraphFake
from messaging.providers.base import (
    Media,
    Outgoing,
    PermanentSendError,
    Template,
    TransientSendError,
    WebhookRejected,
)
from messaging.providers.whatsapp import WhatsAppProvider, parse_payload, session_window
from tests.messaging.whatsapp.conftest import CUSTOMER

wa = WhatsAppProvider()
rf = RequestFactory()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _post(graph: MetaGraphFake, payload: dict, **kw: str) -> object:
    body, headers = graph.signed(payload, **kw)
    return rf.generic("POST", "/hooks/whatsapp/k/", body, content_type="application/json", headers=headers)


def _recent(minutes: int = 5) -> dict[str, str]:
    return {"last_inbound_at": (_now() - dt.timedelta(minutes=minutes)).isoformat()}


# --- Handshake and signature ----------------------------------------------------------------------


def test_handshake_echoes_the_challenge_only_for_the_accounts_verify_token(graph: MetaGraphFake) -> None:
    creds = graph.whatsapp_credentials()
    ok = rf.get(
        "/", {"hub.mode": "subscribe", "hub.verify_token": graph.verify_token, "hub.challenge": "1158201444"}
    )
    answer = wa.handshake(ok, creds)
    assert answer is not None and answer.status_code == 200 and answer.content == b"1158201444"
    wrong = rf.get("/", {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert wa.handshake(wrong, creds).status_code == 403  # type: ignore[union-attr]
    script = rf.get(
        "/", {"hub.mode": "subscribe", "hub.verify_token": graph.verify_token, "hub.challenge": "<script>"}
    )
    assert wa.handshake(script, creds).status_code == 403  # type: ignore[union-attr]
    assert wa.handshake(rf.post("/"), creds) is None


def test_a_body_signed_with_the_app_secret_passes_and_anything_else_is_rejected(graph: MetaGraphFake) -> None:
    creds = graph.whatsapp_credentials()
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="hi")])
    wa.verify(_post(graph, payload), creds)  # type: ignore[arg-type]
    with pytest.raises(WebhookRejected) as wrong:
        wa.verify(_post(graph, payload, secret="not-the-app-secret"), creds)  # type: ignore[arg-type]
    assert wrong.value.status == 403
    body, headers = graph.signed(payload)
    tampered = rf.generic(
        "POST", "/", body.replace(b"hi", b"ho"), content_type="application/json", headers=headers
    )
    with pytest.raises(WebhookRejected):
        wa.verify(tampered, creds)
    unsigned = rf.generic("POST", "/", body, content_type="application/json")
    with pytest.raises(WebhookRejected, match="missing"):
        wa.verify(unsigned, creds)
    with pytest.raises(WebhookRejected):
        wa.verify(_post(graph, payload), {**creds, "app_secret": ""})  # type: ignore[arg-type]


# --- Parsing --------------------------------------------------------------------------------------


def test_one_delivery_batches_messages_of_every_kind_and_statuses(graph: MetaGraphFake) -> None:
    at = _now() - dt.timedelta(minutes=1)
    payload = graph.whatsapp_webhook(
        [
            graph.whatsapp_message(CUSTOMER, text="My withdrawal is stuck", at=at, wamid="wamid.A"),
            graph.whatsapp_message(
                CUSTOMER, "image", text="screenshot", data=b"\x89PNG", mime_type="image/png"
            ),
            graph.whatsapp_message(
                CUSTOMER, "document", data=b"%PDF", mime_type="application/pdf", filename="statement.pdf"
            ),
            graph.whatsapp_message(
                CUSTOMER, "audio", data=b"OggS", mime_type="audio/ogg; codecs=opus", voice=True
            ),
        ],
        [
            graph.whatsapp_status("wamid.OUT1", "delivered", CUSTOMER),
            graph.whatsapp_status("wamid.OUT1", "read", CUSTOMER),
            graph.whatsapp_status("wamid.OUT2", "failed", CUSTOMER, error_code=131026),
            graph.whatsapp_status("wamid.OUT3", "deleted", CUSTOMER),
        ],
        names={CUSTOMER: "Kerry Fisher"},
    )
    parsed = wa.parse(_post(graph, payload), graph.whatsapp_credentials())  # type: ignore[arg-type]
    text, image, document, audio = parsed.inbound
    assert (text.event_key, text.message_id, text.sender_id) == ("wamid:wamid.A", "wamid.A", CUSTOMER)
    assert text.text == "My withdrawal is stuck" and text.sender_name == "Kerry Fisher"
    assert text.sender_phone == f"+{CUSTOMER}" and text.sent_at == at.replace(microsecond=0)
    assert image.text == "screenshot" and image.media[0].content_type == "image/png"
    assert document.media[0].filename == "statement.pdf"
    assert audio.media[0].content_type == "audio/ogg" and audio.extra["voice"] is True
    assert [(r.event_key, r.status) for r in parsed.receipts] == [
        ("wamid.OUT1:delivered", "delivered"),
        ("wamid.OUT1:read", "read"),
        ("wamid.OUT2:failed", "failed"),
    ]
    assert "could not deliver" in parsed.receipts[2].error


def test_changes_for_another_number_of_the_same_app_are_left_out(graph: MetaGraphFake) -> None:
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="hi")])
    creds = {**graph.whatsapp_credentials(), "phone_number_id": "999"}
    assert parse_payload(payload, creds, now=_now()).inbound == ()


def test_events_older_than_metas_retry_window_are_refused_as_replays(graph: MetaGraphFake) -> None:
    old = _now() - dt.timedelta(days=9)
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="hi", at=old)])
    with pytest.raises(WebhookRejected, match="replay") as rejected:
        parse_payload(payload, graph.whatsapp_credentials(), now=_now())
    assert rejected.value.status == 403
    mixed = graph.whatsapp_webhook(
        [graph.whatsapp_message(CUSTOMER, text="old", at=old), graph.whatsapp_message(CUSTOMER, text="new")]
    )
    assert [i.text for i in parse_payload(mixed, graph.whatsapp_credentials(), now=_now()).inbound] == ["new"]


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"object": "page", "entry": []}', b'{"object": "whatsapp_business_account"}'],
)
def test_a_body_that_is_not_a_whatsapp_webhook_is_a_400(graph: MetaGraphFake, body: bytes) -> None:
    request = rf.generic("POST", "/", body, content_type="application/json")
    with pytest.raises(WebhookRejected) as rejected:
        wa.parse(request, graph.whatsapp_credentials())
    assert rejected.value.status == 400


# --- Sending over HTTP ----------------------------------------------------------------------------


def test_a_text_reply_in_the_window_is_posted_to_the_numbers_messages(graph: MetaGraphFake) -> None:
    with httpx.Client() as client:
        sent = wa.send(
            client,
            graph.whatsapp_credentials(),
            Outgoing(recipient_id=CUSTOMER, text="We are on it.", reply_to="wamid.A", payload=_recent()),
        )
    (request,) = graph.sends("whatsapp")
    assert sent.message_id.startswith("wamid.")
    assert request.token == graph.access_token
    assert request.body["to"] == CUSTOMER and request.body["text"] == {"body": "We are on it."}
    assert request.body["context"] == {"message_id": "wamid.A"}


def test_free_text_outside_the_24_hour_window_is_refused_before_any_call(graph: MetaGraphFake) -> None:
    stale = {"last_inbound_at": (_now() - dt.timedelta(hours=25)).isoformat()}
    with httpx.Client() as client, pytest.raises(PermanentSendError, match="24 hours") as refused:
        wa.send(
            client, graph.whatsapp_credentials(), Outgoing(recipient_id=CUSTOMER, text="hi", payload=stale)
        )
    assert "template" in str(refused.value) and "UTC" in str(refused.value)
    assert graph.requests == []


@pytest.mark.parametrize("told", [True, False], ids=["told-a-wrong-time", "not-told"])
def test_whatsapps_own_re_engagement_refusal_reads_as_the_window_rule(
    graph: MetaGraphFake, told: bool
) -> None:
    graph.whatsapp_message(CUSTOMER, text="old", at=_now() - dt.timedelta(hours=30))
    out = Outgoing(recipient_id=CUSTOMER, text="hi", payload=_recent() if told else {})
    with httpx.Client() as client, pytest.raises(PermanentSendError, match="approved template"):
        wa.send(client, graph.whatsapp_credentials(), out)
    assert len(graph.sends()) == 1


def test_a_template_goes_out_of_the_window_with_its_parameters(graph: MetaGraphFake) -> None:
    graph.template_add("ticket_update", "en_US", "Hello {{1}}, your case {{2}} has an answer.")
    template = Template(name="ticket_update", language="en_US", parameters=("Kerry", "#1042"))
    with httpx.Client() as client:
        wa.send(client, graph.whatsapp_credentials(), Outgoing(recipient_id=CUSTOMER, template=template))
        with pytest.raises(PermanentSendError, match="parameters"):
            wa.send(
                client,
                graph.whatsapp_credentials(),
                Outgoing(recipient_id=CUSTOMER, template=Template("ticket_update", "en_US", ("Kerry",))),
            )
    body = graph.sends("whatsapp")[0].body
    assert body["type"] == "template"
    assert body["template"]["language"] == {"code": "en_US"}
    assert [p["text"] for p in body["template"]["components"][0]["parameters"]] == ["Kerry", "#1042"]


def test_a_file_is_uploaded_then_sent_as_a_document_with_its_name(graph: MetaGraphFake) -> None:
    out = Outgoing(
        recipient_id=CUSTOMER,
        text="Your statement:",
        files=(("statement.pdf", "application/pdf", b"%PDF-1.7"),),
        payload=_recent(),
    )
    with httpx.Client() as client:
        wa.send(client, graph.whatsapp_credentials(), out)
    text, document = graph.sends("whatsapp")
    assert text.body["type"] == "text"
    assert document.body["type"] == "document" and document.body["document"]["filename"] == "statement.pdf"
    assert graph.uploads[document.body["document"]["id"]] == ("statement.pdf", "application/pdf", b"%PDF-1.7")


def test_a_long_reply_goes_out_in_pieces_within_whatsapps_limit(graph: MetaGraphFake) -> None:
    with httpx.Client() as client:
        wa.send(
            client, graph.whatsapp_credentials(), Outgoing(CUSTOMER, text="word " * 1500, payload=_recent())
        )
    bodies = [r.body["text"]["body"] for r in graph.sends("whatsapp")]
    assert len(bodies) == 2 and all(len(b) <= 4096 for b in bodies)


def test_an_outage_or_throttling_is_transient_and_a_bad_token_is_permanent(graph: MetaGraphFake) -> None:
    out = Outgoing(CUSTOMER, text="hi", payload=_recent())
    graph.fail_next(503)
    graph.fail_next(429, code=130429, message="Rate limit hit")
    with httpx.Client() as client:
        with pytest.raises(TransientSendError):
            wa.send(client, graph.whatsapp_credentials(), out)
        with pytest.raises(TransientSendError) as throttled:
            wa.send(client, graph.whatsapp_credentials(), out)
        assert throttled.value.retry_after == 1.0
        with pytest.raises(PermanentSendError, match="access token"):
            wa.send(client, {**graph.whatsapp_credentials(), "access_token": "revoked"}, out)
        gone = {**graph.whatsapp_credentials(), "api_base": "http://127.0.0.1:9/v21.0"}
        with pytest.raises(TransientSendError, match="reach"):
            wa.send(client, gone, out)


# --- Media and templates --------------------------------------------------------------------------


def test_media_is_looked_up_then_downloaded_with_the_token_within_the_limit(graph: MetaGraphFake) -> None:
    message = graph.whatsapp_message(CUSTOMER, "image", data=b"\x89PNG" * 100, mime_type="image/png")
    media = Media(ref=message["image"]["id"], content_type="image/png")
    with httpx.Client() as client:
        name, content_type, data = wa.media_fetch(client, graph.whatsapp_credentials(), media, 10_000)
        assert (content_type, data) == ("image/png", b"\x89PNG" * 100) and name.endswith(".png")
        with pytest.raises(PermanentSendError, match="larger"):
            wa.media_fetch(client, graph.whatsapp_credentials(), media, 100)
        with pytest.raises(PermanentSendError):
            wa.media_fetch(client, graph.whatsapp_credentials(), Media(ref="../../me"), 10_000)
    assert graph.requests[0].path == media.ref


def test_the_approved_templates_are_listed_over_every_page(graph: MetaGraphFake) -> None:
    for n in range(130):
        graph.template_add(f"t{n:03}", "en_US", "Hi {{1}}, {{2}} and {{1}} again")
    graph.template_add("pending_one", status="PENDING")
    with httpx.Client() as client:
        found = wa.templates_list(client, graph.whatsapp_credentials())
    assert len(found) == 130 and len(graph.requests) == 2
    assert (found[0].name, found[0].language, found[0].parameter_count) == ("t000", "en_US", 2)


def test_the_window_is_open_for_24_hours_after_the_customers_last_message() -> None:
    last = _now() - dt.timedelta(hours=23)
    window = session_window(last, _now())
    assert window.open and window.closes_at == last + dt.timedelta(hours=24)
    assert not session_window(last, _now() + dt.timedelta(hours=2)).open
    assert session_window(None, _now()) == session_window(None, _now() + dt.timedelta(days=1))
