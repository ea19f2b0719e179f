"""A secret a customer pastes is never stored, on every way in: the chat's websocket and its HTTP API,
email (the ticket and the raw message kept for reprocessing), the API, and the help center's form.

Each time the stored text holds the marker and not the secret, the case has the `secret_redacted` event,
the `secret-shared` tag and an audit record without the secret, and the customer is warned in their
language on the channel they used. The warning goes out after commit: these tests commit."""

import json
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.test import Client

from accounts.models import User
from approvals.redaction import marker
from approvals.redaction_phrases import secret_warning
from audit.models import AuditEvent
from livechat.models import Conversation
from mail.models import InboundMessage, OutboundMessage
from tests.factories import CustomerFactory
from tests.livechat.conftest import (  # noqa: F401 - the chat fixtures, for these tests too
    _chat_layers,
    agents,
    anyio_backend,
    chat_team,
    console,
    frames_until,
    next_of,
    start_chat,
    visitor,
)
from tests.mail.build import deliver, make_mailbox
from tickets.models import EntryKind, Ticket, TimelineEntry

HEX_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
WIF = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617"
SEED = "pistol bachelor awake wrong ensure hammer comic power coral inherit inhale swing"
SEED_ES = (
    "cinta pobre demora litro tubo trance don vigor tarea cumbre candil pintor tenso llaga adulto huracán "
    "ciclón truco titán crudo curioso remo butaca eludir"
)


def case_of(ticket_id: int) -> dict[str, Any]:
    """What the case holds after the message: bodies, events, tags, audit, the warnings sent."""
    ticket = Ticket.objects.get(pk=ticket_id)
    entries = list(ticket.entries.order_by("pk"))
    events = [e.data for e in entries if e.kind == EntryKind.SYSTEM_EVENT]
    audit = AuditEvent.objects.filter(action="ticket.secret_redacted", object_id=str(ticket.pk))
    return {
        "customer": [e.body for e in entries if e.kind == EntryKind.CUSTOMER_MESSAGE],
        "replies": [e.body for e in entries if e.kind == EntryKind.AGENT_REPLY],
        "redacted": [d for d in events if d.get("event") == "secret_redacted"],
        "tags": sorted(t.name for t in ticket.tags.all()),
        "audit": [json.dumps([a.before, a.after]) for a in audit],
        "language": ticket.language,
    }


def everything_stored(ticket_id: int) -> str:
    """Every text of the case the database holds, to look for the secret in."""
    rows = TimelineEntry.objects.filter(ticket_id=ticket_id).values_list("body", "data")
    ticket = Ticket.objects.get(pk=ticket_id)
    audit = AuditEvent.objects.filter(object_id=str(ticket_id)).values_list("before", "after")
    return json.dumps([ticket.subject, list(rows), list(audit)], ensure_ascii=False, default=str)


def assert_redacted(case: dict[str, Any], kinds: list[str], stored: str, secret: str) -> None:
    assert secret not in stored
    assert case["redacted"] and case["redacted"][-1]["kinds"] == kinds
    assert "secret-shared" in case["tags"]
    assert case["audit"] and all(secret not in a for a in case["audit"])


# --- Live chat over the websocket -------------------------------------------------------------------


def warning_frame(frame: dict[str, Any]) -> bool:
    return frame["type"] == "message" and frame["client_id"].startswith("secret-warning-")


def both(*tests: Callable[[dict[str, Any]], bool]) -> Callable[[dict[str, Any]], bool]:
    """True once every test has accepted a frame seen so far."""
    seen = [False] * len(tests)

    def done(frame: dict[str, Any]) -> bool:
        for i, test in enumerate(tests):
            seen[i] = seen[i] or test(frame)
        return all(seen)

    return done


@pytest.mark.anyio
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("agents")
async def test_a_seed_phrase_sent_over_the_chat_socket_reaches_nobody_and_the_visitor_is_warned_in_spanish():
    chat = await sync_to_async(start_chat)(topic="withdrawal", language="es", message="Hola, necesito ayuda")
    agent = await console(await sync_to_async(User.objects.get)(username="ana"))
    await next_of(agent, "offer")
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    await next_of(agent, "welcome")
    customer, _hello = await visitor(chat["token"], last_seq=1)

    await customer.send_json_to(
        {"type": "message.send", "client_id": "c-1", "body": f"mis palabras son {SEED_ES}, ¿está bien?"}
    )
    # The warning is delivered as the message commits: it may reach the socket before the ack does.
    at_customer = await frames_until(customer, both(lambda f: f["type"] == "ack", warning_frame))
    ack = next(f for f in at_customer if f["type"] == "ack")
    at_agent = await frames_until(agent, warning_frame)
    for frames in (at_customer, at_agent):
        bodies = {f["seq"]: f["body"] for f in frames if f["type"] == "message"}
        assert bodies[ack["seq"]] == f"mis palabras son {marker('seed phrase')}, ¿está bien?"
        # The warning is the chat's next message, from the system, in the chat's language.
        assert bodies[ack["seq"] + 1] == secret_warning("es", ["seed phrase"])
        assert not any(SEED_ES.split()[3] in json.dumps(f, ensure_ascii=False) for f in frames)
    ticket_id = await sync_to_async(lambda: Conversation.objects.get(pk=chat["conversation"]).ticket_id)()
    case = await sync_to_async(case_of)(ticket_id)
    assert_redacted(case, ["seed phrase"], await sync_to_async(everything_stored)(ticket_id), SEED_ES)
    await customer.disconnect()
    await agent.disconnect()


@pytest.mark.anyio
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("agents")
async def test_a_transaction_hash_over_the_chat_socket_is_kept_and_nobody_is_warned():
    chat = await sync_to_async(start_chat)(topic="deposit", message="deposit missing")
    customer, _hello = await visitor(chat["token"], last_seq=1)
    text = f"my deposit tx is 0x{HEX_KEY}"
    await customer.send_json_to({"type": "message.send", "client_id": "c-1", "body": text})
    # Triage looks the hash up as the message commits, before the ack: give it time.
    frames = await frames_until(customer, lambda f: f["type"] == "ack", timeout=60)
    assert not any(warning_frame(f) for f in frames)
    ticket_id = await sync_to_async(lambda: Conversation.objects.get(pk=chat["conversation"]).ticket_id)()
    case = await sync_to_async(case_of)(ticket_id)
    assert case["customer"][-1] == text
    assert case["redacted"] == [] and "secret-shared" not in case["tags"]
    assert case["replies"] == []
    await customer.disconnect()


# --- Live chat over HTTP (the widget's start and leave-a-message) ------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("agents")
def test_a_private_key_in_the_chats_first_message_is_redacted_and_the_warning_is_message_two():
    chat = start_chat(topic="withdrawal", language="de", message=f"Mein privater Schlüssel: {HEX_KEY}")
    ticket_id = Conversation.objects.get(pk=chat["conversation"]).ticket_id
    rows = list(
        TimelineEntry.objects.filter(ticket_id=ticket_id, seq__isnull=False)
        .order_by("seq")
        .values_list("seq", "body")
    )
    assert rows == [
        (1, f"Mein privater Schlüssel: {marker('private key')}"),
        (2, secret_warning("de", ["private key"])),
    ]
    assert Conversation.objects.get(pk=chat["conversation"]).last_seq == 2
    assert_redacted(case_of(ticket_id), ["private key"], everything_stored(ticket_id), HEX_KEY)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("agents")
def test_a_password_in_a_message_left_instead_of_waiting_is_redacted():
    chat = start_chat(topic="account_access", language="fr")
    response = Client().post(
        "/chat/api/leave-message/",
        json.dumps(
            {"token": chat["token"], "email": "ana@mail.example", "body": "mot de passe : Azerty2024!"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=int(response.json()["ticket"].split("-")[1]))
    case = case_of(ticket.pk)
    # A sentence's closing mark is not taken for the password's last character.
    assert case["customer"] == [f"mot de passe : {marker('password')}!"]
    assert case["replies"] == [secret_warning("fr", ["password"])]
    assert_redacted(case, ["password"], everything_stored(ticket.pk), "Azerty2024")


# --- Email ----------------------------------------------------------------------------------------


def _mail(*, text: str, html: str = "", cte: str = "quoted-printable", subject: str = "Help please") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ana Lima <ana@mail.example>"
    msg["To"] = "support@cryptox.example"
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="mail.example")
    msg["Content-Language"] = "pt-BR"
    msg.set_content(text, cte=cte)
    if html:
        msg.add_alternative(html, subtype="html", cte=cte)
    msg.add_attachment(
        b"%PDF-1.4\n" + b"0" * 300, maintype="application", subtype="pdf", filename="extrato.pdf"
    )
    return msg.as_bytes(policy=policy.default.clone(linesep="\r\n"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
def test_a_seed_phrase_by_email_is_gone_from_the_ticket_and_the_stored_raw_message_and_the_rest_survives(
    cte,
):
    make_mailbox()
    CustomerFactory.create(email="ana@mail.example", language="pt-br")
    words = SEED
    text = f"Olá, minha frase de recuperação é:\n{words}\nObrigada, Ana — saque de 0,5 BTC"
    html = f"<p>Olá, minha frase de recuperação é:</p><p>{'<br>'.join(words.split())}</p><p>Obrigada, Ana</p>"
    stored = deliver(_mail(text=text, html=html, cte=cte))
    assert stored.ticket is not None, stored.error
    raw = bytes(InboundMessage.objects.get(pk=stored.pk).raw)
    parsed = message_from_bytes(raw, policy=policy.default)
    plain = parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    rich = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert marker("seed phrase") in plain and marker("seed phrase") in rich
    assert "Obrigada, Ana — saque de 0,5 BTC" in plain and "<p>Obrigada, Ana</p>" in rich
    assert not any(w in (plain + rich).split() for w in words.split()[1:-1])
    (attachment,) = [p for p in parsed.iter_attachments()]
    assert attachment.get_content() == b"%PDF-1.4\n" + b"0" * 300
    assert parsed["Subject"] == "Help please" and parsed["From"] == "Ana Lima <ana@mail.example>"

    case = case_of(stored.ticket_id)
    assert marker("seed phrase") in case["customer"][0]
    assert_redacted(case, ["seed phrase"], everything_stored(stored.ticket_id), words)
    entry = TimelineEntry.objects.get(pk=stored.entry_id)
    assert marker("seed phrase") in entry.data["email"]["text"] and words not in entry.data["email"]["text"]
    # The warning is an email reply, through the outbox, in the customer's language.
    outbox = list(OutboundMessage.objects.filter(ticket_id=stored.ticket_id))
    warnings = [m for m in outbox if secret_warning("pt", ["seed phrase"]) in m.text]
    assert len(warnings) == 1 and warnings[0].subject.startswith("Re: Help please")
    assert warnings[0].to == ["ana@mail.example"]
    # The acknowledgement quotes nothing of the phrase either.
    assert not any(w in m.text.split() for m in outbox for w in words.split()[1:-1])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_one_time_code_in_an_email_reply_is_redacted_on_the_thread():
    make_mailbox()
    first = deliver(_mail(text="I cannot log in", cte="7bit"))
    ticket = Ticket.objects.get(pk=first.ticket_id)
    reply = EmailMessage()
    reply["From"] = "ana@mail.example"
    reply["To"] = "support@cryptox.example"
    reply["Subject"] = f"Re: Help please [{ticket.reference}]"
    reply["Message-ID"] = make_msgid(domain="mail.example")
    reply["In-Reply-To"] = first.message_id
    reply.set_content("Here is the 2FA code: 482913\nThanks")
    stored = deliver(reply.as_bytes())
    assert stored.ticket_id == ticket.pk and stored.outcome == "reply"
    assert b"482913" not in bytes(InboundMessage.objects.get(pk=stored.pk).raw)
    case = case_of(ticket.pk)
    assert case["customer"][-1] == f"Here is the 2FA code: {marker('one-time code')}\nThanks"
    assert_redacted(case, ["one-time code"], everything_stored(ticket.pk), "482913")


# --- The API -------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_ticket_opened_through_the_api_with_a_key_says_so_in_the_response_and_gets_a_public_reply(
    api_client,
):
    customer = CustomerFactory.create(language="ja")
    response = api_client.post(
        "/api/tickets/",
        {
            "customer_external_id": customer.external_id,
            "subject": "ウォレット",
            "body": f"秘密鍵は {WIF} です",
            "language": "ja",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["redacted"]["kinds"] == ["private key"]
    assert body["redacted"]["warning"] == secret_warning("ja", ["private key"])
    case = case_of(body["id"])
    assert case["customer"] == [f"秘密鍵は {marker('private key')} です"]
    assert case["replies"] == [secret_warning("ja", ["private key"])]
    assert_redacted(case, ["private key"], everything_stored(body["id"]), WIF)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_customer_message_posted_through_the_api_is_redacted_and_the_tags_are_kept(api_client, ticket):
    api_client.patch(f"/api/tickets/{ticket.pk}/", {"tags": ["vip"]}, format="json")
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "customer_message", "body": "my password is hunter2!"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["body"] == f"my password is {marker('password')}!"
    assert response.json()["redacted"]["kinds"] == ["password"]
    case = case_of(ticket.pk)
    assert case["tags"] == ["secret-shared", "vip"]
    assert case["replies"] == [secret_warning(ticket.language, ["password"])]
    assert_redacted(case, ["password"], everything_stored(ticket.pk), "hunter2")


# --- The help center's contact form ----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_contact_form_redacts_a_seed_phrase_and_shows_the_warning_in_the_page_language(client):
    response = client.post(
        "/help/es/contact/",
        {
            "name": "Ana",
            "email": "ana@mail.example",
            "subject": "Mi cartera",
            "message": f"Estas son mis palabras:\n{SEED_ES}",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    warning = secret_warning("es", ["seed phrase"])
    assert warning.split(":")[0] in page and SEED_ES.split()[5] not in page
    ticket = Ticket.objects.get()
    case = case_of(ticket.pk)
    assert case["customer"][0].startswith(f"Estas son mis palabras:\n{marker('seed phrase')}")
    assert case["replies"] == [warning]
    assert_redacted(case, ["seed phrase"], everything_stored(ticket.pk), SEED_ES)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stranger_on_the_thread_is_held_without_the_secret_and_nobody_is_warned():
    make_mailbox()
    first = deliver(_mail(text="I cannot log in", cte="7bit"))
    stranger = EmailMessage()
    stranger["From"] = "mallory@evil.example"
    stranger["To"] = "support@cryptox.example"
    stranger["Subject"] = "Re: Help please"
    stranger["Message-ID"] = make_msgid(domain="evil.example")
    stranger["In-Reply-To"] = first.message_id
    stranger.set_content(f"her key: {WIF}")
    stored = deliver(stranger.as_bytes())
    assert stored.outcome == "held"
    held = TimelineEntry.objects.get(pk=stored.entry_id)
    assert held.kind == EntryKind.HELD_MESSAGE and held.body == f"her key: {marker('private key')}"
    assert WIF.encode() not in bytes(InboundMessage.objects.get(pk=stored.pk).raw)
    case = case_of(first.ticket_id)
    assert case["replies"] == [] and case["redacted"] == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("agents")
def test_a_code_in_the_chats_rating_comment_is_not_kept():
    chat = start_chat(topic="withdrawal")
    body = {"token": chat["token"], "rating": 2, "comment": "you asked for my 2FA code 482913?!"}
    response = Client().post("/chat/api/rating/", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    comment = Conversation.objects.get(pk=chat["conversation"]).rating_comment
    assert comment == f"you asked for my 2FA code {marker('one-time code')}?!"
