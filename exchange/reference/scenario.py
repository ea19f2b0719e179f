"""Building the reference exchange's state: the seed and the tests call these to set up a scenario.

Every helper writes straight to the reference exchange's own tables (it is the exchange's backend, not
the helpdesk) and is idempotent where a natural key exists, so a scenario can be built up step by step.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from exchange.reference.addresses import address_for, tx_hash_for
from exchange.reference.models import (
    Account,
    AssetNetwork,
    DepositAddress,
    Fault,
    NetworkStatus,
    SecurityEvent,
    Transfer,
    VerifiedIdentity,
)
from exchange.types import identity_normalise

NETWORKS = (
    "ethereum",
    "bsc",
    "polygon",
    "arbitrum",
    "optimism",
    "base",
    "avalanche",
    "bitcoin",
    "tron",
    "solana",
    "xrp",
    "ton",
)
# Networks whose deposits go to one exchange address and are told apart by the customer's memo/tag.
SHARED_ADDRESS_NETWORKS = ("xrp", "ton")


@dataclass(frozen=True)
class AssetRule:
    asset: str
    network: str
    contract_address: str
    min_deposit: str
    min_withdrawal: str
    confirmations: int
    memo_required: bool = False


# What the reference exchange supports, with rules as real exchanges publish them. Bridged variants
# (USDC.e on Polygon, for one) are deliberately absent: a deposit of one is an unsupported token.
CATALOGUE: tuple[AssetRule, ...] = (
    AssetRule("BTC", "bitcoin", "", "0.0001", "0.0005", 3),
    AssetRule("ETH", "ethereum", "", "0.001", "0.005", 12),
    AssetRule("ETH", "arbitrum", "", "0.001", "0.002", 20),
    AssetRule("ETH", "optimism", "", "0.001", "0.002", 20),
    AssetRule("ETH", "base", "", "0.001", "0.002", 20),
    AssetRule("USDT", "ethereum", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "10", "20", 12),
    AssetRule("USDT", "tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "1", "10", 19),
    AssetRule("USDT", "bsc", "0x55d398326f99059fF775485246999027B3197955", "1", "10", 15),
    AssetRule("USDT", "polygon", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F", "1", "10", 128),
    AssetRule("USDT", "solana", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", "1", "10", 1),
    AssetRule(
        "USDT", "ton", "EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs", "1", "10", 1, memo_required=True
    ),
    AssetRule("USDC", "ethereum", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "10", "20", 12),
    AssetRule("USDC", "arbitrum", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "1", "5", 20),
    AssetRule("USDC", "base", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "1", "5", 20),
    AssetRule("USDC", "solana", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "1", "5", 1),
    AssetRule("DAI", "ethereum", "0x6B175474E89094C44Da98b954EedeAC495271d0F", "10", "20", 12),
    AssetRule("BNB", "bsc", "", "0.01", "0.02", 15),
    AssetRule("POL", "polygon", "", "1", "2", 128),
    AssetRule("ARB", "arbitrum", "0x912CE59144191C1204E64559FE8253a0e49E6548", "1", "5", 20),
    AssetRule("OP", "optimism", "0x4200000000000000000000000000000000000042", "1", "5", 20),
    AssetRule("AVAX", "avalanche", "", "0.1", "0.2", 12),
    AssetRule("TRX", "tron", "", "10", "20", 19),
    AssetRule("SOL", "solana", "", "0.01", "0.05", 1),
    AssetRule("XRP", "xrp", "", "1", "20", 1, memo_required=True),
    AssetRule("TON", "ton", "", "0.5", "1", 1, memo_required=True),
)


def normalise_tx_hash(tx_hash: str) -> str:
    """Hex hashes compare case-insensitively (EVM, Bitcoin, Tron, TON, XRP); base58 (Solana) as is."""
    value = tx_hash.strip()
    if re.fullmatch(r"(0x)?[0-9a-fA-F]{64}", value):
        return value.lower()
    return value


def _account(account: Account | str) -> Account:
    return account if isinstance(account, Account) else Account.objects.get(external_id=account)


def add_account(
    external_id: str,
    *,
    email: str = "",
    vip_level: str = "standard",
    kyc_level: int = 2,
    flags: tuple[str, ...] | list[str] = (),
    withdrawals_locked: bool = False,
    lock_reason: str = "",
) -> Account:
    """The account, created or brought to exactly these values."""
    flags = list(flags)
    if withdrawals_locked and "withdrawals_locked" not in flags:
        flags.append("withdrawals_locked")
    account, _ = Account.objects.update_or_create(
        external_id=external_id,
        defaults={
            "email": email,
            "vip_level": vip_level,
            "kyc_level": kyc_level,
            "flags": flags,
            "withdrawals_locked": withdrawals_locked,
            "lock_reason": lock_reason,
        },
    )
    return account


def add_identity(account: Account | str, kind: str, value: str) -> VerifiedIdentity:
    """The account verified this phone number / messaging id in the app (moved to it if another had it)."""
    normalised = identity_normalise(kind, value)
    if not normalised:
        raise ValueError(f"not a {kind} identity: {value!r}")
    identity, _ = VerifiedIdentity.objects.update_or_create(
        kind=kind, value=normalised, defaults={"account": _account(account)}
    )
    return identity


def lock_withdrawals(account: Account | str, reason: str) -> Account:
    acc = _account(account)
    acc.withdrawals_locked = True
    acc.lock_reason = reason
    if "withdrawals_locked" not in acc.flags:
        acc.flags = [*acc.flags, "withdrawals_locked"]
    acc.save(update_fields=["withdrawals_locked", "lock_reason", "flags"])
    return acc


def add_asset_network(
    asset: str,
    network: str,
    *,
    contract_address: str = "",
    memo_required: bool = False,
    min_deposit: Decimal | str = "0",
    min_withdrawal: Decimal | str = "0",
    confirmations_required: int = 1,
    deposits_enabled: bool = True,
    withdrawals_enabled: bool = True,
) -> AssetNetwork:
    row, _ = AssetNetwork.objects.update_or_create(
        asset=asset,
        network=network,
        defaults={
            "contract_address": contract_address,
            "memo_required": memo_required,
            "min_deposit": Decimal(min_deposit),
            "min_withdrawal": Decimal(min_withdrawal),
            "confirmations_required": confirmations_required,
            "deposits_enabled": deposits_enabled,
            "withdrawals_enabled": withdrawals_enabled,
        },
    )
    return row


def ensure_catalogue() -> int:
    """The supported assets and networks, and a normal status for every network. Returns rows created."""
    created = 0
    for rule in CATALOGUE:
        _, was_created = AssetNetwork.objects.get_or_create(
            asset=rule.asset,
            network=rule.network,
            defaults={
                "contract_address": rule.contract_address,
                "memo_required": rule.memo_required,
                "min_deposit": Decimal(rule.min_deposit),
                "min_withdrawal": Decimal(rule.min_withdrawal),
                "confirmations_required": rule.confirmations,
            },
        )
        created += was_created
    for network in NETWORKS:
        _, was_created = NetworkStatus.objects.get_or_create(network=network)
        created += was_created
    return created


def required_confirmations(asset: str, network: str) -> int:
    rule = AssetNetwork.objects.filter(asset=asset, network=network).first()
    if rule is not None:
        return rule.confirmations_required
    known = next((r for r in CATALOGUE if r.network == network), None)
    return known.confirmations if known else 1


def set_network_status(
    network: str,
    *,
    congested: bool = False,
    deposits_suspended: bool = False,
    withdrawals_suspended: bool = False,
    message: str = "",
    at: datetime | None = None,
) -> NetworkStatus:
    row, _ = NetworkStatus.objects.update_or_create(
        network=network,
        defaults={
            "congested": congested,
            "deposits_suspended": deposits_suspended,
            "withdrawals_suspended": withdrawals_suspended,
            "message": message,
            "updated_at": at or timezone.now(),
        },
    )
    return row


def exchange_memo(external_id: str) -> str:
    """The numeric destination tag / memo the exchange issues a customer on a shared-address network."""
    digits = "".join(ch for ch in external_id if ch.isdigit()) or "0"
    return str(100_000_000 + int(digits[-8:]))


def add_deposit_address(
    account: Account | str, asset: str, network: str, *, address: str = "", memo: str | None = None
) -> DepositAddress:
    """The customer's deposit address for an asset on a network (generated, valid, when not given)."""
    acc = _account(account)
    if network in SHARED_ADDRESS_NETWORKS:
        address = address or address_for(network, "reference-exchange-hot-wallet")
        memo = exchange_memo(acc.external_id) if memo is None else memo
    else:
        # One address per network family account, as exchanges issue them (USDT and ETH share one on EVM).
        address = address or address_for(network, f"deposit:{acc.external_id}:{network}")
    row, _ = DepositAddress.objects.update_or_create(
        account=acc, asset=asset, network=network, defaults={"address": address, "memo": memo or ""}
    )
    return row


def add_transfer(
    account: Account | str,
    *,
    direction: str,
    asset: str,
    network: str,
    amount: Decimal | str | int,
    status: str,
    address: str = "",
    memo: str = "",
    tx_hash: str | None = None,
    confirmations: int | None = None,
    required: int | None = None,
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
    completed_at: datetime | None = None,
    public_id: str = "",
) -> Transfer:
    """A deposit or withdrawal. Unset values are what the status implies: a completed one has all its
    confirmations and a completion time; one not yet broadcast has no hash. With a ``public_id`` that
    exists already, the existing transfer is returned unchanged (the seed's idempotence)."""
    acc = _account(account)
    if public_id:
        existing = Transfer.objects.filter(public_id=public_id).first()
        if existing is not None:
            return existing
    now = timezone.now()
    created_at = created_at or now
    required = required_confirmations(asset, network) if required is None else required
    on_chain = status in ("broadcast", "confirming", "completed") or (direction == "deposit")
    if tx_hash is None:
        seed = public_id or f"{acc.external_id}:{asset}:{network}:{amount}:{created_at.isoformat()}"
        tx_hash = tx_hash_for(network, seed) if on_chain else ""
    if confirmations is None:
        confirmations = required if status == "completed" else 0
    if not address:
        if direction == "deposit":
            address = add_deposit_address(acc, asset, network).address
        else:
            address = address_for(network, f"withdrawal-destination:{acc.external_id}:{network}")
    if status == "completed" and completed_at is None:
        completed_at = updated_at or created_at
    return Transfer.objects.create(
        public_id=public_id or f"{direction[:3]}_{secrets.token_hex(8)}",
        account=acc,
        direction=direction,
        asset=asset,
        network=network,
        amount=Decimal(amount),
        address=address,
        memo=memo,
        tx_hash=normalise_tx_hash(tx_hash),
        status=status,
        confirmations=confirmations,
        required_confirmations=required,
        created_at=created_at,
        updated_at=updated_at or completed_at or created_at,
        completed_at=completed_at,
    )


def add_security_event(
    account: Account | str, kind: str, *, at: datetime | None = None, detail: str = ""
) -> SecurityEvent:
    acc = _account(account)
    at = at or timezone.now()
    row, _ = SecurityEvent.objects.get_or_create(account=acc, kind=kind, at=at, defaults={"detail": detail})
    return row


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)


def set_fault(mode: str, *, times: int = 1, delay_seconds: float = 0) -> Fault:
    """The API misbehaves this way (Fault.Mode) for the next ``times`` signed requests."""
    if mode not in Fault.Mode.values:
        raise ValueError(f"Unknown fault {mode!r}; one of {', '.join(Fault.Mode.values)}.")
    return Fault.objects.create(mode=mode, remaining=times, delay_seconds=delay_seconds)


def clear_faults() -> None:
    Fault.objects.all().delete()
