"""Telegram's Bot API (https://core.telegram.org/bots/api) for the messaging core.

Webhook: Telegram POSTs one `Update` per request to the URL set with `setWebhook`, with the
`secret_token` given there in the `X-Telegram-Bot-Api-Secret-Token` header: that header, compared in
constant time, is the only proof a request is Telegram's. `update_id` is the event key (the replay
guard); messages dated older than STALE_AFTER are dropped (Telegram keeps undelivered updates for 24
hours, so an older one is a replay of a captured body).

Sending: `sendMessage` (text in chunks of 4096 characters), `sendDocument` per file (multipart). The
Bot API has no delivery or read receipts: a message is "sent" when the API answers ok, and stays so.
403 ("bot was blocked by the user", "user is deactivated") and 400 ("chat not found") are permanent;
429 (with `retry_after`), 5xx and network errors are transient.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import mimetypes
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from messaging.providers.base import (
    Inbound,
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Sent,
    TransientSendError,
    WebhookRejected,
)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
DEFAULT_API_BASE = "https://api.telegram.org"
STALE_AFTER = dt.timedelta(hours=25)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# getFile serves files up to 20 MB; larger ones cannot be downloaded by a bot at all.
DOWNLOAD_LIMIT = 20 * 1024 * 1024


def _api(credentials: Mapping[str, str]) -> str:
    return (credentials.get("api_base") or DEFAULT_API_BASE).rstrip("/")


def _method_url(credentials: Mapping[str, str], method: str) -> str:
    return f"{_api(credentials)}/bot{credentials.get('bot_token', '')}/{method}"


def _answer(response: httpx.Response) -> Any:
    """The `result` of an ok answer; the error classified as the Bot API documents its codes."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code == 200 and body.get("ok") is True:
        return body.get("result")
    code = int(body.get("error_code") or response.status_code)
    description = str(body.get("description") or f"HTTP {response.status_code}")[:500]
    if code == 429:
        parameters = body.get("parameters") or {}
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise TransientSendError(description, retry_after=float(retry_after) if retry_after else None)
    if code >= 500:
        raise TransientSendError(description)
    raise PermanentSendError(description)


def _call(client: httpx.Client, credentials: Mapping[str, str], method: str, **kwargs: Any) -> Any:
    try:
        response = client.post(_method_url(credentials, method), **kwargs)
    except httpx.HTTPError as exc:
        raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
    return _answer(response)


def webhook_set(client: httpx.Client, credentials: Mapping[str, str], url: str) -> None:
    """Point the bot's updates at `url` with the account's secret token (the configuration calls it)."""
    _call(
        client,
        credentials,
        "setWebhook",
        json={
            "url": url,
            "secret_token": credentials.get("secret_token", ""),
            "allowed_updates": ["message"],
        },
    )


def _name(user: Mapping[str, Any]) -> str:
    name = " ".join(str(user.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
    return name or str(user.get("username") or "")


def _media(message: Mapping[str, Any]) -> tuple[Media, ...]:
    found: list[Media] = []
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        # Sizes come smallest first; the largest is the photo as sent.
        best = photos[-1]
        if isinstance(best, dict) and best.get("file_id"):
            found.append(
                Media(
                    ref=str(best["file_id"]),
                    filename=f"photo-{best.get('file_unique_id') or 'telegram'}.jpg",
                    content_type="image/jpeg",
                    size=best.get("file_size"),
                )
            )
    document = message.get("document")
    if isinstance(document, dict) and document.get("file_id"):
        found.append(
            Media(
                ref=str(document["file_id"]),
                filename=str(document.get("file_name") or "document"),
                content_type=str(document.get("mime_type") or ""),
                size=document.get("file_size"),
            )
        )
    return tuple(found)


def parse_update(update: Mapping[str, Any], *, now: dt.datetime | None = None) -> Parsed:
    """One Update: a private chat's message becomes an Inbound; anything else (edits, groups, bots,
    callbacks, stale messages) is acknowledged and ignored."""
    update_id = update.get("update_id")
    message = update.get("message")
    if not isinstance(update_id, int) or not isinstance(message, dict):
        return Parsed()
    chat = message.get("chat") or {}
    user = message.get("from") or {}
    if not isinstance(chat, dict) or not isinstance(user, dict) or chat.get("type") != "private":
        return Parsed()
    if (
        user.get("is_bot")
        or not isinstance(user.get("id"), int)
        or not isinstance(message.get("message_id"), int)
    ):
        return Parsed()
    date = message.get("date")
    if not isinstance(date, int):
        return Parsed()
    sent_at = dt.datetime.fromtimestamp(date, tz=dt.UTC)
    if sent_at < (now or timezone.now()) - STALE_AFTER:
        return Parsed()
    text = str(message.get("text") or message.get("caption") or "")
    extra: dict[str, Any] = {}
    if user.get("username"):
        extra["username"] = str(user["username"])[:64]
    inbound = Inbound(
        event_key=f"update:{update_id}",
        message_id=f"{chat.get('id')}:{message['message_id']}",
        sender_id=str(user["id"]),
        sent_at=sent_at,
        text=text,
        sender_name=_name(user)[:200],
        language=str(user.get("language_code") or "")[:16],
        media=_media(message),
        extra=extra,
    )
    return Parsed(inbound=(inbound,))


class TelegramProvider:
    kind: ClassVar[str] = "telegram"
    credential_fields: ClassVar[tuple[str, ...]] = ("bot_token", "secret_token", "api_base")
    secret_fields: ClassVar[frozenset[str]] = frozenset({"bot_token", "secret_token"})

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        return None  # Telegram proves nothing with a GET: setWebhook's secret token does it.

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        expected = credentials.get("secret_token", "")
        given = request.headers.get(SECRET_HEADER, "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise WebhookRejected("bad secret token", status=403)

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        try:
            update = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected("not JSON", status=400) from exc
        if not isinstance(update, dict):
            raise WebhookRejected("not an Update", status=400)
        return parse_update(update)

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        return HttpResponse(status=200)

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        if out.operation != "message":
            raise PermanentSendError(f"Telegram cannot {out.operation}")
        chat_id = out.recipient_id
        first: Any = None
        text = out.text.strip()
        chunks = [text[i : i + TEXT_LIMIT] for i in range(0, len(text), TEXT_LIMIT)] if text else []
        for chunk in chunks:
            body: dict[str, Any] = {"chat_id": chat_id, "text": chunk}
            if out.reply_to and first is None:
                body["reply_parameters"] = {"message_id": int(out.reply_to.rsplit(":", 1)[-1])}
            result = _call(client, credentials, "sendMessage", json=body)
            first = first if first is not None else result
        for filename, content_type, content in out.files:
            result = _call(
                client,
                credentials,
                "sendDocument",
                data={"chat_id": chat_id},
                files={"document": (filename, content, content_type or "application/octet-stream")},
            )
            first = first if first is not None else result
        if not isinstance(first, dict) or not isinstance(first.get("message_id"), int):
            raise PermanentSendError("nothing to send" if not chunks and not out.files else "no message_id")
        return Sent(message_id=f"{chat_id}:{first['message_id']}")

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        limit = min(limit, DOWNLOAD_LIMIT)
        if media.size is not None and media.size > limit:
            raise PermanentSendError(f"{media.filename or 'file'} is larger than {limit // (1024 * 1024)} MB")
        info = _call(client, credentials, "getFile", json={"file_id": media.ref})
        if not isinstance(info, dict) or not info.get("file_path"):
            raise PermanentSendError("Telegram gave no file path")
        if int(info.get("file_size") or 0) > limit:
            raise PermanentSendError(f"{media.filename or 'file'} is larger than {limit // (1024 * 1024)} MB")
        url = f"{_api(credentials)}/file/bot{credentials.get('bot_token', '')}/{info['file_path']}"
        chunks: list[bytes] = []
        size = 0
        try:
            with client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise TransientSendError(f"file download answered {response.status_code}")
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise PermanentSendError(
                            f"{media.filename or 'file'} is larger than {limit // (1024 * 1024)} MB"
                        )
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
        content_type = media.content_type or mimetypes.guess_type(media.filename)[0] or ""
        return media.filename or str(info["file_path"]).rsplit("/", 1)[-1], content_type, b"".join(chunks)
