"""A local Telegram Bot API for tests and the bench: the methods the adapter calls (sendMessage,
sendDocument, getFile, setWebhook, file downloads), answered as the Bot API documents, with what was
sent recorded, failures on demand, and webhook deliveries built as Telegram sends them.

Serve `FakeTelegram().app` from a thread (tests/messaging/telegram/conftest.py) and give the channel
account `api_base` = its URL.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from messaging.providers.telegram import SECRET_HEADER

Start = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class SentMessage:
    method: str
    chat_id: str
    text: str = ""
    filename: str = ""
    content: bytes = b""
    message_id: int = 0


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-token"  # noqa: S105 - the fake bot's own token
    sent: list[SentMessage] = field(default_factory=list)
    # file_id -> (file_path, bytes) for getFile and the downloads.
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    # Answers to give instead of the real one, first in first out: (status, JSON body) or ("sleep", s).
    failures: list[tuple[Any, Any]] = field(default_factory=list)
    calls: int = 0
    _next_id: int = 1000
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- What tests do --------------------------------------------------------------------------

    def fail(self, times: int = 1, status: int = 500, description: str = "Internal Server Error") -> None:
        body = {"ok": False, "error_code": status, "description": description}
        self.failures += [(status, body)] * times

    def block(self) -> None:
        """The user blocked the bot: every send is refused for good, as the Bot API answers it."""
        self.fail(times=1000, status=403, description="Forbidden: bot was blocked by the user")

    def hang(self, seconds: float, times: int = 1) -> None:
        self.failures += [("sleep", seconds)] * times

    def recover(self) -> None:
        self.failures.clear()

    def add_file(self, file_id: str, content: bytes, path: str = "") -> None:
        self.files[file_id] = (path or f"documents/{file_id}", content)

    @staticmethod
    def update(
        update_id: int,
        *,
        user_id: int = 42,
        text: str = "",
        date: int | None = None,
        first_name: str = "Ana",
        language_code: str = "en",
        photo_id: str = "",
        document: dict[str, Any] | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        """An Update carrying a private chat's message, shaped as the Bot API documents it."""
        message: dict[str, Any] = {
            "message_id": message_id or update_id,
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "language_code": language_code,
            },
            "chat": {"id": user_id, "first_name": first_name, "type": "private"},
            "date": int(date if date is not None else time.time()),
        }
        if text and (photo_id or document):
            message["caption"] = text
        elif text:
            message["text"] = text
        if photo_id:
            message["photo"] = [
                {
                    "file_id": photo_id + "-s",
                    "file_unique_id": "s",
                    "width": 90,
                    "height": 90,
                    "file_size": 10,
                },
                {"file_id": photo_id, "file_unique_id": photo_id, "width": 800, "height": 800},
            ]
        if document:
            message["document"] = document
        return {"update_id": update_id, "message": message}

    @staticmethod
    def headers(secret_token: str) -> dict[str, str]:
        """The headers Telegram sends with a webhook delivery."""
        return {SECRET_HEADER: secret_token, "Content-Type": "application/json"}

    # --- The API ---------------------------------------------------------------------------------

    def _message_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def app(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        self.calls += 1
        path = environ.get("PATH_INFO", "")
        if self.failures:
            with self._lock:
                kind, value = self.failures.pop(0) if self.failures else (None, None)
            if kind == "sleep":
                time.sleep(float(value or 0))
            elif kind is not None:
                return self._json(start_response, value, status=int(kind))
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            wanted = path[len(file_prefix) :]
            for file_path, content in self.files.values():
                if file_path == wanted:
                    start_response("200 OK", [("Content-Type", "application/octet-stream")])
                    return [content]
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return self._json(
                start_response, {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        method = path[len(prefix) :]
        params = self._params(environ)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._json(
                start_response, {"ok": False, "error_code": 404, "description": "Not Found"}, 404
            )
        status, body = handler(params)
        return self._json(start_response, body, status)

    def _params(self, environ: dict[str, Any]) -> dict[str, Any]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        content_type = environ.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            return json.loads(raw or b"{}")
        if content_type.startswith("multipart/form-data"):
            return self._multipart(raw, content_type)
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}

    @staticmethod
    def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
        from email.parser import BytesParser
        from email.policy import HTTP

        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            payload = payload if isinstance(payload, bytes) else b""
            params[name] = (filename, payload) if filename else payload.decode()
        return params

    @staticmethod
    def _json(start_response: Start, body: Any, status: int = 200) -> list[bytes]:
        reason = {
            200: "OK",
            400: "Bad Request",
            401: "Unauthorized",
            403: "Forbidden",
            404: "Not Found",
            429: "Too Many Requests",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(status, "Error")
        start_response(f"{status} {reason}", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    def _chat(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if not str(params.get("chat_id") or "").lstrip("-").isdigit():
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        return None

    def _m_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        refused = self._chat(params)
        if refused:
            return refused
        text = str(params.get("text") or "")
        if not text:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
        message_id = self._message_id()
        self.sent.append(SentMessage("sendMessage", str(params["chat_id"]), text=text, message_id=message_id))
        return 200, {
            "ok": True,
            "result": {
                "message_id": message_id,
                "chat": {"id": int(params["chat_id"])},
                "date": int(time.time()),
                "text": text,
            },
        }

    def _m_sendDocument(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        refused = self._chat(params)
        if refused:
            return refused
        document = params.get("document")
        if not isinstance(document, tuple):
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: there is no document"}
        message_id = self._message_id()
        self.sent.append(
            SentMessage(
                "sendDocument",
                str(params["chat_id"]),
                filename=document[0],
                content=document[1],
                message_id=message_id,
            )
        )
        return 200, {
            "ok": True,
            "result": {
                "message_id": message_id,
                "chat": {"id": int(params["chat_id"])},
                "date": int(time.time()),
                "document": {"file_name": document[0]},
            },
        }

    def _m_getFile(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
        path, content = self.files[file_id]
        return 200, {
            "ok": True,
            "result": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(content),
                "file_path": path,
            },
        }

    def _m_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook = dict(params)
        return 200, {"ok": True, "result": True, "description": "Webhook was set"}
