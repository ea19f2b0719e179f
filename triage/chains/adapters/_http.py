"""JSON over HTTP for the explorer-style adapters: timeouts; every failure is ChainUnavailable."""

from __future__ import annotations

from typing import Any

import httpx

from triage.chains.types import ChainUnavailable


class NotFound(Exception):
    """The API answered that it does not know the id (HTTP 404)."""


class JsonApi:
    def __init__(self, network: str, base_url: str, *, timeout: float) -> None:
        self.network = network
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _send(self, method: str, path: str, body: Any = None) -> httpx.Response:
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
                response = (
                    client.request(method, url, json=body)
                    if body is not None
                    else client.request(method, url)
                )
        except httpx.TimeoutException:
            raise ChainUnavailable(
                f"The {self.network} API did not answer within {self.timeout:g} s."
            ) from None
        except httpx.HTTPError as exc:
            raise ChainUnavailable(
                f"The {self.network} API cannot be reached ({type(exc).__name__})."
            ) from None
        if response.status_code == 404:
            raise NotFound(path)
        if response.status_code == 429:
            raise ChainUnavailable(f"The {self.network} API is rate-limiting the helpdesk (HTTP 429).")
        if response.status_code >= 400 and response.status_code != 400:
            raise ChainUnavailable(f"The {self.network} API answered HTTP {response.status_code}.")
        return response

    def json(self, method: str, path: str, body: Any = None) -> Any:
        """The decoded JSON answer; raises NotFound on 404, ChainUnavailable on anything else amiss."""
        response = self._send(method, path, body)
        if response.status_code == 400:
            raise NotFound(path)
        try:
            return response.json()
        except ValueError:
            raise ChainUnavailable(f"The {self.network} API answered something that is not JSON.") from None

    def text(self, path: str) -> str:
        response = self._send("GET", path)
        if response.status_code == 400:
            raise NotFound(path)
        return response.text

    def rpc(self, method: str, params: Any) -> Any:
        """A JSON-RPC 2.0 call at the base URL; the `result`, or ChainUnavailable for an error answer."""
        answer = self.json("POST", "", {"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        if not isinstance(answer, dict) or ("result" not in answer and "error" not in answer):
            raise ChainUnavailable(f"The {self.network} node answered something that is not JSON-RPC.")
        if answer.get("error"):
            error = answer["error"]
            message = error.get("message", "") if isinstance(error, dict) else str(error)
            raise ChainUnavailable(f"The {self.network} node refused {method}: {message}"[:300])
        return answer["result"]


def malformed(network: str, what: str) -> ChainUnavailable:
    return ChainUnavailable(f"The {network} API answered an unexpected shape ({what}).")
