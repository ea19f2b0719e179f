"""The reference exchange's demo state: an account for every demo customer, their deposit addresses, and
transfers and network states that show each case the helpdesk's triage knows (see SCENARIOS).

Running it again changes nothing: accounts, addresses and statuses are created once, transfers are keyed
by a stable id.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from exchange.reference.addresses import address_for
from exchange.reference.models import Account, NetworkStatus, SecurityEvent, Transfer, VerifiedIdentity
from exchange.reference.scenario import (
    NETWORKS,
    add_deposit_address,
    add_identity,
    add_security_event,
    add_transfer,
    ensure_catalogue,
)

KYC_LEVELS = {"none": 0, "rejected": 0, "pending": 1, "verified": 2}
# What the exchange's risk engine says about the locks the demo customers ask about.
LOCK_REASONS = {
    "EX-10013": "24-hour security hold after a password change",
    "EX-10018": "Suspected account takeover: email and 2FA changed from a new device",
    "EX-10007": "48-hour security hold after the primary email was changed",
}
# The deposit addresses every demo account has been issued.
STANDARD_DEPOSITS = (
    ("BTC", "bitcoin"),
    ("ETH", "ethereum"),
    ("USDT", "ethereum"),
    ("USDT", "tron"),
    ("USDC", "ethereum"),
    ("SOL", "solana"),
    ("XRP", "xrp"),
    ("TON", "ton"),
)
NETWORK_STATES: dict[str, dict[str, Any]] = {
    "bitcoin": {
        "congested": True,
        "message": "Mempool backlog: fees above 60 sat/vB. Withdrawals may take several hours to confirm.",
    },
    "solana": {
        "deposits_suspended": True,
        "message": "Solana deposits are paused during a node upgrade; they are credited once it completes.",
    },
    "avalanche": {
        "withdrawals_suspended": True,
        "message": "AVAX C-Chain withdrawals are paused for wallet maintenance.",
    },
}

# What some demo customers verified in the exchange's app: a contact writing from one of these is matched
# to the customer (the exchange vouches); the others' phone numbers stay unverified contacts.
VERIFIED_IDENTITIES: tuple[tuple[str, str, str], ...] = (
    ("EX-10001", "phone", "+447700900101"),
    ("EX-10001", "whatsapp", "+447700900101"),
    ("EX-10002", "telegram", "700000102"),
    ("EX-10002", "whatsapp", "+34600000102"),
    ("EX-10005", "x", "1500000000000000105"),
    ("EX-10009", "phone", "+919800000109"),
    ("EX-10009", "messenger", "7100000000000109"),
    ("EX-10018", "phone", "+13125550118"),
    ("EX-10018", "telegram", "700000118"),
    ("EX-10028", "phone", "+442079460128"),
)


@dataclass(frozen=True)
class Scenario:
    """One seeded case: the customer and the transfer's id and hash, for docs, demo tickets and tests."""

    name: str
    external_id: str
    public_id: str


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("deposit_waiting_for_confirmations", "EX-10029", "seed-eth-deposit-confirming"),
    Scenario("deposit_on_suspended_network", "EX-10009", "seed-sol-deposit-suspended"),
    Scenario("deposit_below_minimum", "EX-10011", "seed-usdt-bsc-below-minimum"),
    Scenario("deposit_over_wrong_network", "EX-10001", "seed-usdc-polygon-wrong-network"),
    Scenario("deposit_unsupported_token", "EX-10017", "seed-usdce-polygon-unsupported"),
    Scenario("deposit_missing_xrp_tag", "EX-10020", "seed-xrp-missing-tag"),
    Scenario("deposit_missing_ton_memo", "EX-10021", "seed-ton-missing-memo"),
    Scenario("withdrawal_in_review", "EX-10022", "seed-usdt-withdrawal-review"),
    Scenario("withdrawal_queued", "EX-10009", "seed-usdt-trc20-withdrawal-queued"),
    Scenario("withdrawal_broadcast_congested", "EX-10008", "seed-btc-withdrawal-broadcast"),
    Scenario("withdrawal_completed", "EX-10002", "seed-usdt-withdrawal-completed"),
    Scenario("withdrawal_to_contract", "EX-10026", "seed-eth-withdrawal-to-contract"),
)


def seed_reference_exchange() -> dict[str, int]:
    """Create the reference exchange's demo state; returns how many rows of each kind were created.

    Its accounts are the helpdesk's demo customers (demo_data.CUSTOMERS), by external id."""
    before = _counts()
    with transaction.atomic():
        ensure_catalogue()
        for network, state in NETWORK_STATES.items():
            NetworkStatus.objects.filter(network=network, message="").update(
                **state, updated_at=timezone.now()
            )
        for customer in demo_customers():
            _account(customer)
        _transfers()
        _security_events()
        for external_id, kind, value in VERIFIED_IDENTITIES:
            if not VerifiedIdentity.objects.filter(kind=kind, value=value).exists():
                add_identity(external_id, kind, value)
    after = _counts()
    return {kind: after[kind] - before[kind] for kind in after}


def demo_customers() -> tuple[Any, ...]:
    """The helpdesk's demo customers."""
    from workspace.management.demo_data import CUSTOMERS

    return tuple(CUSTOMERS)


def _counts() -> dict[str, int]:
    from exchange.reference.models import AssetNetwork, DepositAddress

    return {
        "accounts": Account.objects.count(),
        "assets": AssetNetwork.objects.count(),
        "networks": NetworkStatus.objects.count(),
        "deposit_addresses": DepositAddress.objects.count(),
        "transfers": Transfer.objects.count(),
        "security_events": SecurityEvent.objects.count(),
        "identities": VerifiedIdentity.objects.count(),
    }


def _account(customer: Any) -> None:
    flags = [str(f) for f in customer.account_flags]
    reason = LOCK_REASONS.get(customer.external_id, "")
    if reason and "withdrawals_locked" not in flags:
        flags.append("withdrawals_locked")
    locked = "withdrawals_locked" in flags
    kyc = KYC_LEVELS.get(str(customer.kyc_status), 0)
    if kyc == 2 and str(customer.vip_level) == "institutional":
        kyc = 3
    account, _ = Account.objects.get_or_create(
        external_id=customer.external_id,
        defaults={
            "email": customer.email,
            "vip_level": str(customer.vip_level),
            "kyc_level": kyc,
            "flags": flags,
            "withdrawals_locked": locked,
            "lock_reason": reason or ("Withdrawals locked by the risk team" if locked else ""),
        },
    )
    for asset, network in STANDARD_DEPOSITS:
        if not account.deposit_addresses.filter(asset=asset, network=network).exists():
            add_deposit_address(account, asset, network)


def _transfers() -> None:
    now = timezone.now()

    def at(**delta: float) -> Any:
        return now - timedelta(**delta)

    def deposit_address(external_id: str, asset: str, network: str) -> str:
        return add_deposit_address(external_id, asset, network).address

    # A deposit seen on chain, waiting for the exchange's confirmations.
    add_transfer(
        "EX-10029", public_id="seed-eth-deposit-confirming", direction="deposit", asset="ETH",
        network="ethereum", amount="1.75", status="confirming", confirmations=5, created_at=at(minutes=2),
    )  # fmt: skip
    # Confirmed on Solana, not credited: deposits on the network are suspended.
    add_transfer(
        "EX-10009", public_id="seed-sol-deposit-suspended", direction="deposit", asset="SOL",
        network="solana", amount="40", status="pending", confirmations=1, created_at=at(hours=2),
    )  # fmt: skip
    # Below the minimum deposit for USDT on BSC (1 USDT): never credited.
    add_transfer(
        "EX-10011", public_id="seed-usdt-bsc-below-minimum", direction="deposit", asset="USDT",
        network="bsc", amount="0.5", status="pending", confirmations=15, created_at=at(hours=5),
        address=add_deposit_address("EX-10011", "USDT", "bsc").address,
    )  # fmt: skip
    # USDC sent over Polygon to the address issued for Ethereum (the exchange does not take USDC on Polygon).
    add_transfer(
        "EX-10001", public_id="seed-usdc-polygon-wrong-network", direction="deposit", asset="USDC",
        network="polygon", amount="1200", status="pending", confirmations=128, required=128,
        address=deposit_address("EX-10001", "USDC", "ethereum"), created_at=at(hours=6),
    )  # fmt: skip
    # A bridged variant the exchange does not list.
    add_transfer(
        "EX-10017", public_id="seed-usdce-polygon-unsupported", direction="deposit", asset="USDC.E",
        network="polygon", amount="350", status="pending", confirmations=128, required=128,
        address=address_for("polygon", "deposit:EX-10017:ethereum"), created_at=at(days=1),
    )  # fmt: skip
    # XRP and TON to the exchange's shared address without the customer's tag or memo.
    add_transfer(
        "EX-10020", public_id="seed-xrp-missing-tag", direction="deposit", asset="XRP", network="xrp",
        amount="2500", status="pending", confirmations=1, memo="",
        address=deposit_address("EX-10020", "XRP", "xrp"), created_at=at(hours=20),
    )  # fmt: skip
    add_transfer(
        "EX-10021", public_id="seed-ton-missing-memo", direction="deposit", asset="TON", network="ton",
        amount="120", status="pending", confirmations=1, memo="",
        address=deposit_address("EX-10021", "TON", "ton"), created_at=at(hours=3),
    )  # fmt: skip
    # Withdrawals at each stage of the exchange's pipeline.
    add_transfer(
        "EX-10022", public_id="seed-usdt-withdrawal-review", direction="withdrawal", asset="USDT",
        network="tron", amount="8000", status="review", created_at=at(days=2),
    )  # fmt: skip
    add_transfer(
        "EX-10009", public_id="seed-usdt-trc20-withdrawal-queued", direction="withdrawal", asset="USDT",
        network="tron", amount="2500", status="queued", created_at=at(hours=3),
        address=address_for("tron", "binance-deposit:EX-10009"),
    )  # fmt: skip
    add_transfer(
        "EX-10008", public_id="seed-btc-withdrawal-broadcast", direction="withdrawal", asset="BTC",
        network="bitcoin", amount="45", status="broadcast", confirmations=0, created_at=at(hours=14),
    )  # fmt: skip
    add_transfer(
        "EX-10002", public_id="seed-usdt-withdrawal-completed", direction="withdrawal", asset="USDT",
        network="ethereum", amount="4000", status="completed", created_at=at(days=3, hours=2),
        completed_at=at(days=3),
    )  # fmt: skip
    # ETH withdrawn straight to the USDT token contract: confirmed, and lost to the customer.
    add_transfer(
        "EX-10026", public_id="seed-eth-withdrawal-to-contract", direction="withdrawal", asset="ETH",
        network="ethereum", amount="0.8", status="completed", created_at=at(days=1, hours=1),
        completed_at=at(days=1), address="0xdAC17F958D2ee523a2206206994597C13D831ec7",
    )  # fmt: skip
    # History, so the panel shows more than the case at hand.
    history = (
        ("EX-10001", "deposit", "USDT", "tron", "500", 20),
        ("EX-10001", "withdrawal", "BTC", "bitcoin", "0.05", 12),
        ("EX-10005", "deposit", "BTC", "bitcoin", "2.4", 4),
        ("EX-10009", "deposit", "USDT", "tron", "3000", 9),
        ("EX-10008", "deposit", "BTC", "bitcoin", "60", 30),
        ("EX-10015", "deposit", "ETH", "ethereum", "320", 40),
        ("EX-10018", "withdrawal", "USDT", "tron", "950", 6),
        ("EX-10028", "deposit", "USDC", "ethereum", "250000", 15),
    )
    for i, (external_id, direction, asset, network, amount, days) in enumerate(history):
        add_transfer(
            external_id, public_id=f"seed-history-{i + 1:02d}", direction=direction, asset=asset,
            network=network, amount=amount, status="completed", created_at=at(days=days, minutes=40),
            completed_at=at(days=days),
        )  # fmt: skip


def _security_events() -> None:
    now = timezone.now()
    events = (
        (
            "EX-10018",
            "new_device",
            timedelta(days=1, hours=3),
            "New device: Android 14, Lagos, NG",
        ),
        ("EX-10018", "new_ip", timedelta(days=1, hours=3), "New IP address 102.89.34.17 (Lagos, NG)"),
        (
            "EX-10018",
            "email_changed",
            timedelta(days=1, hours=2),
            "Email changed to e***@proton.example",
        ),
        ("EX-10018", "2fa_changed", timedelta(days=1, hours=2), "Authenticator app reset"),
        ("EX-10013", "password_changed", timedelta(hours=20), "Password changed from a known device"),
        ("EX-10007", "email_changed", timedelta(days=1), "Primary email changed from a known device"),
        ("EX-10001", "2fa_changed", timedelta(days=40), "Authenticator app enrolled"),
        ("EX-10016", "api_key_created", timedelta(hours=9), "Trading API key created with IP allow-list"),
        ("EX-10008", "new_device", timedelta(days=4), "Login from a new device: macOS, Dubai, AE"),
    )
    for external_id, kind, delta, detail in events:
        account = Account.objects.filter(external_id=external_id).first()
        if account is None or account.security_events.filter(kind=kind, detail=detail).exists():
            continue
        add_security_event(account, kind, at=now - delta, detail=detail)


__all__ = ["NETWORKS", "SCENARIOS", "Scenario", "seed_reference_exchange"]
