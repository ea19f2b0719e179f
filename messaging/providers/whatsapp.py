"""WhatsApp through Meta's Cloud API.

Webhooks: one POST batches the customers' messages (text, image, document, audio, ...) and the
statuses of what the helpdesk sent (sent, delivered, read, failed), signed like every Meta webhook.
Media arrive as ids: GET /{media-id} names a short-lived URL, fetched with the same token.
Sending: POST /{phone-number-id}/messages for text, files (uploaded first to /{phone-number-id}/media)
and approved templates.

The customer service window: WhatsApp takes free text only within 24 hours of the customer's last
message; after that only an approved template may open the conversation again. The adapter refuses a
free-text reply out of the window itself (before spending a call) when the outbox tells it when the
customer last wrote, and maps the API's own refusal (131047) to the same reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
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
    ReceiptStatus,
    Sent,
    Template,
    TransientSendError,
    WebhookRejected,
)

SESSION_WINDOW = dt.timedelta(hours=24)
TEXT_LIMIT = 4096
# Cloud API error codes whose meaning the agent needs in plain words.
PERMANENT_REASONS: Mapping[int, str] = {
    131047: "WhatsApp refuses a free-text reply more than 24 hours after the customer's last message; "
    "send an approved template instead.",
    131026: "WhatsApp could not deliver to this number (not on WhatsApp, or an old app version).",
    131051: "WhatsApp does not support this kind of message.",
    131052: "The customer's file could not be downloaded from WhatsApp.",
    132000: "The template's parameters do not match its approved number of parameters.",
    132001: "The template does not exist in this language, or is not approved.",
    132015: "The template is paused for low quality; choose another.",
    132016: "The template is disabled; choose another.",
    470: "WhatsApp refuses a free-text reply more than 24 hours after the customer's last message; "
    "send an approved template instead.",
}
RECEIPT_STATUSES: frozenset[str] = frozenset({"sent", "delivered", "read", "failed"})
MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
AUDIO_TYPES = frozenset({"audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"})
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class SessionWindow:
    """Whether free text may go to a contact now, and until when."""

    open: bool
    closes_at: dt.datetime | None


def session_window(last_inbound_at: dt.datetime | None, now: dt.datetime) -> SessionWindow:
    if last_inbound_at is None:
        return SessionWindow(open=False, closes_at=None)
    closes_at = last_inbound_at + SESSION_WINDOW
    return SessionWindow(open=now < closes_at, closes_at=closes_at)


def last_inbound_of(out: Outgoing) -> dt.datetime | None:
    """When the recipient last wrote, as the outbox passed it (a field, or the payload's ISO text)."""
    value: Any = getattr(out, "last_inbound_at", None) or out.payload.get("last_inbound_at")
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, dt.datetime) else None


@dataclass(frozen=True)
class ApprovedTemplate:
    """A template as the business account lists it (admins read these; agents pick from them)."""

    name: str
    language: str
    parameter_count: int
    category: str = ""
    body: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "language": self.language,
            "parameter_count": self.parameter_count,
            "category": self.category,
            "body": self.body,
        }


def template_parameter_count(components: Any) -> int:
    """The number of distinct {{n}} placeholders in the template's body (what a send must fill)."""
    for component in meta.dicts(components):
        if str(component.get("type", "")).upper() == "BODY":
            return len(set(_PLACEHOLDER.findall(str(component.get("text", "")))))
    return 0


class WhatsAppProvider:
    kind: ClassVar[str] = "whatsapp"
    credential_fields: ClassVar[tuple[str, ...]] = (
        "phone_number_id",
        "business_account_id",
        "access_token",
        "app_secret",
        "verify_token",
        "api_base",
    )
    secret_fields: ClassVar[frozenset[str]] = frozenset({"access_token", "app_secret", "verify_token"})

    # --- Webhooks ---------------------------------------------------------------------------------

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        return meta.handshake(request, credentials.get("verify_token", ""))

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        meta.signature_check(request, credentials.get("app_secret", ""))

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        data = meta.body_json(request, "whatsapp_business_account")
        return parse_payload(data, credentials, now=dt.datetime.now(dt.UTC))

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        return HttpResponse(status=200)

    # --- Sending ----------------------------------------------------------------------------------

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        if out.operation != "message":
            raise PermanentSendError(f"WhatsApp does not do {out.operation!r}")
        if not (out.text or out.files or out.template):
            raise PermanentSendError("nothing to send")
        last_inbound = last_inbound_of(out)
        # Without the customer's last message time (the outbox did not pass it), WhatsApp judges:
        # its refusal (131047) reads the same.
        if out.template is None and last_inbound is not None:
            window = session_window(last_inbound, dt.datetime.now(dt.UTC))
            if not window.open and window.closes_at is not None:
                raise PermanentSendError(
                    meta.window_closed_reason(
                        "WhatsApp", window.closes_at, "Send an approved template instead."
                    )
                )
        sent: Sent | None = None
        if out.template is not None:
            sent = self._post(client, credentials, out, _template_body(out.template))
        for part in meta.split_text(out.text, TEXT_LIMIT) if out.text else []:
            sent = self._post(client, credentials, out, {"type": "text", "text": {"body": part}})
        for filename, content_type, data in out.files:
            media_id = self._upload(client, credentials, filename, content_type, data)
            kind = (
                "image"
                if content_type in IMAGE_TYPES
                else "audio"
                if content_type in AUDIO_TYPES
                else "document"
            )
            media: dict[str, Any] = {"id": media_id}
            if kind == "document":
                media["filename"] = filename
            sent = self._post(client, credentials, out, {"type": kind, kind: media})
        assert sent is not None
        return sent

    def _post(
        self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing, message: dict[str, Any]
    ) -> Sent:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": out.recipient_id,
            **message,
        }
        if out.reply_to:
            body["context"] = {"message_id": out.reply_to}
        url = f"{meta.api_base(credentials)}/{_path_id(credentials, 'phone_number_id')}/messages"
        response = meta.request(
            client, "POST", url, access_token=credentials.get("access_token", ""), json=body
        )
        meta.raise_for_error(response, PERMANENT_REASONS)
        try:
            message_id = str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            # Sent, perhaps, but with no id to follow: retrying could send it twice, so do not.
            raise PermanentSendError("WhatsApp answered without a message id") from exc
        return Sent(message_id=message_id)

    def _upload(
        self,
        client: httpx.Client,
        credentials: Mapping[str, str],
        filename: str,
        content_type: str,
        data: bytes,
    ) -> str:
        url = f"{meta.api_base(credentials)}/{_path_id(credentials, 'phone_number_id')}/media"
        response = meta.request(
            client,
            "POST",
            url,
            access_token=credentials.get("access_token", ""),
            data={"messaging_product": "whatsapp", "type": content_type},
            files={"file": (filename, data, content_type or "application/octet-stream")},
        )
        meta.raise_for_error(response, PERMANENT_REASONS)
        try:
            return str(response.json()["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientSendError("WhatsApp answered the upload without a media id") from exc

    # --- Media and templates ------------------------------------------------------------------------

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        token = credentials.get("access_token", "")
        base = meta.api_base(credentials)
        if not re.fullmatch(r"[0-9A-Za-z_.-]{1,128}", media.ref):
            raise PermanentSendError("not a WhatsApp media id")
        response = meta.request(client, "GET", f"{base}/{media.ref}", access_token=token)
        meta.raise_for_error(response, PERMANENT_REASONS)
        try:
            info = response.json()
            url = str(info["url"])
        except (ValueError, KeyError, TypeError) as exc:
            raise PermanentSendError("WhatsApp named no URL for the file") from exc
        size = str(info.get("file_size") or "")
        if size.isdigit() and int(size) > limit:
            raise PermanentSendError(f"the file is larger than {limit} bytes")
        content_type, data = meta.download(
            client, url, limit=limit, headers={"Authorization": f"Bearer {token}"}, allowed_http_base=base
        )
        content_type = media.content_type or str(info.get("mime_type") or "") or content_type
        return media.filename or _filename_for(media.ref, content_type), content_type, data

    def templates_list(self, client: httpx.Client, credentials: Mapping[str, str]) -> list[ApprovedTemplate]:
        """The business account's approved templates, every page of them (GET message_templates)."""
        url: str | None = (
            f"{meta.api_base(credentials)}/{_path_id(credentials, 'business_account_id')}/message_templates"
        )
        params: dict[str, Any] | None = {
            "fields": "name,language,status,category,components",
            "status": "APPROVED",
            "limit": 100,
        }
        found: list[ApprovedTemplate] = []
        pages = 0
        while url and pages < 20:
            pages += 1
            response = meta.request(
                client, "GET", url, access_token=credentials.get("access_token", ""), params=params
            )
            meta.raise_for_error(response)
            try:
                page = response.json()
            except ValueError as exc:
                raise TransientSendError("WhatsApp answered the template list with no JSON") from exc
            for item in meta.dicts(page.get("data")):
                if str(item.get("status", "APPROVED")).upper() != "APPROVED":
                    continue
                body = next(
                    (
                        str(c.get("text", ""))
                        for c in meta.dicts(item.get("components"))
                        if str(c.get("type", "")).upper() == "BODY"
                    ),
                    "",
                )
                found.append(
                    ApprovedTemplate(
                        name=str(item.get("name", ""))[:512],
                        language=str(item.get("language", ""))[:16],
                        parameter_count=template_parameter_count(item.get("components")),
                        category=str(item.get("category", ""))[:32],
                        body=body[:1024],
                    )
                )
            paging = page.get("paging") if isinstance(page.get("paging"), dict) else {}
            # The next page's URL carries its own cursor and parameters.
            url, params = (str(paging["next"]), None) if paging and paging.get("next") else (None, None)
        return sorted(found, key=lambda t: (t.name, t.language))


def _path_id(credentials: Mapping[str, str], name: str) -> str:
    value = credentials.get(name, "")
    if not re.fullmatch(r"[0-9A-Za-z_-]{1,64}", value):
        raise PermanentSendError(f"the channel account's {name} is not set")
    return value


def _template_body(template: Template) -> dict[str, Any]:
    body: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
    if template.parameters:
        body["components"] = [
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in template.parameters]}
        ]
    return {"type": "template", "template": body}


_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/amr": ".amr",
    "video/mp4": ".mp4",
    "application/pdf": ".pdf",
}


def _filename_for(ref: str, content_type: str) -> str:
    return f"whatsapp-{ref[:40]}{_EXTENSIONS.get(content_type.split(';')[0].strip(), '')}"


# --- Parsing (pure: the payload in, plain values out) -----------------------------------------------


def parse_payload(data: Mapping[str, Any], credentials: Mapping[str, str], *, now: dt.datetime) -> Parsed:
    """The messages and statuses of one webhook body. Changes for another phone number than the
    account's are left out (one app may serve several numbers); events outside the replay window
    too, and a body whose every event is outside it is refused."""
    own_number = credentials.get("phone_number_id", "")
    inbound: list[Inbound] = []
    receipts: list[Receipt] = []
    stale = 0
    for entry in meta.dicts(data.get("entry")):
        for change in meta.dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            number = str((metadata or {}).get("phone_number_id", ""))
            if own_number and number and number != own_number:
                continue
            names = {
                str(c.get("wa_id", "")): str((c.get("profile") or {}).get("name", ""))
                for c in meta.dicts(value.get("contacts"))
                if isinstance(c.get("profile") or {}, dict)
            }
            for message in meta.dicts(value.get("messages")):
                item = _inbound(message, names)
                if item is None:
                    continue
                if meta.is_stale(item.sent_at, now):
                    stale += 1
                    continue
                inbound.append(item)
            for status in meta.dicts(value.get("statuses")):
                receipt = _receipt(status)
                if receipt is None:
                    continue
                if meta.is_stale(receipt.at, now):
                    stale += 1
                    continue
                receipts.append(receipt)
    if stale and not inbound and not receipts:
        raise WebhookRejected("every event is outside the replay window", status=403)
    return Parsed(inbound=tuple(inbound), receipts=tuple(receipts))


def _inbound(message: Mapping[str, Any], names: Mapping[str, str]) -> Inbound | None:
    message_id = str(message.get("id", ""))
    sender = str(message.get("from", ""))
    kind = str(message.get("type", ""))
    if not message_id or not sender.isdigit():
        raise WebhookRejected("a message without id or sender", status=400)
    if kind == "reaction":
        # An emoji on an earlier message: nothing an agent must answer.
        return None
    text = ""
    media: tuple[Media, ...] = ()
    extra: dict[str, Any] = {"type": kind}
    body = message.get(kind) if isinstance(message.get(kind), dict) else {}
    if kind == "text":
        text = str((body or {}).get("body", ""))
    elif kind in MEDIA_TYPES:
        assert body is not None
        text = str(body.get("caption", ""))
        if body.get("id"):
            media = (
                Media(
                    ref=str(body["id"]),
                    filename=str(body.get("filename", ""))[:200],
                    content_type=str(body.get("mime_type", "")).split(";")[0].strip(),
                ),
            )
        if kind == "audio" and body.get("voice"):
            extra["voice"] = True
    elif kind == "button":
        text = str((body or {}).get("text", ""))
    elif kind == "interactive":
        reply = (body or {}).get("button_reply") or (body or {}).get("list_reply") or {}
        text = str(reply.get("title", "")) if isinstance(reply, dict) else ""
    elif kind == "location":
        location = body or {}
        label = " ".join(str(location.get(k, "")) for k in ("name", "address") if location.get(k))
        text = f"Location: {location.get('latitude')}, {location.get('longitude')} {label}".strip()
    else:
        text = f"(a WhatsApp message of type {kind or 'unknown'} that the helpdesk cannot show)"
    context = message.get("context")
    if isinstance(context, dict) and context.get("id"):
        extra["reply_to"] = str(context["id"])
    return Inbound(
        event_key=f"wamid:{message_id}",
        message_id=message_id,
        sender_id=sender,
        sent_at=meta.from_epoch(message.get("timestamp")),
        text=text,
        sender_name=names.get(sender, "")[:200],
        sender_phone=f"+{sender}",
        media=media,
        extra=extra,
    )


def _receipt(status: Mapping[str, Any]) -> Receipt | None:
    message_id = str(status.get("id", ""))
    value = str(status.get("status", ""))
    if not message_id:
        raise WebhookRejected("a status without id", status=400)
    if value not in RECEIPT_STATUSES:
        # "deleted", "warning" and statuses added later: nothing to show beside the reply.
        return None
    error = ""
    errors = meta.dicts(status.get("errors"))
    if errors:
        first = errors[0]
        code = first.get("code")
        try:
            known = PERMANENT_REASONS.get(int(code)) if code is not None else None
        except (TypeError, ValueError):
            known = None
        details = (
            (first.get("error_data") or {}).get("details")
            if isinstance(first.get("error_data"), dict)
            else ""
        )
        error = (
            known
            or f"{first.get('title') or first.get('message') or 'failed'}: {details or ''} (code {code})"
        )
    state: ReceiptStatus = value  # type: ignore[assignment]
    return Receipt(
        event_key=f"{message_id}:{value}",
        message_id=message_id,
        status=state,
        at=meta.from_epoch(status.get("timestamp")),
        error=error[:500],
    )
