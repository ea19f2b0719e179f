"""The twilio library's REST requests through the outbox's httpx client (timeouts, one connection pool)
and to the channel account's `api_base`: Twilio itself, or the local fake in tests and the demo. Shared
by the SMS adapter (messaging/providers/sms.py) and the phone calls' (voice/provider.py)."""

from __future__ import annotations

import logging

import httpx
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

TWILIO_API = "https://api.twilio.com"

log = logging.getLogger(__name__)


class HttpxTwilioClient(HttpClient):
    """A `twilio.http.HttpClient` over httpx. Requests for api.twilio.com go to `api_base`; redirects
    are never followed (the request carries the account's credentials)."""

    def __init__(self, http: httpx.Client, api_base: str) -> None:
        super().__init__(logger=log, is_async=False, timeout=None)
        self.http = http
        self.api_base = api_base.rstrip("/")

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        if uri.startswith(TWILIO_API):
            uri = self.api_base + uri[len(TWILIO_API) :]
        response = self.http.request(
            method,
            uri,
            params=params,  # type: ignore[arg-type]
            data=data,
            headers=headers,
            auth=auth,
            follow_redirects=False,
            timeout=timeout if timeout else self.http.timeout,
        )
        return TwilioResponse(response.status_code, response.text, response.headers)
