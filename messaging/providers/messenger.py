"""Facebook Messenger through the Messenger Platform (a Facebook page's inbox).

Webhooks: `object: page`, each entry's `messaging` events: a customer's `message` (text, attachments
by URL), `delivery` and `read` (watermarks: everything sent up to that time), postbacks. Signed like
every Meta webhook, with the same GET handshake.
Sending: POST /me/messages with the page access token; files go up in the same call (multipart).

Messenger's standard messaging window: a page may answer within 24 hours of the person's last
message (messaging_type RESPONSE). After that, a page that Meta granted the human agent feature may
still answer for 7 days with the HUMAN_AGENT tag (credential `human_agent_tag` = "yes"); otherwise,
and after 7 days, the reply is refused with the reason the agent sees.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import httpx
from django.http import HttpRequest, HttpResponse

from messaging.providers import meta
from messaging.providers.base import (
    Inbound,
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Receipt,
    Sent,
    WebhookRejected,
)
from messaging.providers.whatsapp import last_inbound_of

STANDARD_WINDOW = dt.timedelta(hours=24)
HUMAN_AGENT_WINDOW = dt.timedelta(days=7)
TEXT_LIMIT = 2000
ATTACHMENT_KINDS = frozenset({"image", "video", "audio", "file"})
# (code, subcode) pairs the agent needs in plain words.
WINDOW_REFUSED = (
    "Messenger refuses this reply: it is outside the messaging window (24 hours after the customer's "
    "last message, or 7 days with the human agent tag)."
)
# The Send API's refusal of a message outside the window: code 10 with one of these subcodes.
WINDOW_SUBCODES = frozenset({2018278, 2018065})
PERMANENT_REASONS: Mapping[int, str] = {
    551: "This person is not available on Messenger right now (blocked the page or left).",
    200: "The page has not granted the permission to send messages.",
}
YES = frozenset({"1", "yes", "true", "on"})


def human_agent_enabled(credentials: Mapping[str, str]) -> bool:
    return credentials.get("human_agent_tag", "").strip().lower() in YES


def messaging_type(
    last_inbound_at: dt.datetime | None, now: dt.datetime, *, human_agent: bool
) -> dict[str, str]:
    """The `messaging_type` (and tag) a reply needs now, or PermanentSendError with the reason.
    Without the customer's last message time (the outbox did not pass it) Messenger judges: a
    RESPONSE first, then, refused and allowed, the human agent tag (`MessengerProvider.send`)."""
    if last_inbound_at is None:
        return {"messaging_type": "RESPONSE"}
    if now < last_inbound_at + STANDARD_WINDOW:
        return {"messaging_type": "RESPONSE"}
    if human_agent and now < last_inbound_at + HUMAN_AGENT_WINDOW:
        return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
    if human_agent:
        closed = (last_inbound_at + HUMAN_AGENT_WINDOW).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        raise PermanentSendError(
            "Messenger refuses a reply more than 7 days after the customer's last message, even with "
            f"the human agent tag (the window closed at {closed}). Ask the customer to write again."
        )
    raise PermanentSendError(
        meta.window_closed_reason(
            "Messenger",
            last_inbound_at + STANDARD_WINDOW,
            "The page does not have the human agent tag (7 days); ask the customer to write again.",
        )
    )


class MessengerProvider:
    kind: ClassVar[str] = "messenger"
    credential_fields: ClassVar[tuple[str, ...]] = (
        "page_id",
        "page_access_token",
        "app_secret",
        "verify_token",
        "human_agent_tag",
        "api_base",
    )
    secret_fields: ClassVar[frozenset[str]] = frozenset({"page_access_token", "app_secret", "verify_token"})

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        return meta.handshake(request, credentials.get("verify_token", ""))

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        meta.signature_check(request, credentials.get("app_secret", ""))

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        data = meta.body_json(request, "page")
        return parse_payload(data, credentials, now=dt.datetime.now(dt.UTC))

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        return HttpResponse("EVENT_RECEIVED", content_type="text/plain")

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        if out.operation != "message":
            raise PermanentSendError(f"Messenger does not do {out.operation!r}")
        if out.template is not None:
            raise PermanentSendError("Messenger has no message templates; write the reply as text.")
        if not (out.text or out.files):
            raise PermanentSendError("nothing to send")
        last_inbound = last_inbound_of(out)
        human_agent = human_agent_enabled(credentials)
        kind = messaging_type(last_inbound, dt.datetime.now(dt.UTC), human_agent=human_agent)
        url = f"{meta.api_base(credentials)}/me/messages"
        token = credentials.get("page_access_token", "")
        recipient = {"id": out.recipient_id}
        sent: Sent | None = None

        def post(build: Build) -> Sent:
            """One call, built for the messaging type; again with the tag when that is allowed."""
            nonlocal kind
            try:
                return _sent(meta.request(client, "POST", url, access_token=token, **build(kind)))
            except _OutsideWindow:
                # Judged by Messenger: past the 24 hours, a page with the feature answers as a human agent.
                if not (human_agent and last_inbound is None and kind["messaging_type"] == "RESPONSE"):
                    raise
                kind = {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
                return _sent(meta.request(client, "POST", url, access_token=token, **build(kind)))

        for part in meta.split_text(out.text, TEXT_LIMIT) if out.text else []:
            sent = post(_text_request(recipient, part))
        for file in out.files:
            sent = post(_file_request(recipient, file))
        assert sent is not None
        return sent

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        # Attachment URLs are Meta's signed CDN addresses: fetched without the page token.
        content_type, data = meta.download(
            client, media.ref, limit=limit, allowed_http_base=meta.api_base(credentials)
        )
        content_type = media.content_type or content_type
        return media.filename or "messenger-attachment", content_type, data


def _attachment_kind(content_type: str) -> str:
    major = content_type.split("/")[0]
    return major if major in ("image", "video", "audio") else "file"


Build = Callable[[dict[str, str]], dict[str, Any]]


def _text_request(recipient: dict[str, str], text: str) -> Build:
    def build(kind: dict[str, str]) -> dict[str, Any]:
        return {"json": {"recipient": recipient, **kind, "message": {"text": text}}}

    return build


def _file_request(recipient: dict[str, str], file: tuple[str, str, bytes]) -> Build:
    """A file goes up in the send itself (multipart, `filedata`), not by a URL Meta would fetch."""
    filename, content_type, data = file
    attachment = {"attachment": {"type": _attachment_kind(content_type), "payload": {"is_reusable": False}}}

    def build(kind: dict[str, str]) -> dict[str, Any]:
        return {
            "data": {"recipient": json.dumps(recipient), "message": json.dumps(attachment), **kind},
            "files": {"filedata": (filename, data, content_type or "application/octet-stream")},
        }

    return build


class _OutsideWindow(PermanentSendError):
    pass


def _sent(response: httpx.Response) -> Sent:
    if not response.is_success:
        error = meta.graph_error(response)
        if error.code == 10 and error.subcode in WINDOW_SUBCODES:
            raise _OutsideWindow(WINDOW_REFUSED)
    meta.raise_for_error(response, PERMANENT_REASONS)
    try:
        return Sent(message_id=str(response.json()["message_id"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise PermanentSendError("Messenger answered without a message id") from exc


# --- Parsing (pure) ---------------------------------------------------------------------------------


def parse_payload(data: Mapping[str, Any], credentials: Mapping[str, str], *, now: dt.datetime) -> Parsed:
    page_id = credentials.get("page_id", "")
    inbound: list[Inbound] = []
    receipts: list[Receipt] = []
    stale = 0
    for entry in meta.dicts(data.get("entry")):
        if page_id and str(entry.get("id", "")) not in ("", page_id):
            continue
        for event in meta.dicts(entry.get("messaging")):
            sender = event.get("sender") if isinstance(event.get("sender"), dict) else {}
            psid = str((sender or {}).get("id", ""))
            if not psid:
                raise WebhookRejected("an event without a sender", status=400)
            items = _event(event, psid)
            for item in items:
                at = item.sent_at if isinstance(item, Inbound) else item.at
                if meta.is_stale(at, now):
                    stale += 1
                elif isinstance(item, Inbound):
                    inbound.append(item)
                else:
                    receipts.append(item)
    if stale and not inbound and not receipts:
        raise WebhookRejected("every event is outside the replay window", status=403)
    return Parsed(inbound=tuple(inbound), receipts=tuple(receipts))


def _event(event: Mapping[str, Any], psid: str) -> list[Inbound | Receipt]:
    message = event.get("message")
    if isinstance(message, dict):
        if message.get("is_echo"):
            # The page's own message, echoed back (sent from here or from the page inbox).
            return []
        return [_message(message, psid, meta.from_epoch(event.get("timestamp"), millis=True))]
    postback = event.get("postback")
    if isinstance(postback, dict):
        mid = str(postback.get("mid") or f"{psid}:{event.get('timestamp')}")
        at = meta.from_epoch(event.get("timestamp"), millis=True)
        return [
            Inbound(
                event_key=f"postback:{mid}",
                message_id=mid,
                sender_id=psid,
                sent_at=at,
                text=str(postback.get("title", ""))[:1000],
                extra={"type": "postback"},
            )
        ]
    for name, status in (("delivery", "delivered"), ("read", "read")):
        body = event.get(name)
        if not isinstance(body, dict):
            continue
        watermark = body.get("watermark")
        at = meta.from_epoch(watermark, millis=True)
        mids = [str(m) for m in body.get("mids") or [] if m] if isinstance(body.get("mids"), list) else []
        if mids:
            return [
                Receipt(event_key=f"{mid}:{status}", message_id=mid, status=status, at=at)  # type: ignore[arg-type]
                for mid in mids
            ]
        watermarked = _watermark(psid, status, at, watermark)
        return [watermarked] if watermarked else []
    return []


def _watermark(psid: str, status: str, at: dt.datetime, watermark: Any) -> Receipt | None:
    """Everything sent to `psid` up to `at` now has `status`: a Receipt without a message id that names
    the recipient (the core applies it to each reply sent by then, never to a queued one)."""
    if not psid:
        return None
    return Receipt(
        event_key=f"{status}:{psid}:{watermark}",
        message_id="",
        status=status,  # type: ignore[arg-type]
        at=at,
        recipient_id=psid,
    )


def _message(message: Mapping[str, Any], psid: str, at: dt.datetime) -> Inbound:
    mid = str(message.get("mid", ""))
    if not mid:
        raise WebhookRejected("a message without mid", status=400)
    text = str(message.get("text", ""))
    media: list[Media] = []
    extra: dict[str, Any] = {"type": "message"}
    for attachment in meta.dicts(message.get("attachments")):
        kind = str(attachment.get("type", ""))
        payload = attachment.get("payload") if isinstance(attachment.get("payload"), dict) else {}
        url = str((payload or {}).get("url", ""))
        if kind in ATTACHMENT_KINDS and url:
            media.append(Media(ref=url, filename=_filename(url, kind)))
        elif kind == "location" and payload:
            coordinates = payload.get("coordinates") or {}
            text = text or f"Location: {coordinates.get('lat')}, {coordinates.get('long')}"
        elif kind == "fallback":
            text = text or str(attachment.get("title") or url)
    if isinstance(message.get("quick_reply"), dict):
        extra["quick_reply"] = str(message["quick_reply"].get("payload", ""))[:200]
    reply_to = message.get("reply_to")
    if isinstance(reply_to, dict) and reply_to.get("mid"):
        extra["reply_to"] = str(reply_to["mid"])
    if not text and not media:
        text = "(a Messenger message the helpdesk cannot show)"
    return Inbound(
        event_key=f"mid:{mid}",
        message_id=mid,
        sender_id=psid,
        sent_at=at,
        text=text,
        media=tuple(media),
        extra=extra,
    )


def _filename(url: str, kind: str) -> str:
    from urllib.parse import unquote, urlsplit

    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])[:120]
    safe = "".join(c for c in name if c.isalnum() or c in "._-")
    return safe or f"messenger-{kind}"
