"""X (Twitter) direct messages for the messaging core: API v2 to send, the Account Activity API's
webhook to receive.

Webhook: X proves the URL is ours with a GET carrying `crc_token` (the Challenge-Response Check, at
registration and about hourly), answered `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer
secret, crc_token))}`. Each POST carries `x-twitter-webhooks-signature`, the same HMAC of the raw body,
compared in constant time. One payload names the subscribed user (`for_user_id`) and batches events:
`direct_message_events` (a `message_create` each; the account's own messages come back too and are
ignored) and `direct_message_mark_read_events` (the customer read up to `last_read_event_id`: a read
receipt). The event id is the replay key; events dated more than STALE_AFTER ago are dropped. A payload
for another user of the same X app (one webhook serves all its subscribed accounts) is acknowledged and
ignored.

Sending: POST /2/dm_conversations/with/{participant_id}/messages with the text, signed with OAuth 1.0a
in user context (oauthlib; consumer key and secret, the account's access token and secret). 403 (the
user does not accept messages from the account), 400 and 401 are permanent; 429 (retried after
`x-rate-limit-reset`), 5xx and network errors are transient. Files are not sent (X needs each uploaded
through its media API first): the text goes alone; a reply of files only fails with the reason.
Inbound files are fetched from X's `ton` host with a signed GET, within the attachment limits.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import mimetypes
import time
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

import httpx
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from oauthlib.oauth1 import Client as OAuth1Client

from messaging.providers.base import (
    Inbound,
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Receipt,
    Sent,
    TransientSendError,
    WebhookRejected,
)

SIGNATURE_HEADER = "x-twitter-webhooks-signature"
DEFAULT_API_BASE = "https://api.x.com"
# Where X serves the files of direct messages (the fake serves them under its own base).
MEDIA_HOSTS = ("https://ton.x.com", "https://ton.twitter.com")
STALE_AFTER = dt.timedelta(hours=24)
TEXT_LIMIT = 10000


def _api(credentials: Mapping[str, str]) -> str:
    return (credentials.get("api_base") or DEFAULT_API_BASE).rstrip("/")


def _hmac(secret: str, message: bytes) -> str:
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def _at(raw: Any, fallback: dt.datetime) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(str(raw)) / 1000, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return fallback


def _media(message_data: Mapping[str, Any]) -> tuple[Media, ...]:
    attachment = message_data.get("attachment")
    if not isinstance(attachment, dict) or attachment.get("type") != "media":
        return ()
    media = attachment.get("media")
    if not isinstance(media, dict):
        return ()
    url = media.get("media_url_https") or media.get("media_url")
    if not isinstance(url, str) or not url:
        return ()
    # Videos and GIFs carry their file in video_info; the still is what media_url names.
    name = urlsplit(url).path.rsplit("/", 1)[-1] or f"x-{media.get('id_str') or 'media'}.jpg"
    return (Media(ref=url, filename=name, content_type=mimetypes.guess_type(name)[0] or ""),)


def parse_payload(
    payload: Mapping[str, Any], *, own_user_id: str = "", now: dt.datetime | None = None
) -> Parsed:
    """An Account Activity payload's direct messages and read receipts."""
    now = now or timezone.now()
    for_user = str(payload.get("for_user_id") or "")
    if own_user_id and for_user and for_user != own_user_id:
        return Parsed()
    own = own_user_id or for_user
    raw_users = payload.get("users")
    users: Mapping[str, Any] = raw_users if isinstance(raw_users, dict) else {}
    inbound: list[Inbound] = []
    for event in payload.get("direct_message_events") or ():
        if not isinstance(event, dict) or event.get("type") != "message_create":
            continue
        create = event.get("message_create")
        if not isinstance(create, dict):
            continue
        sender = str(create.get("sender_id") or "")
        event_id = str(event.get("id") or "")
        if not sender.isdigit() or not event_id or sender == own:
            continue  # the account's own message echoed back, or not a user's
        sent_at = _at(event.get("created_timestamp"), now)
        if now - sent_at > STALE_AFTER:
            continue
        raw_data, raw_user = create.get("message_data"), users.get(sender)
        data: Mapping[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        user: Mapping[str, Any] = raw_user if isinstance(raw_user, dict) else {}
        inbound.append(
            Inbound(
                event_key=f"dm:{event_id}",
                message_id=event_id,
                sender_id=sender,
                sent_at=sent_at,
                text=str(data.get("text") or ""),
                sender_name=str(user.get("name") or user.get("screen_name") or ""),
                media=_media(data),
                extra={"screen_name": str(user.get("screen_name") or "")} if user else {},
            )
        )
    receipts: list[Receipt] = []
    for event in payload.get("direct_message_mark_read_events") or ():
        if not isinstance(event, dict):
            continue
        reader = str(event.get("sender_id") or "")
        last = str(event.get("last_read_event_id") or "")
        if not last or not reader or reader == own:
            continue
        at = _at(event.get("created_timestamp"), now)
        if now - at > STALE_AFTER:
            continue
        receipts.append(
            Receipt(
                event_key=f"read:{reader}:{last}", message_id=last, status="read", at=at, recipient_id=reader
            )
        )
    return Parsed(inbound=tuple(inbound), receipts=tuple(receipts))


def oauth_headers(credentials: Mapping[str, str], method: str, url: str) -> dict[str, str]:
    """The Authorization header of an OAuth 1.0a user-context request (a JSON body is not signed)."""
    signer = OAuth1Client(
        credentials.get("consumer_key", ""),
        client_secret=credentials.get("consumer_secret", ""),
        resource_owner_key=credentials.get("access_token", ""),
        resource_owner_secret=credentials.get("access_token_secret", ""),
    )
    _uri, headers, _body = signer.sign(url, http_method=method)
    return {"Authorization": headers["Authorization"]}


def _raise_for(response: httpx.Response) -> None:
    if response.status_code in (200, 201):
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    detail = ""
    if isinstance(body, dict):
        detail = str(body.get("detail") or body.get("title") or "")
        errors = body.get("errors")
        if not detail and isinstance(errors, list) and errors and isinstance(errors[0], dict):
            detail = str(errors[0].get("message") or "")
    reason = f"X {response.status_code}" + (f": {detail[:300]}" if detail else "")
    if response.status_code == 429:
        reset = response.headers.get("x-rate-limit-reset", "")
        wait = max(1.0, float(reset) - time.time()) if reset.isdigit() else None
        raise TransientSendError(reason, retry_after=wait)
    if response.status_code >= 500:
        raise TransientSendError(reason)
    raise PermanentSendError(reason)


class XProvider:
    kind: ClassVar[str] = "x"
    credential_fields: ClassVar[tuple[str, ...]] = (
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
        "user_id",
        "api_base",
    )
    secret_fields: ClassVar[frozenset[str]] = frozenset(
        {"consumer_secret", "access_token", "access_token_secret"}
    )

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        token = request.GET.get("crc_token", "")
        secret = credentials.get("consumer_secret", "")
        if not token or not secret or len(token) > 512:
            return None
        return JsonResponse({"response_token": _hmac(secret, token.encode())})

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        given = request.headers.get(SIGNATURE_HEADER, "")
        secret = credentials.get("consumer_secret", "")
        if not given or not secret:
            raise WebhookRejected("missing x-twitter-webhooks-signature")
        if not hmac.compare_digest(given.encode(), _hmac(secret, request.body).encode()):
            raise WebhookRejected("bad x-twitter-webhooks-signature")

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise WebhookRejected("the body is not JSON", status=400) from None
        if not isinstance(payload, dict):
            raise WebhookRejected("the body is not an Account Activity payload", status=400)
        return parse_payload(payload, own_user_id=credentials.get("user_id", ""))

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        return HttpResponse(status=200)

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        if out.operation != "message":
            raise PermanentSendError(f"X does not send {out.operation!r}")
        if not out.recipient_id.isdigit():
            raise PermanentSendError("the recipient is not an X user id")
        text = out.text.strip()
        if not text:
            # Files alone cannot go (X carries no files from the helpdesk): the agent sees why.
            raise PermanentSendError(
                "X sends no files; write the answer as text" if out.files else "nothing to send"
            )
        if len(text) > TEXT_LIMIT:
            text = text[: TEXT_LIMIT - 1] + "…"
        url = f"{_api(credentials)}/2/dm_conversations/with/{quote(out.recipient_id, safe='')}/messages"
        headers = {**oauth_headers(credentials, "POST", url), "Content-Type": "application/json"}
        try:
            response = client.post(url, content=json.dumps({"text": text}).encode(), headers=headers)
        except httpx.HTTPError as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
        _raise_for(response)
        try:
            data = response.json()["data"]
            event_id = str(data["dm_event_id"])
        except (ValueError, KeyError, TypeError):
            raise TransientSendError("X answered without the message's id") from None
        return Sent(message_id=event_id)

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        url = media.ref
        for host in MEDIA_HOSTS:
            if url.startswith(host + "/"):
                if credentials.get("api_base"):
                    url = _api(credentials) + url[len(host) :]
                break
        else:
            if not url.startswith(_api(credentials) + "/ton/"):
                raise PermanentSendError("the file is not on X's media host")
        chunks: list[bytes] = []
        size = 0
        too_large = f"{media.filename or 'file'} is larger than {max(1, limit // (1024 * 1024))} MB"
        try:
            with client.stream("GET", url, headers=oauth_headers(credentials, "GET", url)) as response:
                if response.status_code == 404:
                    raise PermanentSendError("X no longer has this file")
                if response.status_code != 200:
                    raise TransientSendError(f"file download answered {response.status_code}")
                if int(response.headers.get("content-length") or 0) > limit:
                    raise PermanentSendError(too_large)
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise PermanentSendError(too_large)
                    chunks.append(chunk)
                content_type = media.content_type or response.headers.get("content-type", "").split(";")[0]
        except httpx.HTTPError as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
        return media.filename or "x-media", content_type, b"".join(chunks)
