"""Who is on the other end of the widget.

Two kinds of token. The identity token is made by the exchange's backend for its logged-in user
(HMAC-SHA256 with the shared secret, as docs/livechat-protocol.md describes) and read once, when the
chat starts. The conversation token is made here, names one conversation, and is the only thing that
lets a visitor read or write it.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from customers.models import KycStatus, VipLevel
from helpdesk.errors import DomainError
from helpdesk.parsing import text_problem

MAX_TOKEN_LIFETIME = 24 * 3600
MAX_TOKEN_LENGTH = 4096
CONVERSATION_SALT = "livechat.conversation"
ATTACHMENT_SALT = "livechat.attachment"
ANONYMOUS_PREFIX = "anon-"
# The claims the helpdesk copies onto its customer record; anything else in the payload is ignored.
CLAIMS = ("name", "email", "vip_level", "language", "kyc_status")
# `vip_level` may also come as the exchange's tier number.
VIP_NUMBERS = {
    0: VipLevel.STANDARD.value,
    1: VipLevel.VIP1.value,
    2: VipLevel.VIP2.value,
    3: VipLevel.VIP3.value,
}


@dataclass(frozen=True)
class Identity:
    sub: str
    claims: dict[str, str]
    expires_at: int


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, secret: str) -> str:
    return hmac.new(secret.encode(), payload.encode("ascii"), hashlib.sha256).hexdigest()


def identity_sign(claims: dict[str, Any], *, secret: str | None = None) -> str:
    """What the exchange's backend does; here for tests, benchmarks and as the reference."""
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{payload}.{_signature(payload, secret or settings.LIVECHAT_IDENTITY_SECRET)}"


def identity_verify(token: str, *, now: float | None = None) -> Identity:
    """The signed user, or DomainError(code="forbidden") if the token is forged, expired or malformed."""
    refused = DomainError(
        _("The sign-in token is not valid. Reload the page and try again."), code="forbidden"
    )
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise refused
    payload, signature = token.split(".")
    try:
        payload.encode("ascii")
    except UnicodeEncodeError:
        raise refused from None
    expected = _signature(payload, settings.LIVECHAT_IDENTITY_SECRET)
    if not hmac.compare_digest(expected, signature.lower()):
        raise refused
    try:
        data = json.loads(_b64decode(payload))
    except (binascii.Error, ValueError):
        raise refused from None
    if not isinstance(data, dict):
        raise refused
    now = time.time() if now is None else now
    exp = data.get("exp")
    # A signed token is short-lived: one that has expired, or claims to live past a day, is refused.
    if not isinstance(exp, int) or isinstance(exp, bool) or exp <= now or exp > now + MAX_TOKEN_LIFETIME:
        raise refused
    sub = data.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > 64 or sub.startswith(ANONYMOUS_PREFIX):
        raise refused
    claims = {}
    for name in CLAIMS:
        value = data.get(name)
        if value is None or value == "":
            continue
        if name == "vip_level" and isinstance(value, int) and not isinstance(value, bool):
            # Exchanges number their tiers; 0 is the standard tier, 1 to 3 the VIP tiers.
            value = VIP_NUMBERS.get(value, str(value))
        if not isinstance(value, str):
            raise DomainError(
                _("The sign-in token's %(claim)s claim must be text.") % {"claim": name}, code="invalid"
            )
        claims[name] = value
    return Identity(sub=sub, claims=check_claims(claims), expires_at=exp)


def check_claims(claims: dict[str, str]) -> dict[str, str]:
    """Name, email and language as a visitor or the exchange states them, within the record's limits;
    the exchange's VIP level and KYC status among the values the customer record knows. Anything else
    is DomainError(code="invalid") naming the claim."""
    checked = dict(claims)
    for name, value in checked.items():
        problem = text_problem(value)
        if problem:
            raise DomainError(f"{name}: {problem}", code="invalid")
    if "vip_level" in checked:
        level = checked["vip_level"].strip().lower()
        level = {str(number): name for number, name in VIP_NUMBERS.items()}.get(level, level)
        if level not in VipLevel.values:
            raise DomainError(
                _("vip_level must be one of %(values)s, or a tier number from 0 to 3.")
                % {"values": ", ".join(VipLevel.values)},
                code="invalid",
            )
        checked["vip_level"] = level
    if "kyc_status" in checked:
        status = checked["kyc_status"].strip().lower()
        if status not in KycStatus.values:
            raise DomainError(
                _("kyc_status must be one of %(values)s.") % {"values": ", ".join(KycStatus.values)},
                code="invalid",
            )
        checked["kyc_status"] = status
    if "name" in checked:
        checked["name"] = checked["name"].strip()[:200]
    if "email" in checked:
        checked["email"] = checked["email"].strip()
        try:
            validate_email(checked["email"])
        except ValidationError:
            raise DomainError(_("Enter a valid email address."), code="invalid") from None
    if "language" in checked:
        checked["language"] = language_code(checked["language"])
    return checked


def language_code(value: str) -> str:
    """One of the helpdesk's languages (`pt-BR` -> `pt-br`, `es-MX` -> `es`), else English."""
    code = (value or "").strip().lower().replace("_", "-")
    known = {c for c, _name in settings.LANGUAGES}
    if code in known:
        return code
    primary = code.split("-", 1)[0]
    return primary if primary in known else settings.LANGUAGE_CODE


# --- Conversation tokens --------------------------------------------------------------------------


def conversation_token(conversation_id: int) -> str:
    return signing.dumps(conversation_id, salt=CONVERSATION_SALT, compress=False)


def conversation_id_from_token(token: Any) -> int:
    """The conversation a token names; DomainError(code="forbidden") for anything tampered or stale."""
    refused = DomainError(_("This chat link is not valid any more."), code="forbidden")
    if not isinstance(token, str) or not token or len(token) > 200:
        raise refused
    try:
        value = signing.loads(token, salt=CONVERSATION_SALT, max_age=settings.LIVECHAT_TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise refused from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise refused
    return value


def conversation_token_expires_at(token: str) -> float:
    """When a conversation token, already checked by conversation_id_from_token, stops opening its chat
    (unix seconds): the time it was signed plus LIVECHAT_TOKEN_MAX_AGE_SECONDS."""
    signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
    return float(signed_at + settings.LIVECHAT_TOKEN_MAX_AGE_SECONDS)


def attachment_token(attachment_id: int, conversation_id: int) -> str:
    return signing.dumps([attachment_id, conversation_id], salt=ATTACHMENT_SALT)


def attachment_from_token(token: str) -> tuple[int, int]:
    """(attachment id, conversation id) of a visitor's download link."""
    try:
        value = signing.loads(token, salt=ATTACHMENT_SALT, max_age=settings.LIVECHAT_TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise DomainError(_("This link is not valid any more."), code="not_found") from None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise DomainError(_("This link is not valid any more."), code="not_found")
    return value[0], value[1]
