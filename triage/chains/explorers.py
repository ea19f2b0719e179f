"""Links to a public block explorer per network; settings.TRIAGE_EXPLORERS overrides any of them."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings

from triage.chains.types import NETWORKS, ExplorerKind

# "{value}" is replaced by the URL-quoted hash or address.
DEFAULT_EXPLORERS: dict[str, dict[str, str]] = {
    "ethereum": {"tx": "https://etherscan.io/tx/{value}", "address": "https://etherscan.io/address/{value}"},
    "bsc": {"tx": "https://bscscan.com/tx/{value}", "address": "https://bscscan.com/address/{value}"},
    "polygon": {
        "tx": "https://polygonscan.com/tx/{value}",
        "address": "https://polygonscan.com/address/{value}",
    },
    "arbitrum": {"tx": "https://arbiscan.io/tx/{value}", "address": "https://arbiscan.io/address/{value}"},
    "optimism": {
        "tx": "https://optimistic.etherscan.io/tx/{value}",
        "address": "https://optimistic.etherscan.io/address/{value}",
    },
    "base": {"tx": "https://basescan.org/tx/{value}", "address": "https://basescan.org/address/{value}"},
    "avalanche": {"tx": "https://snowtrace.io/tx/{value}", "address": "https://snowtrace.io/address/{value}"},
    "bitcoin": {"tx": "https://mempool.space/tx/{value}", "address": "https://mempool.space/address/{value}"},
    "tron": {
        "tx": "https://tronscan.org/#/transaction/{value}",
        "address": "https://tronscan.org/#/address/{value}",
    },
    "solana": {"tx": "https://solscan.io/tx/{value}", "address": "https://solscan.io/account/{value}"},
    "xrp": {"tx": "https://xrpscan.com/tx/{value}", "address": "https://xrpscan.com/account/{value}"},
    "ton": {"tx": "https://tonviewer.com/transaction/{value}", "address": "https://tonviewer.com/{value}"},
}


def explorer_templates() -> dict[str, dict[str, str]]:
    """The defaults with settings.TRIAGE_EXPLORERS laid over them, per network and per kind."""
    merged = {network: dict(kinds) for network, kinds in DEFAULT_EXPLORERS.items()}
    for network, kinds in (getattr(settings, "TRIAGE_EXPLORERS", None) or {}).items():
        merged.setdefault(network, {}).update(kinds)
    return merged


def explorer_url(network: str, kind: ExplorerKind, value: str) -> str:
    """The explorer page of a transaction or an address; "" for a network without an explorer.

    The value is quoted whole: it comes from what a customer wrote, and must not be able to add a
    path, a query or a fragment to the link."""
    template = explorer_templates().get(network, {}).get(kind, "")
    if not template or not value:
        return ""
    return template.replace("{value}", quote(value, safe=""))


__all__ = ["DEFAULT_EXPLORERS", "NETWORKS", "explorer_templates", "explorer_url"]
