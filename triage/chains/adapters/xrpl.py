"""The XRP Ledger through rippled's JSON-RPC: `tx` (destination tag, delivered amount, validated) and
`account_info`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from triage.chains.adapters._http import JsonApi, NotFound, malformed
from triage.chains.explorers import explorer_url
from triage.chains.types import ChainAddress, ChainTx, ChainUnavailable, TxStatus

TX_HASH = re.compile(r"^[0-9A-Fa-f]{64}$")
ACCOUNT = re.compile(r"^r[1-9A-HJ-NP-Za-km-z]{24,34}$")
DROPS = Decimal(1_000_000)
RIPPLE_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z, where the ledger's "date" counts from
# Errors that mean "no such thing here", not "the server is unwell".
NOT_FOUND_ERRORS = {"txnNotFound", "actNotFound", "invalidParams", "actMalformed"}


class XrplAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.api = JsonApi(network, endpoint, timeout=timeout)

    def _command(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """The `result` of one command; None when rippled says the object does not exist."""
        try:
            answer = self.api.json("POST", "", {"method": method, "params": [params]})
        except NotFound:
            raise ChainUnavailable(f"The {self.network} server refused the {method} request.") from None
        result = answer.get("result") if isinstance(answer, dict) else None
        if not isinstance(result, dict):
            raise malformed(self.network, method)
        if result.get("status") == "error" or "error" in result:
            if result.get("error") in NOT_FOUND_ERRORS:
                return None
            raise ChainUnavailable(
                f"The {self.network} server refused {method}: {result.get('error', '?')}"[:300]
            )
        return result

    def transaction(self, tx_hash: str) -> ChainTx:
        value = tx_hash.upper()
        link = explorer_url(self.network, "tx", value)
        if not TX_HASH.match(value):
            return ChainTx.not_found(self.network, value, link)
        tx = self._command("tx", {"transaction": value, "binary": False, "api_version": 1})
        if tx is None:
            return ChainTx.not_found(self.network, value, link)
        try:
            return self._parse(value, tx, link)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            raise malformed(self.network, "tx") from None

    def _parse(self, tx_hash: str, tx: dict[str, Any], link: str) -> ChainTx:
        meta: dict[str, Any] = tx["meta"] if isinstance(tx.get("meta"), dict) else {}
        validated = bool(tx.get("validated"))
        result = meta.get("TransactionResult", "")
        status: TxStatus = "pending"
        if validated:
            status = "confirmed" if result == "tesSUCCESS" else "failed"
        # What arrived (partial payments can deliver less than Amount); before validation, what was sent.
        moved = meta.get("delivered_amount", tx.get("Amount")) if status == "confirmed" else tx.get("Amount")
        asset, amount = _amount(moved)
        to = str(tx.get("Destination", ""))
        tag = tx.get("DestinationTag")
        return ChainTx(
            network=self.network,
            tx_hash=tx_hash,
            found=True,
            status=status,
            # Validation is final on the XRP Ledger: one validated ledger is all the confirmation there is.
            confirmations=1 if validated else None,
            block_time=datetime.fromtimestamp(int(tx["date"]) + RIPPLE_EPOCH, tz=UTC)
            if tx.get("date")
            else None,
            from_address=str(tx.get("Account", "")),
            to_address=to,
            to_is_contract=False if to else None,
            asset=asset,
            token_contract="" if asset == "XRP" else _issuer(moved),
            amount=amount,
            memo=str(tag) if tag is not None else "",
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=link,
        )

    def address(self, address: str) -> ChainAddress:
        if not ACCOUNT.match(address):
            return ChainAddress(self.network, address, None, "")
        self._command("account_info", {"account": address, "ledger_index": "validated"})
        # The XRP Ledger has no contract accounts.
        return ChainAddress(self.network, address, False, explorer_url(self.network, "address", address))


def _amount(value: Any) -> tuple[str, Decimal | None]:
    if isinstance(value, str):
        return "XRP", Decimal(value) / DROPS
    if isinstance(value, dict):
        return str(value.get("currency", "")), Decimal(str(value.get("value", "0")))
    return "XRP", None


def _issuer(value: Any) -> str:
    return str(value.get("issuer", "")) if isinstance(value, dict) else ""
