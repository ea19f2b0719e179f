"""A local fake of Meta's Graph API for WhatsApp's Cloud API and the Messenger Platform, and of the
way Meta signs its webhooks.

The adapters' real httpx code runs against it over real HTTP (`serving()` puts it on a free 127.0.0.1
port in a thread; point an account's `api_base` at `fake.api_base`). It answers as the documented API
does: bearer tokens (or `access_token=`), JSON bodies, errors shaped `{"error": {"message", "type",
"code", "error_subcode", "error_data": {"details"}, "fbtrace_id"}}`. It records every send, can fail
on demand (`fail_next`) for the outbox's retry tests, refuses free text outside the session windows as
Meta does once it has seen the customer write (131047 for WhatsApp, code 10 / 2018278 for Messenger),
and builds signed webhooks (`signed`) shaped like the documented payloads.

Routes (any `/vNN.N` version prefix):
- WhatsApp: POST /{phone-number-id}/messages, POST /{phone-number-id}/media (multipart upload),
  GET /{media-id} (the file's short-lived URL), GET /files/{media-id} (the file, bearer token needed),
  GET /{waba-id}/message_templates (paged by `after`).
- Messenger: POST /me/messages (JSON, or multipart with `filedata`), GET /cdn/{name} (attachment URLs
  as the webhooks name them; no token, as Meta's CDN).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

VERSION = "v21.0"
SESSION = dt.timedelta(hours=24)
HUMAN_AGENT = dt.timedelta(days=7)


def sign(body: bytes, app_secret: str) -> str:
    """X-Hub-Signature-256 of a webhook body, as Meta computes it."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Recorded:
    """One request the fake answered: which API, the path after the version, the JSON or form."""

    api: str  # "whatsapp" | "messenger" | "graph"
    method: str
    path: str
    body: dict[str, Any]
    files: dict[str, tuple[str, str, bytes]]
    token: str


@dataclass
class MetaGraphFake:
    access_token: str = field(default_factory=lambda: "EAAW" + secrets.token_hex(12))
    page_access_token: str = field(default_factory=lambda: "EAAP" + secrets.token_hex(12))
    app_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    verify_token: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    phone_number_id: str = "106540352242922"
    display_phone_number: str = "15550783881"
    business_account_id: str = "102290129340398"
    page_id: str = "1067280970047460"
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    # Files customers sent, as the media endpoints serve them: media id / CDN name → (bytes, mime).
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    cdn: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    uploads: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    templates: list[dict[str, Any]] = field(default_factory=list)
    # When each customer last wrote (the webhooks built here set it): the session windows Meta enforces.
    last_inbound: dict[str, dt.datetime] = field(default_factory=dict)
    # Pages granted the human agent feature (Messenger's 7-day tag).
    human_agent: bool = False
    _failures: list[tuple[int, int | None, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/{VERSION}"

    # --- What tests set up and read ----------------------------------------------------------------

    def fail_next(
        self, status: int = 503, times: int = 1, *, code: int | None = None, message: str = ""
    ) -> None:
        """The next `times` API calls answer this error instead (503, 429 with code 130429, 400...)."""
        with self._lock:
            self._failures.extend([(status, code, message or "Service temporarily unavailable")] * times)

    def sends(self, api: str | None = None) -> list[Recorded]:
        """The messages sent (not uploads or reads), oldest first."""
        with self._lock:
            return [
                r
                for r in self.requests
                if r.method == "POST" and r.path.endswith("/messages") and (api is None or r.api == api)
            ]

    def whatsapp_credentials(self) -> dict[str, str]:
        return {
            "phone_number_id": self.phone_number_id,
            "business_account_id": self.business_account_id,
            "access_token": self.access_token,
            "app_secret": self.app_secret,
            "verify_token": self.verify_token,
            "api_base": self.api_base,
        }

    def messenger_credentials(self, *, human_agent_tag: bool = False) -> dict[str, str]:
        return {
            "page_id": self.page_id,
            "page_access_token": self.page_access_token,
            "app_secret": self.app_secret,
            "verify_token": self.verify_token,
            "human_agent_tag": "yes" if human_agent_tag else "",
            "api_base": self.api_base,
        }

    def template_add(
        self, name: str, language: str = "en_US", body: str = "", *, status: str = "APPROVED"
    ) -> None:
        self.templates.append(
            {
                "name": name,
                "language": language,
                "status": status,
                "category": "UTILITY",
                "id": str(len(self.templates) + 900000),
                "components": [{"type": "BODY", "text": body or f"{name} {{{{1}}}}"}],
            }
        )

    # --- Signed webhooks -------------------------------------------------------------------------

    def signed(
        self, payload: Mapping[str, Any], *, secret: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The raw body and headers of a webhook delivery (headers for django.test.Client or httpx)."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        return body, {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": sign(body, self.app_secret if secret is None else secret),
        }

    # WhatsApp ----------------------------------------------------------------------------------

    def whatsapp_webhook(
        self,
        messages: Iterable[Mapping[str, Any]] = (),
        statuses: Iterable[Mapping[str, Any]] = (),
        *,
        names: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """One delivery, batched as the Cloud API batches: entry → changes → value."""
        messages = list(messages)
        value: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.display_phone_number,
                "phone_number_id": self.phone_number_id,
            },
        }
        senders = {str(m["from"]) for m in messages}
        if senders:
            value["contacts"] = [
                {"profile": {"name": (names or {}).get(s, "")}, "wa_id": s} for s in sorted(senders)
            ]
            value["messages"] = messages
        statuses = list(statuses)
        if statuses:
            value["statuses"] = statuses
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.business_account_id, "changes": [{"value": value, "field": "messages"}]}],
        }

    def whatsapp_message(
        self,
        sender: str,
        kind: str = "text",
        *,
        text: str = "",
        at: dt.datetime | None = None,
        wamid: str | None = None,
        data: bytes = b"",
        mime_type: str = "",
        filename: str = "",
        voice: bool = False,
    ) -> dict[str, Any]:
        """A customer's message (text, image, document, audio); a file is put where GET /{id} finds it.
        Opens the customer's session window in the fake as it would at Meta."""
        at = at or _now()
        with self._lock:
            self.last_inbound[sender] = max(at, self.last_inbound.get(sender, at))
        message: dict[str, Any] = {
            "from": sender,
            "id": wamid or "wamid.HBgL" + secrets.token_hex(16).upper(),
            "timestamp": str(int(at.timestamp())),
            "type": kind,
        }
        if kind == "text":
            message["text"] = {"body": text}
        else:
            media_id = str(secrets.randbelow(10**15) + 10**15)
            self.media[media_id] = (data, mime_type)
            body: dict[str, Any] = {
                "mime_type": mime_type,
                "sha256": hashlib.sha256(data).hexdigest(),
                "id": media_id,
            }
            if text:
                body["caption"] = text
            if filename:
                body["filename"] = filename
            if kind == "audio":
                body["voice"] = voice
            message[kind] = body
        return message

    def whatsapp_status(
        self,
        wamid: str,
        status: str,
        recipient: str,
        *,
        at: dt.datetime | None = None,
        error_code: int | None = None,
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": wamid,
            "status": status,
            "timestamp": str(int((at or _now()).timestamp())),
            "recipient_id": recipient,
        }
        if status in ("sent", "delivered"):
            item["conversation"] = {"id": secrets.token_hex(16), "origin": {"type": "service"}}
            item["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
        if error_code is not None:
            item["errors"] = [
                {
                    "code": error_code,
                    "title": "Message undeliverable",
                    "message": "Message undeliverable",
                    "error_data": {"details": "Message could not be delivered"},
                }
            ]
        return item

    # Messenger ---------------------------------------------------------------------------------

    def messenger_webhook(
        self, events: Iterable[Mapping[str, Any]], *, time: dt.datetime | None = None
    ) -> dict[str, Any]:
        return {
            "object": "page",
            "entry": [
                {
                    "id": self.page_id,
                    "time": int((time or _now()).timestamp() * 1000),
                    "messaging": list(events),
                }
            ],
        }

    def messenger_message(
        self,
        psid: str,
        text: str = "",
        *,
        at: dt.datetime | None = None,
        mid: str | None = None,
        files: Iterable[tuple[str, str, bytes]] = (),
    ) -> dict[str, Any]:
        """A person's message to the page, files as CDN URLs the fake serves (no token)."""
        at = at or _now()
        with self._lock:
            self.last_inbound[psid] = max(at, self.last_inbound.get(psid, at))
        message: dict[str, Any] = {"mid": mid or "m_" + secrets.token_urlsafe(24)}
        if text:
            message["text"] = text
        attachments = []
        for name, mime, data in files:
            key = f"{secrets.token_hex(6)}-{name}"
            self.cdn[key] = (data, mime)
            kind = mime.split("/")[0] if mime.split("/")[0] in ("image", "video", "audio") else "file"
            attachments.append({"type": kind, "payload": {"url": f"{self.base_url}/cdn/{key}?oh=sig"}})
        if attachments:
            message["attachments"] = attachments
        return {
            "sender": {"id": psid},
            "recipient": {"id": self.page_id},
            "timestamp": int(at.timestamp() * 1000),
            "message": message,
        }

    def messenger_delivery(
        self, psid: str, watermark: dt.datetime, mids: Iterable[str] = ()
    ) -> dict[str, Any]:
        delivery: dict[str, Any] = {"watermark": int(watermark.timestamp() * 1000)}
        if mids:
            delivery["mids"] = list(mids)
        return {
            "sender": {"id": psid},
            "recipient": {"id": self.page_id},
            "timestamp": int(_now().timestamp() * 1000),
            "delivery": delivery,
        }

    def messenger_read(self, psid: str, watermark: dt.datetime) -> dict[str, Any]:
        return {
            "sender": {"id": psid},
            "recipient": {"id": self.page_id},
            "timestamp": int(_now().timestamp() * 1000),
            "read": {"watermark": int(watermark.timestamp() * 1000)},
        }

    # --- The WSGI app ----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        status, headers, body = self._answer(environ)
        start_response(status, headers)
        return [body]

    def _answer(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip() or query.get(
            "access_token", ""
        )
        if path.startswith("/cdn/"):
            found = self.cdn.get(path.removeprefix("/cdn/"))
            return _file(found) if found else _error(404, 100, "Not found")
        if path.startswith("/files/"):
            if token != self.access_token:
                return _error(401, 190, "Invalid OAuth access token.")
            found = self.media.get(path.removeprefix("/files/"))
            return _file(found) if found else _error(404, 100, "Not found")
        match = re.fullmatch(r"/v\d+\.\d+/(.+)", path)
        if not match:
            return _error(404, 100, "Unknown path")
        rest = match.group(1)
        body, files = _body(environ, raw)
        api = (
            "messenger"
            if rest.startswith("me/")
            else "whatsapp"
            if rest.startswith(self.phone_number_id)
            else "graph"
        )
        with self._lock:
            self.requests.append(Recorded(api, method, rest, body, files, token))
            failure = self._failures.pop(0) if self._failures else None
        expected = self.page_access_token if api == "messenger" else self.access_token
        if token != expected:
            return _error(401, 190, "Invalid OAuth access token.")
        if failure:
            status, code, message = failure
            return _error(status, code if code is not None else (2 if status >= 500 else 100), message)
        if method == "POST" and rest == f"{self.phone_number_id}/messages":
            return self._whatsapp_send(body)
        if method == "POST" and rest == f"{self.phone_number_id}/media":
            if "file" not in files or body.get("messaging_product") != "whatsapp":
                return _error(400, 100, "Param file is required")
            media_id = str(secrets.randbelow(10**15) + 10**15)
            self.uploads[media_id] = files["file"]
            return _json(200, {"id": media_id})
        if method == "GET" and rest == f"{self.business_account_id}/message_templates":
            return self._templates(query)
        if method == "POST" and rest == "me/messages":
            return self._messenger_send(body, files)
        if method == "GET" and re.fullmatch(r"\d+", rest):
            found = self.media.get(rest)
            if not found:
                return _error(404, 100, "Unsupported get request.", subcode=33)
            data, mime = found
            return _json(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.base_url}/files/{rest}",
                    "mime_type": mime,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "file_size": str(len(data)),
                    "id": rest,
                },
            )
        return _error(400, 100, "Unsupported request")

    def _whatsapp_send(self, body: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        to = str(body.get("to", ""))
        kind = body.get("type", "text")
        if body.get("messaging_product") != "whatsapp" or not to.isdigit():
            return _error(400, 100, "Invalid parameter", details="to or messaging_product")
        if kind not in ("text", "image", "document", "audio", "template"):
            return _error(400, 131051, "Unsupported message type")
        if kind == "template":
            template = body.get("template") or {}
            known = [t for t in self.templates if t["name"] == template.get("name")]
            language = (template.get("language") or {}).get("code")
            if not any(t["language"] == language for t in known):
                return _error(404, 132001, "Template name does not exist in the translation")
            params = sum(len(c.get("parameters", [])) for c in template.get("components", []))
            expected = len(set(re.findall(r"\{\{\s*(\w+)\s*\}\}", known[0]["components"][0]["text"])))
            if params != expected:
                return _error(
                    400, 132000, "Number of parameters does not match the expected number of params"
                )
        else:
            last = self.last_inbound.get(to)
            if last is not None and _now() - last > SESSION:
                return _error(
                    400,
                    131047,
                    "Re-engagement message",
                    details="Message failed to send because more than 24 hours have passed since the "
                    "customer last replied to this number.",
                )
            media = body.get(kind) if kind in ("image", "document", "audio") else None
            if isinstance(media, dict) and media.get("id") not in self.uploads:
                return _error(400, 131053, "Media upload error")
        wamid = "wamid.HBgL" + secrets.token_hex(16).upper()
        return _json(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": wamid}],
            },
        )

    def _templates(self, query: Mapping[str, str]) -> tuple[str, list[tuple[str, str]], bytes]:
        limit = int(query.get("limit") or 25)
        start = int(query.get("after") or 0)
        rows = [t for t in self.templates if query.get("status") in (None, "", t["status"])]
        page = rows[start : start + limit]
        answer: dict[str, Any] = {
            "data": page,
            "paging": {"cursors": {"before": str(start), "after": str(start + len(page))}},
        }
        if start + limit < len(rows):
            answer["paging"]["next"] = (
                f"{self.api_base}/{self.business_account_id}/message_templates"
                f"?limit={limit}&after={start + limit}&status={query.get('status', '')}"
            )
        return _json(200, answer)

    def _messenger_send(
        self, body: dict[str, Any], files: Mapping[str, tuple[str, str, bytes]]
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        recipient = body.get("recipient")
        message = body.get("message")
        # Multipart sends carry the JSON parts as form fields.
        if isinstance(recipient, str):
            recipient = json.loads(recipient)
        if isinstance(message, str):
            message = json.loads(message)
        psid = str((recipient or {}).get("id", ""))
        if not psid or not isinstance(message, dict):
            return _error(400, 100, "(#100) param recipient must be non-empty.")
        if (
            message.get("attachment")
            and "filedata" not in files
            and not (message["attachment"].get("payload") or {}).get("url")
        ):
            return _error(400, 100, "(#100) Upload attachment failure.")
        kind = body.get("messaging_type")
        last = self.last_inbound.get(psid)
        # A person the fake never saw write: the test did not say, so the window is taken as open.
        age = _now() - last if last else dt.timedelta(0)
        if kind == "RESPONSE":
            allowed = age <= SESSION
        elif kind == "MESSAGE_TAG" and body.get("tag") == "HUMAN_AGENT":
            allowed = self.human_agent and age <= HUMAN_AGENT
        else:
            return _error(400, 100, "(#100) messaging_type is required")
        if not allowed:
            return _error(
                400,
                10,
                "(#10) This message is sent outside of allowed window.",
                subcode=2018278,
            )
        return _json(200, {"recipient_id": psid, "message_id": "m_" + secrets.token_urlsafe(24)})


def _json(status: int, data: Any) -> tuple[str, list[tuple[str, str]], bytes]:
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests"}
    return (
        f"{status} {reason.get(status, 'Error')}",
        [("Content-Type", "application/json")],
        json.dumps(data).encode(),
    )


def _error(
    status: int, code: int, message: str, *, subcode: int | None = None, details: str = ""
) -> tuple[str, list[tuple[str, str]], bytes]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": secrets.token_urlsafe(8),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    status_text, headers, body = _json(status, {"error": error})
    if status == 429:
        headers.append(("Retry-After", "1"))
    return status_text, headers, body


def _file(found: tuple[bytes, str]) -> tuple[str, list[tuple[str, str]], bytes]:
    data, mime = found
    return (
        "200 OK",
        [("Content-Type", mime or "application/octet-stream"), ("Content-Length", str(len(data)))],
        data,
    )


def _body(environ: Mapping[str, Any], raw: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, str, bytes]]]:
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            data = {}
        return (data if isinstance(data, dict) else {}), {}
    if content_type.startswith("multipart/form-data"):
        return _multipart(content_type, raw)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}, {}
    return {}, {}


def _multipart(content_type: str, raw: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, str, bytes]]]:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: dict[str, Any] = {}
    files: dict[str, tuple[str, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        filename = part.get_filename()
        if filename:
            files[str(name)] = (filename, part.get_content_type(), payload)
        else:
            fields[str(name)] = payload.decode()
    return fields, files


class _Server(WSGIServer):
    pass


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(fake: MetaGraphFake | None = None) -> Iterator[MetaGraphFake]:
    """The fake on a free 127.0.0.1 port, served from a thread for the block's duration."""
    from socketserver import ThreadingMixIn

    class Threading(ThreadingMixIn, _Server):
        daemon_threads = True

    fake = fake or MetaGraphFake()
    server = make_server("127.0.0.1", 0, fake, server_class=Threading, handler_class=_Quiet)
    fake.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="meta-graph-fake", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
