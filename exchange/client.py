"""The helpdesk's one client of the exchange's API (the contract: docs/exchange-api.yaml).

Reads return ``Fetched`` values and never raise for an exchange that is down, slow or answering nonsense:
they retry idempotent requests on timeouts and 5xx with backoff, stop calling a failing exchange for a
while (a circuit breaker whose state lives in the Django cache, so the web and worker processes share
it), and fall back to the last good answer, labelled stale with its age. Actions are signed like reads,
carry an idempotency key and are sent exactly once; a caller that did not get an answer may send the same
action again with the same key, and the exchange applies it at most once.

Every request is signed: HMAC-SHA256 over the method, path, sorted query, timestamp, nonce and the body's
SHA-256, with the key id, timestamp and nonce in headers (see ``canonical_request``).
"""

import hashlib
import hmac
import json
import logging
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote, unquote, urlencode

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from exchange.errors import ExchangeActionError, ExchangeError, MalformedResponse
from exchange.parsing import (
    items_of,
    optional_transfer,
    parse_account,
    parse_action_result,
    parse_asset_network,
    parse_deposit_address,
    parse_identity_owner,
    parse_network_status,
    parse_security_event,
    parse_transfer,
    reported,
)
from exchange.types import (
    IDENTITY_KINDS,
    AccountState,
    ActionResult,
    AssetNetwork,
    DepositAddress,
    Fetched,
    NetworkStatus,
    SecurityEvent,
    Transfer,
    identity_normalise,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

KEY_ID_HEADER = "X-Exchange-Key-Id"
TIMESTAMP_HEADER = "X-Exchange-Timestamp"
NONCE_HEADER = "X-Exchange-Nonce"
SIGNATURE_HEADER = "X-Exchange-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# Who stands behind an action: the maker and one or two checkers.
MAX_APPROVER_IDS = 3
# A signed request is good for this long either side of the server's clock; within it, each nonce once.
MAX_CLOCK_SKEW_SECONDS = 300

# How long an answer counts as fresh (seconds); older ones are refetched, and served labelled stale only
# when the refetch fails. Network status and transfers move fastest.
FRESH_FOR: dict[str, int] = {
    "account": 30,
    "transfers": 15,
    "transfer_by_tx_hash": 15,
    "deposit_addresses": 60,
    "assets": 60,
    "network_status": 15,
    "security_events": 30,
    # Briefly: a number a customer has just verified in the app vouches for them within seconds.
    "identity_owner": 30,
}
# The last good answer is kept this long to be shown, stale, while the exchange is away.
KEEP_LAST_GOOD_SECONDS = 24 * 3600
CACHE_PREFIX = "exchange:v1"
NOT_CONFIGURED = (
    "The exchange connector is not configured: "
    "set EXCHANGE_API_URL, EXCHANGE_API_KEY_ID and EXCHANGE_API_SECRET."
)

__all__ = [
    "ExchangeActionError",
    "ExchangeClient",
    "ExchangeError",
    "MalformedResponse",
    "clear_exchange_cache",
    "exchange_client",
]


# --- Signing (shared with the reference exchange, which checks what this produces) ---------------------


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(sorted((str(k), str(v)) for k, v in pairs), quote_via=quote)


def canonical_request(
    *, method: str, path: str, query: str, timestamp: str, nonce: str, body: bytes
) -> bytes:
    """The bytes a signature covers. ``path`` is percent-decoded, ``query`` from ``canonical_query``."""
    return "\n".join(
        [method.upper(), unquote(path), query, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    ).encode()


def sign(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


# --- Circuit breaker --------------------------------------------------------------------------------------


class CircuitBreaker:
    """Closed → open after ``threshold`` consecutive failures → half-open after ``cooldown`` seconds, when
    one caller (whichever process wins the cache's add) probes; its success closes, its failure reopens.

    The state is in the Django cache so every web and worker process sees the same breaker."""

    def __init__(self, *, threshold: int, cooldown: float, prefix: str = f"{CACHE_PREFIX}:breaker") -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self.failures_key = f"{prefix}:failures"
        self.opened_key = f"{prefix}:opened_at"
        self.probe_key = f"{prefix}:probe"

    def state(self) -> Literal["closed", "open", "half_open"]:
        opened_at = _quietly(None, lambda: cache.get(self.opened_key))
        if opened_at is None:
            return "closed"
        return "half_open" if time.time() - float(opened_at) >= self.cooldown else "open"

    def allow(self) -> bool:
        state = self.state()
        if state == "closed":
            return True
        if state == "open":
            return False
        # Half-open: one probe at a time, across processes.
        return bool(_quietly(True, lambda: cache.add(self.probe_key, 1, timeout=max(1, int(self.cooldown)))))

    def record_success(self) -> None:
        _quietly(None, lambda: cache.delete_many([self.failures_key, self.opened_key, self.probe_key]))

    def record_failure(self) -> None:
        _quietly(None, self._record_failure)

    def _record_failure(self) -> None:
        if cache.get(self.opened_key) is not None:
            # A failed probe: open again for a full cool-down.
            cache.set(self.opened_key, time.time(), timeout=None)
            cache.delete(self.probe_key)
            return
        cache.add(self.failures_key, 0, timeout=None)
        try:
            failures = cache.incr(self.failures_key)
        except ValueError:  # evicted between add and incr
            cache.set(self.failures_key, 1, timeout=None)
            failures = 1
        if failures >= self.threshold:
            cache.set(self.opened_key, time.time(), timeout=None)

    def reset(self) -> None:
        self.record_success()

    def retry_in(self) -> int:
        opened_at = _quietly(None, lambda: cache.get(self.opened_key))
        if opened_at is None:
            return 0
        return max(0, int(self.cooldown - (time.time() - float(opened_at))))


# --- The client ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientConfig:
    base_url: str
    key_id: str
    secret: str
    connect_timeout: float = 2.0
    read_timeout: float = 5.0
    retries: int = 2
    backoff: float = 0.2
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.key_id and self.secret)

    @classmethod
    def from_settings(cls) -> "ClientConfig":
        return cls(
            base_url=str(settings.EXCHANGE_API_URL).rstrip("/"),
            key_id=str(settings.EXCHANGE_API_KEY_ID),
            secret=str(settings.EXCHANGE_API_SECRET),
            connect_timeout=float(getattr(settings, "EXCHANGE_CONNECT_TIMEOUT", 2.0)),
            read_timeout=float(getattr(settings, "EXCHANGE_READ_TIMEOUT", 5.0)),
            retries=int(getattr(settings, "EXCHANGE_RETRIES", 2)),
            backoff=float(getattr(settings, "EXCHANGE_RETRY_BACKOFF", 0.2)),
            breaker_threshold=int(getattr(settings, "EXCHANGE_BREAKER_THRESHOLD", 5)),
            breaker_cooldown=float(getattr(settings, "EXCHANGE_BREAKER_COOLDOWN", 30.0)),
        )


class ExchangeClient:
    def __init__(self, config: ClientConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self.breaker = CircuitBreaker(threshold=config.breaker_threshold, cooldown=config.breaker_cooldown)
        self._http = httpx.Client(
            base_url=config.base_url,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "cryptodesk-exchange-client/1"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    # --- reads ---

    def account(self, external_id: str) -> Fetched[AccountState]:
        return self._read("account", f"/accounts/{_seg(external_id)}", {}, parse_account)

    def transfers(self, external_id: str, limit: int = 20) -> Fetched[tuple[Transfer, ...]]:
        return self._read(
            "transfers",
            f"/accounts/{_seg(external_id)}/transfers",
            {"limit": str(max(1, min(int(limit), 100)))},
            items_of("transfers", parse_transfer),
        )

    def transfer_by_tx_hash(self, external_id: str, tx_hash: str) -> Fetched[Transfer | None]:
        """value None with no error: the exchange answered and holds no such transfer for this customer."""
        return self._read(
            "transfer_by_tx_hash",
            f"/accounts/{_seg(external_id)}/transfers/by-hash/{_seg(tx_hash)}",
            {},
            optional_transfer,
        )

    def deposit_addresses(self, external_id: str) -> Fetched[tuple[DepositAddress, ...]]:
        return self._read(
            "deposit_addresses",
            f"/accounts/{_seg(external_id)}/deposit-addresses",
            {},
            items_of("deposit_addresses", parse_deposit_address),
        )

    def assets(self) -> Fetched[tuple[AssetNetwork, ...]]:
        return self._read("assets", "/assets", {}, items_of("assets", parse_asset_network))

    def network_status(self) -> Fetched[tuple[NetworkStatus, ...]]:
        return self._read(
            "network_status", "/networks/status", {}, items_of("networks", parse_network_status)
        )

    def security_events(self, external_id: str, limit: int = 20) -> Fetched[tuple[SecurityEvent, ...]]:
        return self._read(
            "security_events",
            f"/accounts/{_seg(external_id)}/security-events",
            {"limit": str(max(1, min(int(limit), 100)))},
            items_of("security_events", parse_security_event),
        )

    def identity_owner(self, kind: str, value: str) -> Fetched[str | None]:
        """The exchange user id (external_id) of the account that verified this identity in the exchange's
        app: a phone number or WhatsApp number (E.164), a Telegram, Messenger (page-scoped) or X user id.

        value None with no error (``ok``): the exchange vouches for no account. Only an ``ok`` answer with
        a value vouches; a stale or failed read (the exchange down) must be taken as not vouched. An
        identity that cannot be one (a malformed number) is answered None without calling."""
        if kind not in IDENTITY_KINDS:
            raise ValueError(f"identity kind must be one of {', '.join(IDENTITY_KINDS)}")
        normalised = identity_normalise(kind, value)
        if not normalised:
            return Fetched(None, timezone.now())
        return self._read(
            "identity_owner",
            f"/identities/{_seg(kind)}/{_seg(normalised)}",
            {},
            parse_identity_owner,
        )

    # --- actions (two-person approval calls these; each is sent once, never retried here) ---

    def unlock_withdrawals(
        self, external_id: str, *, reason: str, approver_ids: tuple[str, ...], idempotency_key: str
    ) -> ActionResult:
        return self._action(external_id, "unlock-withdrawals", reason, approver_ids, idempotency_key, {})

    def reset_2fa(
        self, external_id: str, *, reason: str, approver_ids: tuple[str, ...], idempotency_key: str
    ) -> ActionResult:
        return self._action(external_id, "reset-2fa", reason, approver_ids, idempotency_key, {})

    def change_email(
        self,
        external_id: str,
        *,
        new_email: str,
        reason: str,
        approver_ids: tuple[str, ...],
        idempotency_key: str,
    ) -> ActionResult:
        return self._action(
            external_id, "change-email", reason, approver_ids, idempotency_key, {"new_email": new_email}
        )

    def revoke_api_keys(
        self, external_id: str, *, reason: str, approver_ids: tuple[str, ...], idempotency_key: str
    ) -> ActionResult:
        return self._action(external_id, "revoke-api-keys", reason, approver_ids, idempotency_key, {})

    def raise_withdrawal_limit(
        self,
        external_id: str,
        *,
        new_limit: str,
        currency: str,
        reason: str,
        approver_ids: tuple[str, ...],
        idempotency_key: str,
    ) -> ActionResult:
        """`new_limit` is a decimal string (amounts never travel as floats), `currency` a 3-letter code."""
        return self._action(
            external_id,
            "raise-withdrawal-limit",
            reason,
            approver_ids,
            idempotency_key,
            {"new_limit": new_limit, "currency": currency},
        )

    # --- machinery ---

    def _signed_headers(self, method: str, url: httpx.URL, body: bytes) -> dict[str, str]:
        timestamp = str(int(time.time()))
        nonce = secrets.token_hex(16)
        message = canonical_request(
            method=method,
            path=url.path,
            query=canonical_query(url.params.multi_items()),
            timestamp=timestamp,
            nonce=nonce,
            body=body,
        )
        return {
            KEY_ID_HEADER: self.config.key_id,
            TIMESTAMP_HEADER: timestamp,
            NONCE_HEADER: nonce,
            SIGNATURE_HEADER: sign(self.config.secret, message),
        }

    def _send(
        self, method: str, path: str, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> httpx.Response:
        request = self._http.build_request(method, path, params=dict(params), content=body or None)
        request.headers.update(headers)
        if body:
            request.headers["Content-Type"] = "application/json"
        request.headers.update(self._signed_headers(method, request.url, body))
        return self._http.send(request)

    def _get_json(self, path: str, params: Mapping[str, str]) -> Any:
        """One read with retries on timeouts, transport errors and 5xx; raises ExchangeError."""
        attempts = 1 + max(0, self.config.retries)
        last: ExchangeError | None = None
        for attempt in range(attempts):
            if attempt:
                # Exponential backoff with jitter, so processes retrying together do not stampede.
                time.sleep(self.config.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 2))
            try:
                response = self._send("GET", path, params, b"", {})
            except httpx.TimeoutException:
                last = ExchangeError("The exchange did not answer in time.")
                continue
            except httpx.TransportError as exc:
                last = ExchangeError(f"The exchange cannot be reached ({type(exc).__name__}).")
                continue
            if response.status_code >= 500:
                last = ExchangeError(
                    f"The exchange failed with HTTP {response.status_code}.", status=response.status_code
                )
                continue
            return _json_or_error(response)
        assert last is not None
        raise last

    def _read(
        self, endpoint: str, path: str, params: Mapping[str, str], parse: Callable[[Any], T]
    ) -> Fetched[T]:
        if not self.config.configured:
            return Fetched(None, None, error=NOT_CONFIGURED)
        parse = reported(parse)
        key = _cache_key(self.config, path, params)
        cached = _quietly(None, lambda: cache.get(key))
        now = time.time()
        if cached is not None and now - cached["at"] < FRESH_FOR[endpoint]:
            try:
                return Fetched(parse(cached["data"]), _from_ts(cached["at"]))
            except ExchangeError:
                _quietly(None, lambda: cache.delete(key))
                cached = None
        if not self.breaker.allow():
            wait = self.breaker.retry_in()
            error = f"The exchange is unavailable (not called again for {wait} s after repeated failures)."
            return _fallback(cached, parse, error)
        try:
            data = self._get_json(path, params)
            value = parse(data)
        except ExchangeError as exc:
            if exc.counts_as_outage:
                self.breaker.record_failure()
                logger.warning("exchange read %s failed: %s", endpoint, exc.message)
                return _fallback(cached, parse, exc.message)
            self.breaker.record_success()
            return Fetched(None, timezone.now(), error=exc.message)
        self.breaker.record_success()
        _quietly(None, lambda: cache.set(key, {"at": now, "data": data}, timeout=KEEP_LAST_GOOD_SECONDS))
        return Fetched(value, _from_ts(now))

    def _action(
        self,
        external_id: str,
        action: str,
        reason: str,
        approver_ids: tuple[str, ...],
        idempotency_key: str,
        extra: Mapping[str, str],
    ) -> ActionResult:
        if not self.config.configured:
            raise ExchangeActionError(NOT_CONFIGURED)
        if not idempotency_key:
            raise ValueError("An action needs an idempotency key.")
        # The maker and one or two checkers, each a different person.
        if not 2 <= len(approver_ids) <= MAX_APPROVER_IDS or len(set(approver_ids)) != len(approver_ids):
            raise ValueError("An action needs two different approvers (at most three people, all different).")
        body = json.dumps({"reason": reason, "approver_ids": list(approver_ids), **extra}).encode()
        path = f"/accounts/{_seg(external_id)}/actions/{action}"
        try:
            response = self._send("POST", path, {}, body, {IDEMPOTENCY_HEADER: idempotency_key})
        except httpx.TimeoutException:
            raise ExchangeActionError(
                "The exchange did not answer in time; the action may or may not have been applied.",
                outcome_unknown=True,
            ) from None
        except httpx.TransportError as exc:
            # A refused connection never reached the exchange; anything else may have.
            unknown = not isinstance(exc, httpx.ConnectError)
            raise ExchangeActionError(
                f"The exchange cannot be reached ({type(exc).__name__}).", outcome_unknown=unknown
            ) from None
        if response.status_code >= 500:
            raise ExchangeActionError(
                f"The exchange failed with HTTP {response.status_code}.",
                status=response.status_code,
                outcome_unknown=True,
            )
        try:
            return parse_action_result(_json_or_error(response))
        except ExchangeError as exc:
            raise ExchangeActionError(exc.message, status=exc.status) from None


def _quietly(default: Any, operation: Callable[[], Any]) -> Any:
    """The cache is an aid: when it fails, reads go on without it (no stale copy, the breaker closed)."""
    try:
        return operation()
    except Exception:
        logger.warning("exchange client: the cache failed", exc_info=True)
        return default


def _seg(value: str) -> str:
    """One path segment; an id can never climb out of its path."""
    return quote(str(value), safe="")


def _from_ts(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def _cache_key(config: ClientConfig, path: str, params: Mapping[str, str]) -> str:
    # Not keyed by the base URL: the exchange is one, wherever it is reached (a moved URL keeps its data).
    digest = hashlib.sha256(f"{config.key_id}:{path}?{canonical_query(params.items())}".encode()).hexdigest()
    return f"{CACHE_PREFIX}:resp:{digest[:40]}"


def _fallback(cached: Any, parse: Callable[[Any], T], error: str) -> Fetched[T]:
    if cached is not None:
        try:
            return Fetched(parse(cached["data"]), _from_ts(cached["at"]), stale=True, error=error)
        except ExchangeError:
            pass
    return Fetched(None, None, error=error)


def _problem_detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        return str(data.get("detail") or data.get("title") or "")[:300]
    return ""


def _json_or_error(response: httpx.Response) -> Any:
    status = response.status_code
    if status == 404:
        raise ExchangeError(
            _problem_detail(response) or "The exchange has no such record.",
            status=404,
            counts_as_outage=False,
        )
    if status in (400, 409, 422):
        raise ExchangeError(
            _problem_detail(response) or f"The exchange refused the request (HTTP {status}).",
            status=status,
            counts_as_outage=False,
        )
    if status != 200:
        detail = _problem_detail(response)
        raise ExchangeError(
            f"The exchange refused the request (HTTP {status})" + (f": {detail}" if detail else "."),
            status=status,
        )
    if "json" not in response.headers.get("content-type", ""):
        raise MalformedResponse("The exchange answered with something other than JSON.", status=status)
    try:
        return response.json()
    except ValueError:
        raise MalformedResponse("The exchange answered with malformed JSON.", status=status) from None


MAX_CLIENTS = 4
_clients: dict[ClientConfig, ExchangeClient] = {}
_clients_lock = threading.Lock()


def exchange_client() -> ExchangeClient:
    """The client for the current settings (one per configuration, shared by the threads of a process)."""
    config = ClientConfig.from_settings()
    with _clients_lock:
        client = _clients.get(config)
        if client is None:
            # Settings change only in tests; the oldest client is forgotten (not closed: a thread may be
            # using it), and its connections go with it.
            while len(_clients) >= MAX_CLIENTS:
                del _clients[next(iter(_clients))]
            client = _clients[config] = ExchangeClient(config)
        return client


def clear_exchange_cache() -> None:
    """Forget cached answers and the breaker's state (tests, and an operator after fixing the exchange)."""
    delete_pattern = getattr(cache, "delete_pattern", None)
    if callable(delete_pattern):
        delete_pattern(f"{CACHE_PREFIX}:*")
        return
    client_cache = getattr(cache, "_cache", None)
    if client_cache is not None and hasattr(cache, "clear") and not hasattr(client_cache, "get_client"):
        # LocMemCache: nothing else of importance shares it in a test process.
        cache.clear()
        return
    redis_client = getattr(client_cache, "get_client", None)
    if callable(redis_client):
        conn = redis_client(write=True)
        pattern = cache.make_key(f"{CACHE_PREFIX}:*")
        keys = list(conn.scan_iter(match=pattern))
        if keys:
            conn.delete(*keys)
        return
    cache.clear()
