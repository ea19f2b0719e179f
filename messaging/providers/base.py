"""What every channel adapter is: the contract between the messaging core and one provider's API.

An adapter knows one provider's HTTP API and nothing of tickets: it verifies a webhook's signature,
turns the provider's JSON (or form) into plain values, and sends what the core's outbox hands it
through the provider's documented API. The core (`messaging.services`) knows tickets and nothing of
providers. Everything here is plain data, so an adapter is tested against the provider's documented
payloads and a local fake of its HTTP API without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import httpx
from django.http import HttpRequest, HttpResponse

ReceiptStatus = Literal["sent", "delivered", "read", "failed"]


class WebhookRejected(Exception):
    """The request is not the provider's (bad or missing signature, a stale timestamp, a malformed
    body): the view answers `status` with `reason` and writes nothing."""

    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TransientSendError(Exception):
    """The provider could not take the message now (timeout, 5xx, 429): the outbox tries again later."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentSendError(Exception):
    """The provider refused the message for good (blocked by the user, outside a session window, a bad
    recipient): the outbox marks it failed and the agent sees why on the ticket."""


@dataclass(frozen=True)
class Media:
    """A file the customer sent, still at the provider: fetched through `Provider.media_fetch`."""

    ref: str  # the provider's file id or URL
    filename: str = ""
    content_type: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Inbound:
    """One message from a customer."""

    # Unique per channel account and event: a webhook delivered twice (or replayed) is recognised by it.
    event_key: str
    # The provider's id of the message (Telegram chat:message_id, WhatsApp wamid, Twilio MessageSid, ...).
    message_id: str
    # Who wrote, in the provider's terms: Telegram user id, phone number in E.164, page-scoped id, X user id.
    sender_id: str
    sent_at: dt.datetime
    text: str = ""
    sender_name: str = ""
    # The sender's phone number, when the provider knows it (SMS, WhatsApp), in E.164.
    sender_phone: str = ""
    # The provider's hint of the sender's language (Telegram's language_code), or "".
    language: str = ""
    media: tuple[Media, ...] = ()
    # SMS keywords the carrier rules make binding: "stop" (opt out) and "start" (opt back in).
    command: Literal["", "stop", "start"] = ""
    # Anything else an adapter wants kept on the timeline entry (entry_data), JSON-serialisable.
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    """What became of a message the helpdesk sent: sent, delivered, read or failed."""

    event_key: str
    # The provider's id of the outbound message, as `Provider.send` returned it.
    message_id: str
    status: ReceiptStatus
    at: dt.datetime
    error: str = ""
    # A watermark (Messenger's read/delivery watermark, X's last read event): message_id is "" and
    # every message sent to this recipient (as Inbound.sender_id gave it) at or before `at` has `status`.
    recipient_id: str = ""


@dataclass(frozen=True)
class Parsed:
    """Everything one webhook delivery carries (Meta and X batch several events in one request)."""

    inbound: tuple[Inbound, ...] = ()
    receipts: tuple[Receipt, ...] = ()


@dataclass(frozen=True)
class Template:
    """A provider-approved message template (WhatsApp outside the 24-hour session window)."""

    name: str
    language: str
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outgoing:
    """What the outbox asks an adapter to send."""

    # The recipient in the provider's terms (as Inbound.sender_id gave it).
    recipient_id: str
    text: str = ""
    template: Template | None = None
    # Files from the ticket's attachments, already within the attachment limits.
    files: tuple[tuple[str, str, bytes], ...] = ()  # (filename, content type, bytes)
    # The provider message this one answers, when the provider threads replies.
    reply_to: str = ""
    # Operations other than a message (voice: "call_redirect", "call_create"), with their data.
    operation: str = "message"
    payload: Mapping[str, Any] = field(default_factory=dict)
    # When the contact last wrote (the provider's time of their message): session windows (WhatsApp,
    # Messenger) are counted from it. None: never, or not known.
    last_inbound_at: dt.datetime | None = None


@dataclass(frozen=True)
class Sent:
    """The provider's id of what was sent: the receipts name it."""

    message_id: str


class Provider(Protocol):
    """One provider's adapter. `credentials` are the channel account's decrypted settings (token,
    app secret, base URL of the API: tests and the demo point it at a local fake)."""

    kind: ClassVar[str]
    # The settings an admin enters for a channel account of this kind (the configuration form asks for
    # these names; values are stored encrypted): e.g. ("bot_token", "secret_token", "api_base").
    credential_fields: ClassVar[tuple[str, ...]]
    # Those of them that are secret: write-only in the form, never shown back.
    secret_fields: ClassVar[frozenset[str]]

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        """A GET the provider makes to prove the webhook is ours (Meta's hub.challenge, X's CRC), or
        None when `request` is not one."""
        ...

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        """Raise WebhookRejected unless the request carries the provider's valid signature (and, where
        the provider sends one, a fresh timestamp)."""
        ...

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        """The verified request's events. Raise WebhookRejected(status=400) for a body that is not
        the provider's format."""
        ...

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        """What the provider expects back once the events are stored (200, an empty TwiML, ...)."""
        ...

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        """Send through the provider's API. Raise TransientSendError or PermanentSendError."""
        ...

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        """(filename, content type, bytes) of a customer's file, refusing more than `limit` bytes
        (PermanentSendError) without reading it all."""
        ...
