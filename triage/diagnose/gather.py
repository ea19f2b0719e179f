"""Looking each mention up: first the exchange's own records, then the chain. The only HTTP of triage.

Every source that fails becomes an error line (and what it did answer is kept): the look-up degrades to
a partial triage, it never raises. The facts are returned twice: as typed `Case`s for the diagnoses,
and as JSON for the panel and the API (each with its source and the time it was read).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.utils import timezone

from exchange.types import AssetNetwork, DepositAddress, Fetched, NetworkStatus, Transfer
from triage.chains.types import FAMILY_OF, NETWORKS, ChainAdapter, ChainAddress, ChainTx, ChainUnavailable
from triage.diagnose.cases import Case, ExchangeFacts, same_address

T = TypeVar("T")

# At most this many hashes and addresses of one ticket are looked up (the newest first): a message
# pasting a hundred hashes must not make a hundred times the calls.
MAX_LOOKUPS = 8


class MentionLike(Protocol):
    kind: str
    value: str
    network: str
    chains: Any


class ExchangeReader(Protocol):
    def transfers(self, external_id: str, limit: int = 20) -> Fetched[tuple[Transfer, ...]]: ...

    def transfer_by_tx_hash(self, external_id: str, tx_hash: str) -> Fetched[Transfer | None]: ...

    def deposit_addresses(self, external_id: str) -> Fetched[tuple[DepositAddress, ...]]: ...

    def assets(self) -> Fetched[tuple[AssetNetwork, ...]]: ...

    def network_status(self) -> Fetched[tuple[NetworkStatus, ...]]: ...


@dataclass
class Gathered:
    cases: list[Case] = field(default_factory=list)
    exchange: ExchangeFacts = field(default_factory=ExchangeFacts)
    facts: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    # Whether any source answered at all (False: every call failed, the triage failed).
    answered: bool = False


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _read_meta(fetched: Fetched[Any]) -> dict[str, Any]:
    return {
        "fetched_at": fetched.fetched_at.isoformat() if fetched.fetched_at else None,
        "stale": fetched.stale,
        "error": fetched.error,
    }


class _Run:
    def __init__(self, client: ExchangeReader, adapter_for: Callable[[str], ChainAdapter]) -> None:
        self.client = client
        self.adapter_for = adapter_for
        self.out = Gathered()

    def error(self, source: str, message: str, *, stale: bool = False) -> None:
        line = {"source": source, "message": message, "stale": "yes" if stale else ""}
        if line not in self.out.errors:
            self.out.errors.append(line)

    def exchange(self, what: str, fetched: Fetched[Any]) -> Any:
        """The value, with its error noted; a stale value is still used (and labelled)."""
        if fetched.error:
            self.error(f"exchange:{what}", fetched.error, stale=fetched.stale)
        if fetched.value is not None or (not fetched.error and fetched.fetched_at is not None):
            self.out.answered = True
        return fetched.value

    def chain(self, network: str, call: Callable[[ChainAdapter], T]) -> T | None:
        try:
            result = call(self.adapter_for(network))
        except ChainUnavailable as exc:
            self.error(f"chain:{network}", exc.message)
            return None
        self.out.answered = True
        return result


def candidate_networks(
    chains: Sequence[str], network: str, named: Sequence[str], issued: Sequence[str]
) -> list[str]:
    """Where a hash or address may live, most likely first: the network the text states, the networks the
    customer's messages name, the networks the customer's deposit addresses were issued for, the rest."""
    families = set(chains) or ({FAMILY_OF[network]} if network in FAMILY_OF else set())
    ordered: list[str] = []
    for n in (network, *named, *issued, *NETWORKS):
        if n in FAMILY_OF and FAMILY_OF[n] in families and n not in ordered:
            ordered.append(n)
    return ordered


def gather(
    *,
    external_id: str,
    mentions: Sequence[MentionLike],
    client: ExchangeReader,
    adapter_for: Callable[[str], ChainAdapter],
) -> Gathered:
    run = _Run(client, adapter_for)
    named = tuple(dict.fromkeys(m.value for m in mentions if m.kind == "network"))
    targets: list[MentionLike] = []
    for m in mentions:
        if m.kind in ("tx_hash", "address") and all(t.value != m.value for t in targets):
            targets.append(m)
    targets = targets[-MAX_LOOKUPS:]

    deposit_fetch = client.deposit_addresses(external_id)
    deposits: tuple[DepositAddress, ...] = run.exchange("deposit_addresses", deposit_fetch) or ()
    assets_fetch = client.assets()
    rules: tuple[AssetNetwork, ...] = run.exchange("assets", assets_fetch) or ()
    status_fetch = client.network_status()
    statuses: tuple[NetworkStatus, ...] = run.exchange("network_status", status_fetch) or ()
    records_read = deposit_fetch.value is not None
    history: tuple[Transfer, ...] | None = None

    lookups: list[dict[str, Any]] = []
    for m in targets:
        value: str = m.value
        chains = tuple(m.chains or ())
        if m.kind == "tx_hash":
            fetched = client.transfer_by_tx_hash(external_id, m.value)
            transfer = run.exchange("transfer_by_tx_hash", fetched)
            if fetched.error and fetched.value is None:
                records_read = False
            if transfer is not None:
                candidates = [transfer.network]
            else:
                issued = [d.network for d in deposits]
                candidates = candidate_networks(chains, m.network, named, issued)
            tried: list[str] = []
            found: ChainTx | None = None
            chain_read = True
            for network in candidates:
                tx = run.chain(network, lambda a: a.transaction(value))  # noqa: B023 (called at once)
                tried.append(network)
                if tx is None:
                    chain_read = False
                    continue
                if tx.found:
                    found = tx
                    break
            read_at = timezone.now()
            run.out.cases.append(
                Case(
                    kind="tx_hash",
                    value=m.value,
                    transfer=transfer,
                    chain=found,
                    networks_named=named,
                    chain_read=chain_read,
                )
            )
            lookups.append(
                {
                    "kind": "tx_hash",
                    "value": m.value,
                    "network": (found.network if found else (transfer.network if transfer else m.network)),
                    "exchange": {"transfer": jsonable(transfer), **_read_meta(fetched)},
                    "chain": {"tx": jsonable(found), "tried": tried, "read_at": read_at.isoformat()},
                }
            )
        else:
            if history is None:
                history_fetch = client.transfers(external_id, limit=50)
                history = run.exchange("transfers", history_fetch) or ()
            related = tuple(t for t in history if same_address(t.address, m.value))
            issued_here = [d for d in deposits if same_address(d.address, m.value)]
            networks = [d.network for d in issued_here] + [t.network for t in related]
            candidates = candidate_networks(chains, m.network, (*networks, *named), ())
            info: ChainAddress | None = None
            if candidates:
                info = run.chain(candidates[0], lambda a: a.address(value))  # noqa: B023 (called at once)
            read_at = timezone.now()
            run.out.cases.append(
                Case(
                    kind="address",
                    value=m.value,
                    address=info,
                    networks_named=named,
                    transfers=related,
                    chain_read=info is not None,
                )
            )
            lookups.append(
                {
                    "kind": "address",
                    "value": m.value,
                    "network": info.network if info else (candidates[0] if candidates else m.network),
                    "exchange": {
                        "deposit_addresses": jsonable(issued_here),
                        "transfers": jsonable(related[:5]),
                        **_read_meta(deposit_fetch),
                    },
                    "chain": {"address": jsonable(info), "read_at": read_at.isoformat()},
                }
            )

    run.out.exchange = ExchangeFacts(
        deposit_addresses=deposits, rules=rules, statuses=statuses, records_read=records_read
    )
    seen_networks = {lk["network"] for lk in lookups if lk["network"]} | set(named)
    run.out.facts = {
        "lookups": lookups,
        "exchange": {
            "network_status": jsonable([s for s in statuses if s.network in seen_networks]),
            "rules": jsonable(
                [r for r in rules if r.network in seen_networks and _asset_seen(r, run.out.cases)]
            ),
            "deposit_networks": sorted({d.network for d in deposits}),
            **_read_meta(deposit_fetch),
        },
        "networks_named": list(named),
    }
    return run.out


def _asset_seen(rule: AssetNetwork, cases: Sequence[Case]) -> bool:
    for case in cases:
        for asset in (case.transfer.asset if case.transfer else "", case.chain.asset if case.chain else ""):
            if asset == rule.asset:
                return True
    return False
