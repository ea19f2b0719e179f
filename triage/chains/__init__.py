"""On-chain look-ups: one adapter per network over the chain's own HTTP API (see types.py for the shapes).

    from triage.chains import adapter_for, explorer_url, ChainUnavailable
    tx = adapter_for("ethereum").transaction("0x…")      # ChainTx, or raises ChainUnavailable
    explorer_url("tron", "address", "T…")                 # "https://tronscan.org/#/address/T…"

Endpoints come from settings.CHAIN_ENDPOINTS, explorers from settings.TRIAGE_EXPLORERS.
"""

from triage.chains.adapters import adapter_for
from triage.chains.explorers import explorer_url
from triage.chains.types import (
    EVM_NETWORKS,
    FAMILY_OF,
    NATIVE_ASSET,
    NETWORKS,
    ChainAdapter,
    ChainAddress,
    ChainTx,
    ChainUnavailable,
    ExplorerKind,
    TxStatus,
)

__all__ = [
    "EVM_NETWORKS",
    "FAMILY_OF",
    "NATIVE_ASSET",
    "NETWORKS",
    "ChainAdapter",
    "ChainAddress",
    "ChainTx",
    "ChainUnavailable",
    "ExplorerKind",
    "TxStatus",
    "adapter_for",
    "explorer_url",
]
