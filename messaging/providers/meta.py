"""What WhatsApp's Cloud API and the Messenger Platform share: both are Meta's Graph API.

A webhook is Meta's when its `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body under the app
secret; the subscription handshake is a GET echoing `hub.challenge` when `hub.verify_token` matches;
errors come back as `{"error": {"code", "error_subcode", "message", "error_data"}}`. Nothing here knows
tickets or a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.http import HttpRequest, HttpResponse

from messaging.providers.base import PermanentSendError, TransientSendError, WebhookRejected

SIGNATURE_HEADER = "X-Hub-Signature-256"
DEFAULT_API_BASE = "https://graph.facebook.com/v21.0"
# Meta retries a webhook it could not deliver for up to seven days; an event dated further back than
# this is a replay of a captured body, not a retry (the replay guard then need not keep keys forever).
STALE_AFTER = dt.timedelta(days=8)
# An event dated this far in the future is not Meta's clock drifting.
FUTURE_SLACK = dt.timedelta(minutes=10)
_CHALLENGE = re.compile(r"[A-Za-z0-9_.-]{1,128}")


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def signature_check(request: HttpRequest, app_secret: str) -> None:
    if not app_secret:
        raise WebhookRejected("the channel account has no app secret", status=403)
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not given.startswith("sha256="):
        raise WebhookRejected("missing X-Hub-Signature-256", status=403)
    if not hmac.compare_digest(given.encode(), sign(request.body, app_secret).encode()):
        raise WebhookRejected("bad X-Hub-Signature-256", status=403)


def handshake(request: HttpRequest, verify_token: str) -> HttpResponse | None:
    """Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...
    answered with the challenge alone; anything else that is a GET is refused."""
    if request.method != "GET":
        return None
    mode = request.GET.get("hub.mode", "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if (
        mode != "subscribe"
        or not verify_token
        or not hmac.compare_digest(token.encode(), verify_token.encode())
        or not _CHALLENGE.fullmatch(challenge)
    ):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    return HttpResponse(challenge, content_type="text/plain")


def body_json(request: HttpRequest, expected_object: str) -> dict[str, Any]:
    import json

    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookRejected("the body is not JSON", status=400) from exc
    if not isinstance(data, dict) or data.get("object") != expected_object:
        raise WebhookRejected(f"not a {expected_object} webhook", status=400)
    if not isinstance(data.get("entry"), list):
        raise WebhookRejected("no entry list", status=400)
    return data


def from_epoch(value: Any, *, millis: bool = False) -> dt.datetime:
    try:
        seconds = float(value) / (1000 if millis else 1)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise WebhookRejected("a timestamp is not a number", status=400) from exc


def is_stale(at: dt.datetime, now: dt.datetime) -> bool:
    return at < now - STALE_AFTER or at > now + FUTURE_SLACK


def dicts(value: Any) -> list[dict[str, Any]]:
    """The dicts of a JSON list (anything else in it, or a missing list, is skipped)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def api_base(credentials: Mapping[str, str]) -> str:
    return (credentials.get("api_base") or DEFAULT_API_BASE).rstrip("/")


# --- The Graph API's answers -----------------------------------------------------------------------


@dataclass(frozen=True)
class GraphError:
    http_status: int
    code: int | None
    subcode: int | None
    message: str
    details: str

    def describe(self) -> str:
        text = self.details or self.message or f"HTTP {self.http_status}"
        return f"{text} (code {self.code})" if self.code is not None else text


def graph_error(response: httpx.Response) -> GraphError:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    if not isinstance(error, dict):
        error = {}
    data = error.get("error_data") if isinstance(error.get("error_data"), dict) else {}

    def _int(value: Any) -> int | None:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    return GraphError(
        http_status=response.status_code,
        code=_int(error.get("code")),
        subcode=_int(error.get("error_subcode")),
        message=str(error.get("message") or "")[:300],
        details=str((data or {}).get("details") or "")[:300],
    )


# Codes the Graph API documents as "try again later": throttling, temporary failures.
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613, 1200, 80007, 130429, 131000, 131016, 131056, 133004})


def retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def request(
    client: httpx.Client, method: str, url: str, *, access_token: str, **kwargs: Any
) -> httpx.Response:
    """One Graph API call: a timeout or a dropped connection is transient, as the outbox expects."""
    headers = {"Authorization": f"Bearer {access_token}", **kwargs.pop("headers", {})}
    try:
        return client.request(method, url, headers=headers, **kwargs)
    except httpx.TimeoutException as exc:
        raise TransientSendError(f"timed out: {exc.__class__.__name__}") from exc
    except httpx.TransportError as exc:
        raise TransientSendError(f"could not reach the API: {exc.__class__.__name__}") from exc


def raise_for_error(response: httpx.Response, permanent: Mapping[int, str] | None = None) -> None:
    """Transient for throttling, 5xx and the codes Meta says to retry; permanent otherwise, with the
    reason `permanent` gives for a code (the agent reads it on the ticket)."""
    if response.is_success:
        return
    error = graph_error(response)
    if permanent and error.code is not None and error.code in permanent:
        raise PermanentSendError(permanent[error.code])
    if (
        response.status_code == 429
        or response.status_code >= 500
        or error.code in TRANSIENT_CODES
        or error.subcode in TRANSIENT_CODES
    ):
        raise TransientSendError(error.describe(), retry_after=retry_after(response))
    if error.code == 190 or response.status_code == 401:
        raise PermanentSendError(
            "The channel account's access token was refused; an admin must enter a new one."
        )
    raise PermanentSendError(error.describe())


def download(
    client: httpx.Client,
    url: str,
    *,
    limit: int,
    headers: Mapping[str, str] | None = None,
    allowed_http_base: str = "",
) -> tuple[str, bytes]:
    """(content type, bytes) of `url`, refusing more than `limit` bytes without reading it all. Only
    https, or http on the configured API's own host (the local fake), is fetched."""
    parts = urlsplit(url)
    base = urlsplit(allowed_http_base)
    if parts.scheme != "https" and not (
        parts.scheme == "http" and base.scheme == "http" and parts.netloc == base.netloc
    ):
        raise PermanentSendError("the file's address is not https")
    try:
        with client.stream("GET", url, headers=dict(headers or {})) as response:
            if response.status_code == 404:
                raise PermanentSendError("the file is no longer at the provider")
            if not response.is_success:
                raise TransientSendError(f"the file could not be fetched: HTTP {response.status_code}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise PermanentSendError(f"the file is larger than {limit} bytes")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise PermanentSendError(f"the file is larger than {limit} bytes")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            return content_type, b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise TransientSendError("timed out fetching the file") from exc
    except httpx.TransportError as exc:
        raise TransientSendError(f"could not fetch the file: {exc.__class__.__name__}") from exc


def window_closed_reason(channel: str, closed_at: dt.datetime, hint: str) -> str:
    stamp = closed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{channel} refuses a free-text reply more than 24 hours after the customer's last message "
        f"(the window closed at {stamp}). {hint}"
    )


def split_text(text: str, limit: int) -> list[str]:
    """Text cut into the provider's maximum message length, at a line or word break where one is near."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts
