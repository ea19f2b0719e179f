"""SMS through Twilio Programmable Messaging, for the messaging core.

Webhooks: Twilio POSTs a form to the number's "A message comes in" URL (the channel account's webhook
URL) for each inbound SMS/MMS, and to the `StatusCallback` URL given when a message is sent as its status
moves (queued, sent, delivered, undelivered, failed). Every request carries `X-Twilio-Signature`: checked
with the twilio library's RequestValidator (HMAC-SHA1 with the auth token over the URL Twilio requested
and the form's parameters). That URL is the public one: the account's `webhook_url` setting when set,
otherwise MESSAGING_PUBLIC_BASE_URL (or HELPDESK_SITE_URL) followed by the request's path, never the host
Django sees behind a proxy. Twilio dates nothing it signs, so replays are refused by the event key alone:
`MessageSid` for a message, `MessageSid:status` for a status callback. A request whose AccountSid is not
the account's is refused as well.

Carrier keywords (the whole message, any case): STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (and
Twilio's `OptOutType=STOP` when Advanced Opt-Out is on) make the Inbound's command "stop"; START, UNSTOP,
YES make it "start". The core marks the contact and refuses outbound SMS to one who opted out; Twilio
refuses them too (error 21610), which is a permanent failure here.

Sending: the real `twilio.rest.Client` (`messages.create` with the status callback), from the account's
`from_number`, or through its Twilio Messaging Service (`messaging_service_sid`, sent as
MessagingServiceSid: Twilio picks the sender from the service's pool); an account has exactly one of the
two (`credentials_problem`, checked when an admin saves it). Its requests are made through the outbox's
httpx client to `api_base` (Twilio, or the local fake in tests and the demo). A
reply longer than Twilio's 1600-character limit goes as several messages; the first one's SID is the one
receipts follow. Files are not sent: MMS needs a public URL for each file, which the helpdesk does not
expose: the text goes alone, and a reply that is only files fails with the reason shown.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from collections.abc import Mapping
from typing import ClassVar, Literal
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from messaging.providers.base import (
    Inbound,
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Receipt,
    ReceiptStatus,
    Sent,
    TransientSendError,
    WebhookRejected,
)
from messaging.providers.twilio_http import TWILIO_API, HttpxTwilioClient

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio's own limit on one message's body; longer text goes as several messages.
BODY_LIMIT = 1600
# MMS carries at most 10 media per message.
MAX_MEDIA = 10
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
# Twilio's message statuses as receipts; queued, sending, accepted, scheduled, receiving are steps
# before the first receipt and say nothing new.
RECEIPTS: dict[str, ReceiptStatus] = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}
# The errors a recipient's state makes permanent (documented at twilio.com/docs/api/errors).
UNSUBSCRIBED = 21610
MESSAGING_SERVICE_SID = re.compile(r"MG[0-9a-fA-F]{32}")
ERRORS = {
    21610: "The recipient replied STOP and is unsubscribed",
    21211: "The number is not a valid phone number",
    21612: "The number cannot be reached from this sender",
    21614: "The number is not a mobile number",
    30003: "The handset is unreachable",
    30004: "The recipient blocked messages",
    30005: "The number is unknown or no longer in service",
    30006: "The number is a landline or cannot receive SMS",
    30007: "The carrier filtered the message",
    30008: "The carrier could not deliver it",
}


def public_url(request: HttpRequest, credentials: Mapping[str, str]) -> str:
    """The URL Twilio requested, as Twilio saw it (and signed it)."""
    configured = credentials.get("webhook_url", "").strip()
    if configured:
        query = request.META.get("QUERY_STRING", "")
        return configured + (("&" if "?" in configured else "?") + query if query else "")
    base = getattr(settings, "MESSAGING_PUBLIC_BASE_URL", "") or settings.HELPDESK_SITE_URL
    return str(base).rstrip("/") + request.get_full_path()


def keyword(body: str, opt_out_type: str = "") -> Literal["", "stop", "start"]:
    """The carrier keyword a message is, or ""."""
    marked = opt_out_type.strip().upper()
    if marked == "STOP":
        return "stop"
    if marked == "START":
        return "start"
    word = body.strip().strip(".!").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return ""


def _media(form: Mapping[str, str]) -> tuple[Media, ...]:
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        return ()
    found: list[Media] = []
    for i in range(max(0, count)):
        url = form.get(f"MediaUrl{i}", "")
        if not url:
            continue
        content_type = form.get(f"MediaContentType{i}", "")
        extension = mimetypes.guess_extension(content_type) or ""
        name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or f"media-{i}"
        found.append(Media(ref=url, filename=f"{name}{extension}", content_type=content_type))
    return tuple(found)


def parse_form(form: Mapping[str, str], *, now: dt.datetime | None = None) -> Parsed:
    """One Twilio Messaging webhook: an inbound message, or a status callback of one we sent."""
    now = now or timezone.now()
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if not sid:
        raise WebhookRejected("not a Twilio Messaging request (no MessageSid)", status=400)
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    if status and status != "received" and "Body" not in form:
        receipt = RECEIPTS.get(status)
        if receipt is None:
            return Parsed()
        error = ""
        if receipt == "failed":
            code = form.get("ErrorCode", "")
            error = ERRORS.get(int(code) if code.isdigit() else 0, "")
            error = f"{error} (Twilio error {code})" if error else f"Twilio error {code or 'unknown'}"
        return Parsed(
            receipts=(
                Receipt(event_key=f"{sid}:{status}", message_id=sid, status=receipt, at=now, error=error),
            )
        )
    sender = form.get("From", "").strip()
    if not sender or ":" in sender:
        # Not an SMS from a phone number (a WhatsApp or channel address on the same number).
        return Parsed()
    body = form.get("Body", "")
    extra = {k: form[k] for k in ("To", "FromCountry", "FromCity") if form.get(k)}
    return Parsed(
        inbound=(
            Inbound(
                event_key=sid,
                message_id=sid,
                sender_id=sender,
                sender_phone=sender,
                sent_at=now,
                text=body,
                media=_media(form),
                command=keyword(body, form.get("OptOutType", "")),
                extra=extra,
            ),
        )
    )


def _chunks(text: str) -> list[str]:
    if len(text) <= BODY_LIMIT:
        return [text]
    parts: list[str] = []
    rest = text
    while rest:
        if len(rest) <= BODY_LIMIT:
            parts.append(rest)
            break
        cut = rest.rfind(" ", 0, BODY_LIMIT)
        cut = cut if cut > BODY_LIMIT // 2 else BODY_LIMIT
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts


class SmsProvider:
    kind: ClassVar[str] = "sms"
    credential_fields: ClassVar[tuple[str, ...]] = (
        "account_sid",
        "auth_token",
        "from_number",
        "messaging_service_sid",
        "webhook_url",
        "api_base",
    )
    secret_fields: ClassVar[frozenset[str]] = frozenset({"auth_token"})

    def credentials_problem(self, credentials: Mapping[str, str]) -> str:
        """Why an account's settings cannot send ("" when they can): it sends from one number or through
        one Messaging Service, and Twilio would take a number over a service silently, so exactly one."""
        number = credentials.get("from_number", "").strip()
        service = credentials.get("messaging_service_sid", "").strip()
        if number and service:
            return _("Enter either the number messages are sent from or the Messaging Service SID, not both.")
        if not (number or service):
            return _("Enter the number messages are sent from, or a Messaging Service SID.")
        if service and not MESSAGING_SERVICE_SID.fullmatch(service):
            return _("A Messaging Service SID is MG followed by 32 hexadecimal characters.")
        return ""

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        return None

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        given = request.headers.get(SIGNATURE_HEADER, "")
        token = credentials.get("auth_token", "")
        if not given or not token:
            raise WebhookRejected("missing X-Twilio-Signature")
        if not RequestValidator(token).validate(public_url(request, credentials), request.POST, given):
            raise WebhookRejected("bad X-Twilio-Signature")
        account_sid = credentials.get("account_sid", "")
        if account_sid and request.POST.get("AccountSid", "") != account_sid:
            raise WebhookRejected("the request is for another Twilio account")

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        return parse_form({k: request.POST.get(k, "") for k in request.POST})

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        # An empty TwiML answer: no automatic reply (Twilio itself answers STOP and START).
        return HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml"
        )

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        if out.operation != "message":
            raise PermanentSendError(f"SMS does not send {out.operation!r}")
        text = out.text.strip()
        if not text:
            # Files alone cannot go (SMS carries no files from the helpdesk): the agent sees why.
            raise PermanentSendError(
                "SMS sends no files; write the answer as text" if out.files else "nothing to send"
            )
        rest = self._client(client, credentials)
        callback = credentials.get("webhook_url", "").strip() or None
        service = credentials.get("messaging_service_sid", "").strip()
        # The service's sender pool, when the account has one; the twilio client leaves unset values out.
        sender = (
            {"messaging_service_sid": service} if service else {"from_": credentials.get("from_number", "")}
        )
        first = ""
        try:
            for part in _chunks(text):
                message = rest.messages.create(
                    to=out.recipient_id, body=part, status_callback=callback, **sender
                )
                first = first or str(message.sid)
        except TwilioRestException as exc:
            if exc.status == 429 or exc.status >= 500:
                raise TransientSendError(f"Twilio {exc.status}: {exc.msg}") from exc
            reason = ERRORS.get(int(exc.code or 0), "")
            raise PermanentSendError(
                f"{reason} (Twilio error {exc.code})"
                if reason
                else f"Twilio {exc.status} ({exc.code}): {exc.msg}"
            ) from exc
        except (httpx.TransportError, TwilioException) as exc:
            raise TransientSendError(f"Twilio unreachable: {exc}") from exc
        return Sent(message_id=first)

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        url = media.ref
        api_base = (credentials.get("api_base") or TWILIO_API).rstrip("/")
        if url.startswith(TWILIO_API):
            url = api_base + url[len(TWILIO_API) :]
        if not (url.startswith(api_base + "/") or url.startswith(TWILIO_API + "/")):
            # A media URL names Twilio's API; anything else is not fetched (no requests elsewhere).
            raise PermanentSendError("the media URL is not Twilio's")
        auth = (credentials.get("account_sid", ""), credentials.get("auth_token", ""))
        chunks: list[bytes] = []
        size = 0
        content_type = media.content_type
        try:
            # Twilio answers the media URL with a redirect to its CDN (fetched without our credentials).
            for _hop in range(3):
                with client.stream("GET", url, auth=auth if url.startswith(api_base) else None) as response:
                    if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("location"):
                        url = str(response.url.join(response.headers["location"]))
                        continue
                    if response.status_code != 200:
                        if response.status_code == 404:
                            raise PermanentSendError("Twilio no longer has this file")
                        raise TransientSendError(f"media download answered {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > limit:
                        raise PermanentSendError(self._too_large(media, limit))
                    content_type = content_type or response.headers.get("content-type", "").split(";")[0]
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise PermanentSendError(self._too_large(media, limit))
                        chunks.append(chunk)
                    break
            else:
                raise PermanentSendError("too many redirects for the media URL")
        except httpx.HTTPError as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
        return media.filename or "media", content_type, b"".join(chunks)

    @staticmethod
    def _too_large(media: Media, limit: int) -> str:
        return f"{media.filename or 'file'} is larger than {limit // (1024 * 1024) or 1} MB"

    @staticmethod
    def _client(http: httpx.Client, credentials: Mapping[str, str]) -> Client:
        return Client(
            credentials.get("account_sid", ""),
            credentials.get("auth_token", ""),
            http_client=HttpxTwilioClient(http, credentials.get("api_base") or TWILIO_API),
        )
