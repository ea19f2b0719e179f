"""adapter_for(network): the client of that network's node or explorer API, from settings.CHAIN_ENDPOINTS."""

from __future__ import annotations

from django.conf import settings

from triage.chains.types import FAMILY_OF, ChainAdapter, ChainUnavailable


def endpoint_for(network: str) -> str:
    endpoint = (getattr(settings, "CHAIN_ENDPOINTS", None) or {}).get(network, "")
    if not endpoint:
        raise ChainUnavailable(f"No node or explorer API is configured for {network} (CHAIN_ENDPOINTS).")
    return str(endpoint)


def adapter_for(network: str) -> ChainAdapter:
    """A fresh adapter over the configured endpoint; raises ChainUnavailable for an unknown network or
    one without an endpoint. Cheap to build: callers may make one per look-up."""
    family = FAMILY_OF.get(network)
    if family is None:
        raise ChainUnavailable(f"{network!r} is not a network the helpdesk knows.")
    endpoint = endpoint_for(network)
    timeout = float(getattr(settings, "CHAIN_TIMEOUT_SECONDS", 5.0))
    # Imported here so that importing triage.chains stays cheap (web3 takes a second to import).
    if family == "evm":
        from triage.chains.adapters.evm import EvmAdapter

        return EvmAdapter(network, endpoint, timeout=timeout)
    if family == "bitcoin":
        from triage.chains.adapters.bitcoin import EsploraAdapter

        return EsploraAdapter(network, endpoint, timeout=timeout)
    if family == "tron":
        from triage.chains.adapters.tron import TronAdapter

        return TronAdapter(network, endpoint, timeout=timeout)
    if family == "solana":
        from triage.chains.adapters.solana import SolanaAdapter

        return SolanaAdapter(network, endpoint, timeout=timeout)
    if family == "xrp":
        from triage.chains.adapters.xrpl import XrplAdapter

        return XrplAdapter(network, endpoint, timeout=timeout)
    from triage.chains.adapters.ton import TonAdapter

    return TonAdapter(network, endpoint, timeout=timeout)
