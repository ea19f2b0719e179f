"""The reference exchange's check of a signed request, as docs/exchange-api.yaml specifies it."""

import hmac
import random
import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from exchange.client import (
    KEY_ID_HEADER,
    MAX_CLOCK_SKEW_SECONDS,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    canonical_query,
    canonical_request,
    sign,
)
from exchange.reference.models import SeenNonce

_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail


def _header(request: HttpRequest, name: str) -> str:
    return str(request.headers.get(name, "")).strip()


def verify_signed_request(request: HttpRequest) -> str:
    """The caller's key id when the request is signed with it, fresh and seen for the first time;
    raises Refused otherwise. The nonce is recorded only once the signature holds, so nobody can burn
    another caller's nonces."""
    key_id = _header(request, KEY_ID_HEADER)
    timestamp = _header(request, TIMESTAMP_HEADER)
    nonce = _header(request, NONCE_HEADER)
    signature = _header(request, SIGNATURE_HEADER).lower()
    if not (key_id and timestamp and nonce and signature):
        raise Refused(
            "unsigned",
            f"Sign the request: {KEY_ID_HEADER}, {TIMESTAMP_HEADER}, {NONCE_HEADER} and {SIGNATURE_HEADER}.",
        )
    if not settings.REFERENCE_EXCHANGE_SECRET:
        raise Refused("unknown-key", "The reference exchange has no secret configured.")
    if not hmac.compare_digest(key_id.encode(), settings.REFERENCE_EXCHANGE_KEY_ID.encode()):
        raise Refused("unknown-key", "Unknown key id.")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise Refused("stale-request", f"{TIMESTAMP_HEADER} must be Unix seconds.")
    if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        raise Refused("stale-request", f"The request is more than {MAX_CLOCK_SKEW_SECONDS} s old or ahead.")
    if not _NONCE.fullmatch(nonce):
        raise Refused("bad-signature", f"{NONCE_HEADER} must be 16 to 64 URL-safe characters.")
    message = canonical_request(
        method=request.method or "GET",
        path=request.path,
        query=canonical_query((k, v) for k, values in request.GET.lists() for v in values),
        timestamp=timestamp,
        nonce=nonce,
        body=request.body,
    )
    expected = sign(settings.REFERENCE_EXCHANGE_SECRET, message)
    if not _SIGNATURE.fullmatch(signature) or not hmac.compare_digest(expected, signature):
        raise Refused("bad-signature", "The signature does not match the request.")
    try:
        with transaction.atomic():
            SeenNonce.objects.create(key_id=key_id, nonce=nonce)
    except IntegrityError:
        raise Refused("replayed-request", "This request was already received.") from None
    if random.random() < 0.02:  # housekeeping, not security
        cutoff = timezone.now() - timedelta(seconds=2 * MAX_CLOCK_SKEW_SECONDS)
        SeenNonce.objects.filter(seen_at__lt=cutoff).delete()
    return key_id
