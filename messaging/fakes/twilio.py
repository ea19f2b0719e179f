"""A local fake of Twilio's REST API (2010-04-01) and of the way Twilio signs its webhooks.

The adapters run the real `twilio` library against it over real HTTP (`serving()` puts it on a free
127.0.0.1 port in a thread): Basic auth with the account SID and auth token, form-encoded requests,
JSON answers and errors shaped as Twilio documents them ({"code", "message", "more_info", "status"}).
It records every request, can fail on demand (`fail_next`) for the outbox's retry tests, and signs
webhooks as Twilio does (`signature`, `webhook_headers`): HMAC-SHA1 with the auth token over the full
URL followed by each POST parameter's name and value, names sorted, base64.

Resources, each a section below with its routes in ROUTES:
- Calls: create an outbound call (`To`, `From`, `Twiml` or `Url`, `StatusCallback`), fetch one, update a
  live one (`Twiml`/`Url` redirects it, `Status=completed` hangs up). `ring()` puts an inbound call in
  flight so a redirect finds it, as a call Twilio is holding in a queue; `call_ends()` and `dial_ends()`
  give the URL and form Twilio posts when a call ends (its StatusCallback) and when its <Dial>ed leg
  ends (the Dial's action).
- Messages: SMS (added by the SMS adapter's author).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
import json
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

API = "/2010-04-01"

# --- Signing webhooks, as Twilio does ----------------------------------------------------------------


def signature(auth_token: str, url: str, params: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> str:
    """X-Twilio-Signature of a webhook Twilio POSTs to `url` with the form `params`."""
    pairs = sorted(params.items() if isinstance(params, Mapping) else params)
    text = url + "".join(name + value for name, value in pairs)
    digest = hmac.new(auth_token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def webhook_headers(auth_token: str, url: str, params: Mapping[str, str]) -> dict[str, str]:
    """The headers of a signed webhook (for django.test.Client: pass as `headers=`)."""
    return {"X-Twilio-Signature": signature(auth_token, url, params)}


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


# --- The fake --------------------------------------------------------------------------------------


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    auth_ok: bool


@dataclass
class FakeTwilio:
    account_sid: str = field(default_factory=lambda: new_sid("AC"))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    requests: list[Recorded] = field(default_factory=list)
    calls: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (status, times left): the next requests answer this error instead (503, 429, 400...).
    _failures: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([status] * times)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.calls.clear()
            self._failures.clear()

    # -- WSGI ---------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(size).decode() if size else ""
        form = dict(parse_qsl(body, keep_blank_values=True))
        auth_ok = self._authorised(environ.get("HTTP_AUTHORIZATION", ""))
        with self._lock:
            self.requests.append(Recorded(method, path, form, auth_ok))
            failure = self._failures.pop(0) if self._failures else None
        if not auth_ok:
            status, payload = 401, _error(20003, "Authenticate", 401)
        elif failure is not None:
            status, payload = (
                failure,
                _error(20500 if failure >= 500 else 20429, "Failure on demand", failure),
            )
        else:
            status, payload = self._route(method, path, form)
        content_type = "application/json"
        if isinstance(payload, RawBody):  # a media file (Messages), not a JSON answer
            text, content_type = payload.content, payload.content_type
        else:
            text = json.dumps(payload).encode()
        start_response(
            f"{status} {_REASONS.get(status, 'Status')}",
            [("Content-Type", content_type), ("Content-Length", str(len(text)))],
        )
        return [text]

    def _authorised(self, header: str) -> bool:
        if not header.startswith("Basic "):
            return False
        try:
            user, _sep, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(user, self.account_sid) and hmac.compare_digest(password, self.auth_token)

    def _route(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        for verb, pattern, handler in ROUTES:
            match = pattern.fullmatch(path)
            if verb == method and match:
                if match.group("account") != self.account_sid:
                    return 404, _error(20404, "The requested resource was not found", 404)
                return handler(self, form, **{k: v for k, v in match.groupdict().items() if k != "account"})
        return 404, _error(20404, "The requested resource was not found", 404)

    # -- Calls --------------------------------------------------------------------------------------

    def ring(self, *, from_number: str, to_number: str, status: str = "queued", sid: str = "") -> str:
        """An inbound call Twilio is handling (in a queue, ringing): its CallSid."""
        sid = sid or new_sid("CA")
        with self._lock:
            self.calls[sid] = self._call(sid, to_number, from_number, status, "inbound")
        return sid

    def _call(self, sid: str, to: str, from_: str, status: str, direction: str) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": from_,
            "status": status,
            "direction": direction,
            "date_created": now,
            "date_updated": now,
            "duration": None,
            "twiml": "",
            "url": None,
            "uri": f"{API}/Accounts/{self.account_sid}/Calls/{sid}.json",
        }

    def calls_create(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        missing = [name for name in ("To", "From") if not form.get(name)]
        if missing:
            return 400, _error(
                21201 if "To" in missing else 21213, f"No '{missing[0]}' number is specified", 400
            )
        if not (form.get("Twiml") or form.get("Url") or form.get("ApplicationSid")):
            return 400, _error(21205, "Url parameter is required", 400)
        if not re.fullmatch(r"\+[1-9]\d{6,14}", form["To"]):
            return 400, _error(21211, f"The 'To' number {form['To']} is not a valid phone number", 400)
        sid = new_sid("CA")
        call = self._call(sid, form["To"], form["From"], "queued", "outbound-api")
        call["twiml"] = form.get("Twiml", "")
        call["url"] = form.get("Url")
        call["status_callback"] = form.get("StatusCallback", "")
        with self._lock:
            self.calls[sid] = call
        return 201, {k: v for k, v in call.items() if k != "status_callback"}

    def dial_action_url(self, sid: str) -> str:
        """The `action` of the <Dial> in a call's TwiML: where Twilio reports the dialled leg's end."""
        found = re.search(r'<Dial [^>]*action="([^"]+)"', self.calls[sid].get("twiml", ""))
        return html.unescape(found.group(1)) if found else ""

    def _call_form(self, sid: str, call_status: str) -> dict[str, str]:
        """The fields Twilio posts about a call in every callback."""
        call = self.calls[sid]
        return {
            "CallSid": sid,
            "AccountSid": self.account_sid,
            "From": call["from"],
            "To": call["to"],
            "Direction": call["direction"],
            "CallStatus": call_status,
            "ApiVersion": "2010-04-01",
        }

    def call_ends(self, sid: str, status: str, *, duration: int = 0) -> tuple[str, dict[str, str]]:
        """The call is over (completed, busy, no-answer, failed, canceled): (its StatusCallback URL, the
        form Twilio posts there)."""
        call = self.calls[sid]
        with self._lock:
            call["status"] = status
            call["duration"] = str(duration)
        form = {**self._call_form(sid, status), "CallDuration": str(duration), "SequenceNumber": "0"}
        return call.get("status_callback", ""), form

    def dial_ends(self, sid: str, dial_status: str, *, duration: int = 0) -> tuple[str, dict[str, str]]:
        """The <Dial>ed leg of a call is over: (the Dial's action URL, the form Twilio posts there,
        DialCallStatus completed, answered, busy, no-answer, failed or canceled)."""
        form = {
            **self._call_form(sid, "in-progress"),
            "DialCallSid": new_sid("CA"),
            "DialCallStatus": dial_status,
            "DialCallDuration": str(duration),
        }
        return self.dial_action_url(sid), form

    def calls_fetch(self, form: dict[str, str], sid: str) -> tuple[int, dict[str, Any]]:
        call = self.calls.get(sid)
        if call is None:
            return 404, _error(20404, f"The requested resource {sid} was not found", 404)
        return 200, {k: v for k, v in call.items() if k != "status_callback"}

    def calls_update(self, form: dict[str, str], sid: str) -> tuple[int, dict[str, Any]]:
        call = self.calls.get(sid)
        if call is None:
            return 404, _error(20404, f"The requested resource {sid} was not found", 404)
        if call["status"] in ("completed", "canceled", "failed", "busy", "no-answer"):
            return 400, _error(21220, "Call is not in-progress. Cannot redirect.", 400)
        with self._lock:
            if form.get("Twiml"):
                call["twiml"] = form["Twiml"]
            if form.get("Url"):
                call["url"] = form["Url"]
            if form.get("Status") in ("completed", "canceled"):
                call["status"] = form["Status"]
        return 200, {k: v for k, v in call.items() if k != "status_callback"}

    # -- Messages -----------------------------------------------------------------------------------
    # SMS (messaging.providers.sms): send a message (`To`, `From` or `MessagingServiceSid`, `Body` or
    # `MediaUrl`, `StatusCallback`), fetch one, and the media of inbound MMS. `unsubscribe()` makes a
    # number one that replied STOP (error 21610 on send, as Twilio's Advanced Opt-Out does);
    # `inbound_form()` / `status_form()` build the webhooks Twilio posts, `media_add()` an MMS file.

    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    unsubscribed: set[str] = field(default_factory=set)
    media_files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def unsubscribe(self, number: str) -> None:
        with self._lock:
            self.unsubscribed.add(number)

    def resubscribe(self, number: str) -> None:
        with self._lock:
            self.unsubscribed.discard(number)

    def sent_messages(self) -> list[dict[str, Any]]:
        """The messages created through the API, oldest first."""
        with self._lock:
            return [m for m in self.messages.values() if m["direction"] == "outbound-api"]

    def media_add(self, message_sid: str, content: bytes, content_type: str) -> str:
        """An inbound MMS file Twilio holds: its MediaUrl (under this fake's base, see `inbound_form`)."""
        sid = new_sid("ME")
        with self._lock:
            self.media_files[sid] = (content_type, content)
        return f"{API}/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{sid}"

    def inbound_form(
        self,
        *,
        from_number: str,
        to_number: str,
        body: str = "",
        media: tuple[str, ...] = (),
        media_types: tuple[str, ...] = (),
        sid: str = "",
        base_url: str = "",
        **extra: str,
    ) -> dict[str, str]:
        """The form Twilio posts for an inbound SMS/MMS (`media`: paths from media_add, made absolute
        with `base_url`, the fake's)."""
        sid = sid or new_sid("SM" if not media else "MM")
        form = {
            "ToCountry": "US",
            "SmsMessageSid": sid,
            "NumMedia": str(len(media)),
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": body,
            "To": to_number,
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": from_number,
            "ApiVersion": "2010-04-01",
        }
        for i, path in enumerate(media):
            form[f"MediaUrl{i}"] = base_url + path
            form[f"MediaContentType{i}"] = media_types[i] if i < len(media_types) else "image/jpeg"
        form.update(extra)
        return form

    def status_form(self, message_sid: str, status: str, *, error_code: str = "") -> dict[str, str]:
        """The form Twilio posts to a message's StatusCallback when its status moves."""
        message = self.messages.get(message_sid, {})
        form = {
            "SmsSid": message_sid,
            "SmsStatus": status,
            "MessageStatus": status,
            "To": str(message.get("to", "")),
            "MessageSid": message_sid,
            "AccountSid": self.account_sid,
            "From": str(message.get("from", "")),
            "ApiVersion": "2010-04-01",
        }
        if error_code:
            form["ErrorCode"] = error_code
        if message:
            with self._lock:
                message["status"] = status
        return form

    def messages_create(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        to = form.get("To", "")
        if not to:
            return 400, _error(21604, "A 'To' phone number is required.", 400)
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return 400, _error(21603, "A 'From' phone number is required.", 400)
        service = form.get("MessagingServiceSid", "")
        if service and not form.get("From") and not re.fullmatch(r"MG[0-9a-f]{32}", service):
            return 400, _error(21701, f"The Messaging Service Sid {service} is invalid.", 400)
        if not (form.get("Body") or form.get("MediaUrl")):
            return 400, _error(21602, "Message body is required.", 400)
        if len(form.get("Body", "")) > 1600:
            return 400, _error(21617, "The concatenated message body exceeds the 1600 character limit.", 400)
        if not re.fullmatch(r"\+[1-9]\d{6,14}", to):
            return 400, _error(21211, f"The 'To' number {to} is not a valid phone number.", 400)
        if to in self.unsubscribed:
            return 400, _error(21610, "Attempt to send to unsubscribed recipient", 400)
        sid = new_sid("SM")
        now = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        message = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": form.get("From") or None,
            "messaging_service_sid": form.get("MessagingServiceSid") or None,
            "body": form.get("Body", ""),
            "status": "queued",
            "direction": "outbound-api",
            "num_segments": "1",
            "num_media": "0",
            "error_code": None,
            "error_message": None,
            "price": None,
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "api_version": "2010-04-01",
            "uri": f"{API}/Accounts/{self.account_sid}/Messages/{sid}.json",
            "status_callback": form.get("StatusCallback", ""),
        }
        with self._lock:
            self.messages[sid] = message
        return 201, {k: v for k, v in message.items() if k != "status_callback"}

    def messages_fetch(self, form: dict[str, str], sid: str) -> tuple[int, dict[str, Any]]:
        message = self.messages.get(sid)
        if message is None:
            return 404, _error(20404, f"The requested resource {sid} was not found", 404)
        return 200, {k: v for k, v in message.items() if k != "status_callback"}

    def media_fetch(self, form: dict[str, str], sid: str, media_sid: str) -> tuple[int, Any]:
        found = self.media_files.get(media_sid)
        if found is None:
            return 404, _error(20404, f"The requested resource {media_sid} was not found", 404)
        return 200, RawBody(found[1], found[0])


@dataclass(frozen=True)
class RawBody:
    """A non-JSON answer (a media file)."""

    content: bytes
    content_type: str


def _error(code: int, message: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
_ACCOUNT = rf"{API}/Accounts/(?P<account>AC[0-9a-f]+)"
Route = tuple[str, re.Pattern[str], Callable[..., tuple[int, dict[str, Any]]]]
ROUTES: list[Route] = [
    # Calls
    ("POST", re.compile(rf"{_ACCOUNT}/Calls\.json"), FakeTwilio.calls_create),
    ("GET", re.compile(rf"{_ACCOUNT}/Calls/(?P<sid>CA[0-9a-f]+)\.json"), FakeTwilio.calls_fetch),
    ("POST", re.compile(rf"{_ACCOUNT}/Calls/(?P<sid>CA[0-9a-f]+)\.json"), FakeTwilio.calls_update),
    # Messages
    ("POST", re.compile(rf"{_ACCOUNT}/Messages\.json"), FakeTwilio.messages_create),
    ("GET", re.compile(rf"{_ACCOUNT}/Messages/(?P<sid>(?:SM|MM)[0-9a-f]+)\.json"), FakeTwilio.messages_fetch),
    (
        "GET",
        re.compile(rf"{_ACCOUNT}/Messages/(?P<sid>(?:SM|MM)[0-9a-f]+)/Media/(?P<media_sid>ME[0-9a-f]+)"),
        FakeTwilio.media_fetch,
    ),
]


# --- Serving it --------------------------------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(fake: FakeTwilio | None = None) -> Iterator[tuple[FakeTwilio, str]]:
    """(the fake, its base URL "http://127.0.0.1:PORT") while it answers from a thread."""
    fake = fake or FakeTwilio()
    server = make_server("127.0.0.1", 0, fake, server_class=WSGIServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="fake-twilio", daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
