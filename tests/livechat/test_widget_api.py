"""The widget's HTTP endpoints: leave a message, rate, get the transcript, send a file, and CORS."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from livechat.models import Conversation, ConversationStatus
from tests.livechat.conftest import start_chat
from tickets.models import Attachment, Channel, EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db

EXCHANGE = "https://www.exchange.example"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def post(path: str, body: dict, **headers: Any) -> Any:
    return Client().post(f"/chat/api/{path}/", json.dumps(body), content_type="application/json", **headers)


def test_leaving_a_message_makes_an_email_ticket_and_ends_the_chat(chat_team):
    chat = start_chat(topic="withdrawal", name="Ola", email="ola@mail.example")
    assert chat["agents_available"] is False
    response = post(
        "leave-message", {"token": chat["token"], "email": "ola@mail.example", "body": "Call me back"}
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=int(response.json()["ticket"].split("-")[1]))
    assert (ticket.channel, ticket.category, ticket.customer.email) == (
        Channel.EMAIL,
        "withdrawal",
        "ola@mail.example",
    )
    assert ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).body == "Call me back"
    conversation = Conversation.objects.select_related("ticket").get(pk=chat["conversation"])
    assert conversation.status == ConversationStatus.ENDED and conversation.left_message == ticket
    assert conversation.ticket.status == Status.SOLVED
    again = post("leave-message", {"token": chat["token"], "email": "ola@mail.example", "body": "Again"})
    assert again.status_code == 409
    assert Ticket.objects.filter(channel=Channel.EMAIL).count() == 1


def test_a_satisfaction_rating_is_stored_and_may_be_changed(chat_team):
    chat = start_chat()
    assert post("rating", {"token": chat["token"], "rating": 4, "comment": "Quick"}).json() == {"saved": True}
    assert post("rating", {"token": chat["token"], "rating": 5}).status_code == 200
    conversation = Conversation.objects.get(pk=chat["conversation"])
    assert (conversation.rating, conversation.rating_comment) == (5, "")
    for bad in (0, 6, "5", True, None):
        response = post("rating", {"token": chat["token"], "rating": bad})
        assert response.status_code == 400 and response.json()["message"], bad
    assert post("rating", {"token": chat["token"] + "x", "rating": 5}).status_code == 403


def test_the_transcript_is_mailed_with_public_messages_only(
    chat_team, agents, django_capture_on_commit_callbacks
):
    from livechat.services import chat_accept, chat_message_post

    chat = start_chat(message="Where is my BTC?", name="Ola", email="ola@mail.example")
    chat_accept(conversation_id=chat["conversation"], agent=agents[0])
    chat_message_post(
        conversation_id=chat["conversation"],
        body="Secret note",
        client_id="n",
        agent=agents[0],
        internal=True,
    )
    chat_message_post(conversation_id=chat["conversation"], body="On its way", client_id="r", agent=agents[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = post("transcript", {"token": chat["token"]})
    assert response.json() == {"sent": True}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ola@mail.example"]
    assert "Where is my BTC?" in sent.body and "On its way" in sent.body
    assert "Secret note" not in sent.body


def test_a_verified_customer_transcript_goes_to_the_exchange_address_only(
    chat_team, django_capture_on_commit_callbacks
):
    import time

    from livechat.identity import identity_sign

    token = identity_sign({"sub": "EX-5", "email": "real@mail.example", "exp": int(time.time()) + 60})
    chat = start_chat(identity=token)
    with django_capture_on_commit_callbacks(execute=True):
        post("transcript", {"token": chat["token"], "email": "someone-else@mail.example"})
    assert [m.to for m in mail.outbox] == [["real@mail.example"]]


def test_a_file_is_a_message_with_a_signed_download_link(chat_team, settings):
    chat = start_chat()
    upload = Client().post(
        "/chat/api/attachments/", {"token": chat["token"], "file": _file("screenshot.png", PNG)}
    )
    assert upload.status_code == 201 and upload.json() == {"seq": 2}
    attachment = Attachment.objects.get()
    assert attachment.entry.seq == 2 and attachment.entry.body == ""

    from livechat.events import message_data, message_frame

    frame: dict[str, Any] = message_frame(
        message_data(attachment.entry, chat["conversation"]), for_customer=True
    )
    url = frame["attachments"][0]["url"]
    download = Client().get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]
    assert "sandbox" in download["Content-Security-Policy"]
    assert Client().get(url.replace("/files/", "/files/x")).status_code == 404

    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10
    too_big = Client().post("/chat/api/attachments/", {"token": chat["token"], "file": _file("big.png", PNG)})
    assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10_000
    wrong = Client().post(
        "/chat/api/attachments/", {"token": chat["token"], "file": _file("tool.exe", b"MZ")}
    )
    assert wrong.status_code == 415
    assert Attachment.objects.count() == 1


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_cross_origin_calls_are_answered_only_for_the_exchange_sites(chat_team, settings):
    settings.LIVECHAT_ALLOWED_ORIGINS = [EXCHANGE]
    preflight = Client().options(
        "/chat/api/start/", HTTP_ORIGIN=EXCHANGE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == EXCHANGE
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "Content-Type"

    allowed = post("start", {"topic": "other"}, HTTP_ORIGIN=EXCHANGE)
    assert allowed.status_code == 201 and allowed["Access-Control-Allow-Origin"] == EXCHANGE

    for call in (
        lambda: Client().options("/chat/api/start/", HTTP_ORIGIN="https://evil.example"),
        lambda: post("start", {"topic": "other"}, HTTP_ORIGIN="https://evil.example"),
    ):
        response = call()
        assert response.status_code == 403
        assert "Access-Control-Allow-Origin" not in response
    assert Conversation.objects.count() == 1


def test_bad_input_is_a_4xx_json_answer_with_a_message(chat_team):
    cases = [
        (Client().post("/chat/api/start/", "not json", content_type="application/json"), 400),
        (post("start", {"language": "en"}), 400),
        (post("start", {"topic": 5}), 400),
        (post("start", {"topic": "kyc", "email": "not-an-email"}), 400),
        (Client().get("/chat/api/start/"), 405),
        (post("leave-message", {"token": "forged", "email": "a@mail.example", "body": "x"}), 403),
        (post("transcript", {}), 403),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        assert response.json()["message"]
    assert not Conversation.objects.exists()


def test_one_address_may_start_only_so_many_chats(chat_team, settings):
    settings.LIVECHAT_STARTS_PER_ADDRESS = 3
    assert [post("start", {"topic": "other"}).status_code for _ in range(5)] == [201, 201, 201, 429, 429]
