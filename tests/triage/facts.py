"""Plain values of what the exchange and the chain say, for the diagnosis tests."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from exchange.types import AssetNetwork, DepositAddress, NetworkStatus, Transfer
from triage.chains.types import ChainAddress, ChainTx

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
HASH = "0x" + "ab" * 32
ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"
OTHER = "0x8617E340B3D01FA5F11F306F4090FD50E238070D"
USDT_ETH = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
USDT_BSC = "0x55d398326f99059fF775485246999027B3197955"
BRIDGED = "0x9702230A8Ea53601f5cD2dc00fDBc13d4dF4A8c7"
XRP_ADDRESS = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"


def transfer(**fields: Any) -> Transfer:
    base = Transfer(
        id="T-1",
        direction="deposit",
        asset="USDT",
        network="ethereum",
        amount=Decimal("250"),
        address=ADDRESS,
        memo="",
        tx_hash=HASH,
        status="confirming",
        confirmations=3,
        required_confirmations=12,
        created_at=NOW,
        updated_at=NOW,
        completed_at=None,
    )
    return replace(base, **fields)


def chain_tx(**fields: Any) -> ChainTx:
    base = ChainTx(
        network="ethereum",
        tx_hash=HASH,
        found=True,
        status="confirmed",
        confirmations=40,
        block_time=NOW,
        from_address=OTHER,
        to_address=ADDRESS,
        to_is_contract=False,
        asset="USDT",
        token_contract=USDT_ETH,
        amount=Decimal("250"),
        memo="",
        gas_price_gwei=None,
        base_fee_gwei=None,
        explorer_url="https://etherscan.io/tx/" + HASH,
    )
    return replace(base, **fields)


def rule(**fields: Any) -> AssetNetwork:
    base = AssetNetwork(
        asset="USDT",
        network="ethereum",
        contract_address=USDT_ETH,
        memo_required=False,
        min_deposit=Decimal("10"),
        min_withdrawal=Decimal("20"),
        confirmations_required=12,
        deposits_enabled=True,
        withdrawals_enabled=True,
    )
    return replace(base, **fields)


def deposit_address(**fields: Any) -> DepositAddress:
    return replace(DepositAddress(asset="USDT", network="ethereum", address=ADDRESS, memo=""), **fields)


def network_status(**fields: Any) -> NetworkStatus:
    base = NetworkStatus(
        network="ethereum",
        congested=False,
        deposits_suspended=False,
        withdrawals_suspended=False,
        message="",
        updated_at=NOW,
    )
    return replace(base, **fields)


def chain_address(**fields: Any) -> ChainAddress:
    return replace(
        ChainAddress(network="ethereum", address=OTHER, is_contract=False, explorer_url=""), **fields
    )
