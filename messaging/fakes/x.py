"""A local fake of X's API v2 direct messages and of the Account Activity webhook's signing.

The X adapter (messaging.providers.x) runs against it over real HTTP (`serving()` puts it on a free
127.0.0.1 port in a thread). Like X, it checks the OAuth 1.0a user-context signature of every request
(HMAC-SHA1 over the method, the URL and the oauth_* and query parameters, keyed with the consumer secret
and the access token secret), refuses a stale timestamp or a nonce seen before (401), records what was
sent, and can fail on demand (`fail_next`) for the outbox's retry tests.

Routes:
- POST /2/dm_conversations/with/{participant_id}/messages  {"text": ...} → 201
  {"data": {"dm_conversation_id", "dm_event_id"}}; a participant in `closed_dms` → 403 as X answers
  when a user does not accept messages from the account.
- GET /ton/dm/{file}: a file a customer attached (`media_add`), served to signed requests only.

Webhooks, as X builds them: `message_event()`, `read_event()`, `body()` (the Account Activity payload),
`signature_header(body)` (x-twitter-webhooks-signature: "sha256=" + base64 HMAC-SHA256 of the body with
the consumer secret) and `crc_response(token)`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849.utils import escape, parse_authorization_header, unescape

MAX_SKEW = 300


def _id() -> str:
    return str(secrets.randbelow(9 * 10**18) + 10**18)


@dataclass
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    oauth_ok: bool
    problem: str = ""


@dataclass
class FakeX:
    consumer_key: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    consumer_secret: str = field(default_factory=lambda: secrets.token_urlsafe(36))
    access_token: str = field(default_factory=lambda: "1500-" + secrets.token_urlsafe(30))
    access_token_secret: str = field(default_factory=lambda: secrets.token_urlsafe(33))
    # The X user the helpdesk's account is (the DMs' recipient, for_user_id).
    user_id: str = field(default_factory=_id)
    requests: list[Recorded] = field(default_factory=list)
    closed_dms: set[str] = field(default_factory=set)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _failures: list[int] = field(default_factory=list)
    _nonces: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([status] * times)

    def sent(self) -> list[Recorded]:
        """The direct messages X accepted, oldest first."""
        return [r for r in self.requests if r.method == "POST" and r.oauth_ok and "dm_event_id" in r.body]

    # -- Webhooks, as X signs and shapes them -------------------------------------------------------

    def crc_response(self, crc_token: str) -> dict[str, str]:
        digest = hmac.new(self.consumer_secret.encode(), crc_token.encode(), hashlib.sha256).digest()
        return {"response_token": "sha256=" + base64.b64encode(digest).decode()}

    def signature_header(self, body: bytes) -> str:
        digest = hmac.new(self.consumer_secret.encode(), body, hashlib.sha256).digest()
        return "sha256=" + base64.b64encode(digest).decode()

    def media_add(self, content: bytes, content_type: str = "image/jpeg") -> str:
        """A file a customer attached: its path under this fake (X serves it from ton.x.com)."""
        name = secrets.token_hex(8) + (".png" if content_type == "image/png" else ".jpg")
        with self._lock:
            self.media[name] = (content_type, content)
        return f"/ton/dm/{name}"

    def message_event(
        self,
        *,
        sender_id: str,
        text: str = "",
        event_id: str = "",
        created: float | None = None,
        media_url: str = "",
        recipient_id: str = "",
    ) -> dict[str, Any]:
        message_data: dict[str, Any] = {"text": text, "entities": {"hashtags": [], "urls": []}}
        if media_url:
            media_id = _id()
            message_data["attachment"] = {
                "type": "media",
                "media": {
                    "id": int(media_id),
                    "id_str": media_id,
                    "media_url_https": media_url,
                    "type": "photo",
                },
            }
        return {
            "type": "message_create",
            "id": event_id or _id(),
            "created_timestamp": str(int((created if created is not None else time.time()) * 1000)),
            "message_create": {
                "target": {"recipient_id": recipient_id or self.user_id},
                "sender_id": sender_id,
                "message_data": message_data,
            },
        }

    def read_event(
        self, *, reader_id: str, last_read_event_id: str, created: float | None = None
    ) -> dict[str, Any]:
        return {
            "created_timestamp": str(int((created if created is not None else time.time()) * 1000)),
            "sender_id": reader_id,
            "target": {"recipient_id": self.user_id},
            "last_read_event_id": last_read_event_id,
        }

    def body(
        self,
        messages: list[dict[str, Any]] = (),  # type: ignore[assignment]
        *,
        reads: list[dict[str, Any]] = (),  # type: ignore[assignment]
        users: dict[str, str] | None = None,
        for_user_id: str = "",
    ) -> bytes:
        """The Account Activity payload X posts (users: id → name)."""
        payload: dict[str, Any] = {"for_user_id": for_user_id or self.user_id}
        if messages:
            payload["direct_message_events"] = list(messages)
            payload["users"] = {
                uid: {"id": uid, "name": name, "screen_name": name.lower().replace(" ", "_")}
                for uid, name in (users or {}).items()
            }
        if reads:
            payload["direct_message_mark_read_events"] = list(reads)
        return json.dumps(payload).encode()

    # -- WSGI ---------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        size = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(size) if size else b""
        host = environ.get("HTTP_HOST", "")
        url = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")
        problem = self._oauth_problem(method, url, environ.get("HTTP_AUTHORIZATION", ""))
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        record = Recorded(method, path, body if isinstance(body, dict) else {}, not problem, problem)
        with self._lock:
            self.requests.append(record)
            failure = None if problem else (self._failures.pop(0) if self._failures else None)
        headers: list[tuple[str, str]] = []
        if problem:
            status, payload = (
                401,
                {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": problem},
            )
        elif failure is not None:
            status, payload = (
                failure,
                {"title": "Failure on demand", "status": failure, "type": "about:blank"},
            )
            if failure == 429:
                headers.append(("x-rate-limit-reset", str(int(time.time()) + 2)))
        elif method == "POST" and path.startswith("/2/dm_conversations/with/") and path.endswith("/messages"):
            status, payload = self._dm_send(unquote(path.split("/")[4]), record)
        elif method == "GET" and path.startswith("/ton/dm/"):
            found = self.media.get(path.rsplit("/", 1)[-1])
            if found is None:
                status, payload = 404, {"title": "Not Found", "status": 404, "type": "about:blank"}
            else:
                start_response("200 OK", [("Content-Type", found[0]), ("Content-Length", str(len(found[1])))])
                return [found[1]]
        else:
            status, payload = 404, {"title": "Not Found", "status": 404, "type": "about:blank"}
        text = json.dumps(payload).encode()
        start_response(
            f"{status} {_REASONS.get(status, 'Status')}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(text))), *headers],
        )
        return [text]

    def _dm_send(self, participant_id: str, record: Recorded) -> tuple[int, dict[str, Any]]:
        text = record.body.get("text")
        if not participant_id.isdigit():
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "participant_id is not a user id",
            }
        if not isinstance(text, str) or not text.strip() or len(text) > 10000:
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "text must be 1 to 10000 characters",
            }
        if participant_id in self.closed_dms:
            return 403, {
                "title": "Forbidden",
                "status": 403,
                "detail": "You cannot send messages to users who are not following you.",
                "type": "about:blank",
            }
        data = {"dm_conversation_id": f"{self.user_id}-{participant_id}", "dm_event_id": _id()}
        record.body = {**record.body, **data}
        return 201, {"data": data}

    def _oauth_problem(self, method: str, url: str, header: str) -> str:
        """Why the request's OAuth 1.0a signature is not good, or ""."""
        if not header.startswith("OAuth "):
            return "no OAuth 1.0a Authorization header"
        params = {unescape(k): unescape(v) for k, v in parse_authorization_header(header)}
        if params.get("oauth_signature_method") != "HMAC-SHA1":
            return "signature method must be HMAC-SHA1"
        if (
            params.get("oauth_consumer_key") != self.consumer_key
            or params.get("oauth_token") != self.access_token
        ):
            return "unknown consumer key or access token"
        try:
            skew = abs(time.time() - int(params.get("oauth_timestamp", "0")))
        except ValueError:
            return "bad timestamp"
        if skew > MAX_SKEW:
            return "stale timestamp"
        base_url, _sep, query = url.partition("?")
        collected = [(k, v) for k, v in params.items() if k != "oauth_signature" and k != "realm"]
        collected += parse_qsl(query, keep_blank_values=True)
        base = oauth_signature.signature_base_string(
            method.upper(),
            oauth_signature.base_string_uri(base_url),
            oauth_signature.normalize_parameters(collected),
        )
        key = f"{escape(self.consumer_secret)}&{escape(self.access_token_secret)}"
        expected = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(expected, params.get("oauth_signature", "")):
            return "bad signature"
        nonce = params.get("oauth_nonce", "")
        with self._lock:
            if not nonce or nonce in self._nonces:
                return "nonce used before"
            self._nonces.add(nonce)
        return ""


_REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
}


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(fake: FakeX | None = None) -> Iterator[tuple[FakeX, str]]:
    """(the fake, its base URL "http://127.0.0.1:PORT") while it answers from a thread."""
    fake = fake or FakeX()
    server = make_server("127.0.0.1", 0, fake, server_class=WSGIServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="fake-x", daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
