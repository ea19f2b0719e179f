"""Messages made in the tests, for the cases where the point is the conversation, not the bytes."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from django.utils import timezone

from mail.models import InboundMessage, Mailbox, Source
from mail.services import inbound_process, inbound_receive


def email(
    *,
    sender: str = "Ana Lima <ana@mail.example>",
    to: str = "support@cryptox.example",
    subject: str = "Withdrawal pending for 3 hours",
    text: str = "My BTC withdrawal has been pending since this morning.",
    html: str = "",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    cc: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(domain="mail.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, content, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def deliver(raw: bytes, mailbox: Mailbox | None = None, source: str = Source.PIPE) -> Any:
    """The stored message after processing. Typed loosely: tests read its `ticket` and `entry`, which
    are set whenever the outcome is a ticket, and assert the outcome first."""
    message, created = inbound_receive(raw=raw, source=source, mailbox=mailbox)
    return inbound_process(message=message) if created else message


def make_mailbox(**kwargs: object) -> Mailbox:
    defaults: dict[str, object] = {
        "name": "Support",
        "address": "support@cryptox.example",
        "from_name": "CryptoX Support",
    }
    return Mailbox.objects.create(**(defaults | kwargs))


def post_inbound(raw: bytes, mailbox: Mailbox, capture: Any) -> InboundMessage:
    """POST a raw message to the HTTP endpoint as a relay would, with the mailbox's token, running what
    its commit schedules (`capture` is pytest-django's django_capture_on_commit_callbacks)."""
    from django.test import Client

    from mail.services.config import mailbox_token_issue

    token = mailbox_token_issue(actor=None, mailbox=mailbox)
    with capture(execute=True):
        response = Client().post(
            "/api/mail/inbound/",
            data=raw,
            content_type="message/rfc822",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert response.status_code == 202, response.content
    return InboundMessage.objects.get(pk=response.json()["id"])
