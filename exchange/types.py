"""What the exchange tells the helpdesk, as plain frozen values (the contract: docs/exchange-api.yaml).

Every read of the client returns a ``Fetched``: the value and when it was fetched, or the last good value
marked stale, or an error message. Callers never see an exception for an exchange that is down, slow or
answering nonsense.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Generic, Literal, TypeVar, get_args

from django.utils import timezone

TransferDirection = Literal["deposit", "withdrawal"]
# pending: a withdrawal not yet processed / a deposit seen but not credited; review: held for compliance;
# queued: a withdrawal in the exchange's send queue; completed: a deposit credited / a withdrawal confirmed.
TransferStatus = Literal[
    "pending", "review", "queued", "broadcast", "confirming", "completed", "failed", "rejected"
]
SecurityEventKind = Literal[
    "2fa_changed", "email_changed", "password_changed", "new_device", "new_ip", "api_key_created"
]

TRANSFER_DIRECTIONS: tuple[str, ...] = get_args(TransferDirection)
TRANSFER_STATUSES: tuple[str, ...] = get_args(TransferStatus)
SECURITY_EVENT_KINDS: tuple[str, ...] = get_args(SecurityEventKind)


@dataclass(frozen=True)
class AccountState:
    external_id: str
    vip_level: str  # customers.models.VipLevel values: standard, vip1, vip2, vip3, institutional
    kyc_level: int  # 0 none, 1 basic, 2 verified, 3 enhanced
    flags: tuple[str, ...]  # customers.models.AccountFlag values
    withdrawals_locked: bool
    lock_reason: str


@dataclass(frozen=True)
class Transfer:
    id: str
    direction: TransferDirection
    asset: str
    network: str
    amount: Decimal
    address: str  # the destination (a withdrawal) or the customer's deposit address (a deposit)
    memo: str  # destination tag / memo; "" when none
    tx_hash: str  # "" until broadcast
    status: TransferStatus
    confirmations: int
    required_confirmations: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class DepositAddress:
    asset: str
    network: str
    address: str
    memo: str


@dataclass(frozen=True)
class AssetNetwork:
    asset: str
    network: str
    contract_address: str  # "" for a network's native asset
    memo_required: bool
    min_deposit: Decimal
    min_withdrawal: Decimal
    confirmations_required: int
    deposits_enabled: bool
    withdrawals_enabled: bool


@dataclass(frozen=True)
class NetworkStatus:
    network: str
    congested: bool
    deposits_suspended: bool
    withdrawals_suspended: bool
    message: str
    updated_at: datetime


@dataclass(frozen=True)
class SecurityEvent:
    kind: SecurityEventKind
    at: datetime
    detail: str


@dataclass(frozen=True)
class ActionResult:
    """What the exchange answered to an action: its own id for it, and whether it was a replay."""

    action_id: str
    status: Literal["done", "accepted"]
    replayed: bool


# What a customer can verify in the exchange's app and the helpdesk can ask about (identity_owner).
IdentityKind = Literal["phone", "telegram", "whatsapp", "messenger", "x"]
IDENTITY_KINDS: tuple[str, ...] = ("phone", "telegram", "whatsapp", "messenger", "x")
# Phone numbers (phone, whatsapp) in E.164; the others are the platform's numeric user ids.
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_NUMERIC_ID = re.compile(r"^[0-9]{1,32}$")


def identity_normalise(kind: str, value: str) -> str:
    """The identity as the exchange stores it, or "" when it cannot be one: phone numbers in E.164
    (spaces, dots, dashes and brackets dropped, the + added to WhatsApp's bare wa_id), platform ids as
    their digits."""
    if kind not in IDENTITY_KINDS:
        return ""
    text = str(value).strip()
    if kind in ("phone", "whatsapp"):
        text = re.sub(r"[\s().-]", "", text)
        if text.startswith("00"):
            text = "+" + text[2:]
        elif not text.startswith("+"):
            text = "+" + text
        return text if _E164.match(text) else ""
    return text if _NUMERIC_ID.match(text) else ""


T = TypeVar("T")


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """One read's outcome: fresh (stale False, error ""), the last good value (stale True, error says why),
    or nothing (value None, error says why)."""

    value: T | None
    fetched_at: datetime | None
    stale: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        """A fresh answer (for transfer_by_tx_hash, value None then means "no such transfer")."""
        return self.fetched_at is not None and not self.stale and not self.error

    @property
    def age_seconds(self) -> int | None:
        if self.fetched_at is None:
            return None
        return max(0, int((timezone.now() - self.fetched_at).total_seconds()))
