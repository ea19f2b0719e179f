"""The customer's live exchange state as an agent sees it beside a ticket: the HTML panel and the JSON API
read the same plain data, built here from the client's reads.

No database work happens here (the caller has already decided who may see which customer), so it can
run on any thread; the reads run side by side, each bounded by the client's timeouts and breaker, and a
failed read becomes a message in its section, never an exception.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any, TypeVar

from exchange.access import mask_chain_value
from exchange.client import exchange_client
from exchange.types import Fetched, NetworkStatus, Transfer

T = TypeVar("T")
RECENT_TRANSFERS = 20
RECENT_SECURITY_EVENTS = 10


def _section(fetched: Fetched[Any], value: Any) -> dict[str, Any]:
    return {
        "value": value,
        "fetched_at": fetched.fetched_at,
        "stale": fetched.stale,
        "age_seconds": fetched.age_seconds if fetched.stale else 0,
        "error": fetched.error,
    }


def _hidden() -> dict[str, Any]:
    return {"value": None, "fetched_at": None, "stale": False, "age_seconds": 0, "error": "", "hidden": True}


def _warning(status: NetworkStatus) -> dict[str, Any]:
    return {
        "network": status.network,
        "congested": status.congested,
        "deposits_suspended": status.deposits_suspended,
        "withdrawals_suspended": status.withdrawals_suspended,
        "message": status.message,
        "updated_at": status.updated_at,
    }


def _transfer(t: Transfer, *, unmasked: bool, affected: set[str]) -> dict[str, Any]:
    row = asdict(t)
    row["amount"] = format(t.amount.normalize(), "f")
    if not unmasked:
        row["address"] = mask_chain_value(t.address)
        row["memo"] = mask_chain_value(t.memo)
    row["address_short"] = mask_chain_value(t.address) if unmasked else row["address"]
    row["network_warning"] = t.network in affected
    row["in_progress"] = t.status not in ("completed", "failed", "rejected")
    return row


def _run(reads: dict[str, Callable[[], T]]) -> dict[str, T]:
    with ThreadPoolExecutor(max_workers=len(reads), thread_name_prefix="exchange-panel") as pool:
        futures = {name: pool.submit(read) for name, read in reads.items()}
        return {name: future.result() for name, future in futures.items()}


def exchange_panel_data(external_id: str, *, unmasked: bool) -> dict[str, Any]:
    """Everything the panel shows for one customer, masked as the viewer may see it."""
    client = exchange_client()
    reads: dict[str, Callable[[], Fetched[Any]]] = {
        "account": lambda: client.account(external_id),
        "transfers": lambda: client.transfers(external_id, limit=RECENT_TRANSFERS),
        "deposit_addresses": lambda: client.deposit_addresses(external_id),
        "network_status": client.network_status,
    }
    if unmasked:
        reads["security_events"] = lambda: client.security_events(external_id, limit=RECENT_SECURITY_EVENTS)
    got = _run(reads)

    statuses: tuple[NetworkStatus, ...] = got["network_status"].value or ()
    warnings = [
        _warning(s) for s in statuses if s.congested or s.deposits_suspended or s.withdrawals_suspended
    ]
    affected = {w["network"] for w in warnings}
    account = got["account"]
    transfers = got["transfers"]
    addresses = got["deposit_addresses"]
    data: dict[str, Any] = {
        "external_id": external_id,
        "account": _section(account, asdict(account.value) if account.value else None),
        "transfers": _section(
            transfers,
            [_transfer(t, unmasked=unmasked, affected=affected) for t in transfers.value]
            if transfers.value is not None
            else None,
        ),
        "deposit_addresses": _section(
            addresses,
            [
                {
                    "asset": a.asset,
                    "network": a.network,
                    "address": a.address if unmasked else mask_chain_value(a.address),
                    "memo": a.memo if unmasked else mask_chain_value(a.memo),
                }
                for a in addresses.value
            ]
            if addresses.value is not None
            else None,
        ),
        "network_warnings": _section(
            got["network_status"], warnings if got["network_status"].value is not None else None
        ),
        "security_events": _hidden(),
        "masked": not unmasked,
    }
    events = got.get("security_events")
    if events is not None:
        data["security_events"] = _section(
            events, [asdict(e) for e in events.value] if events.value is not None else None
        )
    if data["account"]["value"] is not None:
        data["account"]["value"]["flags"] = list(data["account"]["value"]["flags"])
    return data
