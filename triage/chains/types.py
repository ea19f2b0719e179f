"""What an on-chain look-up returns, whatever the chain: one shape for EVM, Bitcoin, Tron, Solana, XRPL, TON.

Addresses and hashes are kept as the chain writes them (EVM addresses EIP-55 checksummed, EVM hashes
lowercase 0x…). Empty strings mean "not known / not applicable"; `None` means "could not be told".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol

TxStatus = Literal["confirmed", "pending", "failed", "not_found"]
ExplorerKind = Literal["tx", "address"]

EVM_NETWORKS: tuple[str, ...] = ("ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche")
NETWORKS: tuple[str, ...] = (*EVM_NETWORKS, "bitcoin", "tron", "solana", "xrp", "ton")
FAMILY_OF: dict[str, str] = {
    **{network: "evm" for network in EVM_NETWORKS},
    "bitcoin": "bitcoin",
    "tron": "tron",
    "solana": "solana",
    "xrp": "xrp",
    "ton": "ton",
}
# The coin a plain (non-token) transfer moves on each network.
NATIVE_ASSET: dict[str, str] = {
    "ethereum": "ETH",
    "bsc": "BNB",
    "polygon": "POL",
    "arbitrum": "ETH",
    "optimism": "ETH",
    "base": "ETH",
    "avalanche": "AVAX",
    "bitcoin": "BTC",
    "tron": "TRX",
    "solana": "SOL",
    "xrp": "XRP",
    "ton": "TON",
}


class ChainUnavailable(Exception):
    """The node or explorer could not be reached, timed out, or answered something that is not its API.

    `message` is plain text fit to show an agent ("ethereum node did not answer within 5 s")."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ChainTx:
    """One transaction as the chain sees it.

    For a token transfer (ERC-20, TRC-20, SPL, jetton) `to_address` is the token's recipient, not the
    token contract the transaction called; `token_contract` names the contract (the mint on Solana) and
    `asset` its symbol as the contract reports it (a bridged variant has the same symbol and another
    contract). For a native transfer `token_contract` is "" and `asset` the network's coin.
    `to_is_contract` tells whether that recipient is a contract (None: not checked or not applicable).
    `confirmations` counts the including block (1 = just mined); None while pending or not found.
    `gas_price_gwei` is the max fee (EIP-1559) or gas price a transaction offers; `base_fee_gwei` the
    latest block's base fee, set only for a pending EVM transaction so a low bid can be seen.
    `memo` holds a destination tag (XRP), memo (TON, Solana memo program) or "" when there is none.
    `outputs` lists every (address, amount) a UTXO transaction pays (Bitcoin), so a deposit address
    can be matched whichever output it is; `to_address`/`amount` then name the first output that does
    not return to a sending address (the change). Empty for account-based chains.
    """

    network: str
    tx_hash: str
    found: bool
    status: TxStatus
    confirmations: int | None
    block_time: datetime | None
    from_address: str
    to_address: str
    to_is_contract: bool | None
    asset: str
    token_contract: str
    amount: Decimal | None
    memo: str
    gas_price_gwei: Decimal | None
    base_fee_gwei: Decimal | None
    explorer_url: str
    outputs: tuple[tuple[str, Decimal], ...] = ()

    @classmethod
    def not_found(cls, network: str, tx_hash: str, explorer_url: str) -> ChainTx:
        return cls(
            network=network,
            tx_hash=tx_hash,
            found=False,
            status="not_found",
            confirmations=None,
            block_time=None,
            from_address="",
            to_address="",
            to_is_contract=None,
            asset="",
            token_contract="",
            amount=None,
            memo="",
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=explorer_url,
        )


@dataclass(frozen=True)
class ChainAddress:
    network: str
    address: str
    is_contract: bool | None
    explorer_url: str


class ChainAdapter(Protocol):
    """A client of one network's node or explorer API. Both calls raise ChainUnavailable, nothing else,
    when the remote side fails; an unknown hash is `ChainTx.not_found(...)`, not an error."""

    network: str

    def transaction(self, tx_hash: str) -> ChainTx: ...

    def address(self, address: str) -> ChainAddress: ...
