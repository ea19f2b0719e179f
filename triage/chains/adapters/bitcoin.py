"""Bitcoin through an Esplora REST API (mempool.space, blockstream.info, or a self-hosted electrs)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from triage.chains.adapters._http import JsonApi, NotFound, malformed
from triage.chains.explorers import explorer_url
from triage.chains.types import ChainAddress, ChainTx

TXID = re.compile(r"^[0-9a-fA-F]{64}$")
SATOSHIS = Decimal(100_000_000)


class EsploraAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.api = JsonApi(network, endpoint, timeout=timeout)

    def transaction(self, tx_hash: str) -> ChainTx:
        txid = tx_hash.lower().removeprefix("0x")
        link = explorer_url(self.network, "tx", txid)
        if not TXID.match(txid):
            return ChainTx.not_found(self.network, txid, link)
        try:
            tx = self.api.json("GET", f"tx/{txid}")
        except NotFound:
            return ChainTx.not_found(self.network, txid, link)
        try:
            return self._parse(txid, tx, link)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise malformed(self.network, "transaction") from None

    def _parse(self, txid: str, tx: dict[str, Any], link: str) -> ChainTx:
        senders = [v["prevout"]["scriptpubkey_address"] for v in tx["vin"] if v.get("prevout")]
        senders = [s for s in senders if s]
        outputs = tuple(
            (str(out["scriptpubkey_address"]), Decimal(int(out["value"])) / SATOSHIS)
            for out in tx["vout"]
            if out.get("scriptpubkey_address")
        )
        paid = [(address, amount) for address, amount in outputs if address not in senders] or list(outputs)
        status = tx["status"]
        confirmations, block_time = None, None
        if status["confirmed"]:
            tip = int(self.api.text("blocks/tip/height").strip())
            confirmations = max(0, tip - int(status["block_height"]) + 1)
            block_time = datetime.fromtimestamp(int(status["block_time"]), tz=UTC)
        return ChainTx(
            network=self.network,
            tx_hash=txid,
            found=True,
            status="confirmed" if status["confirmed"] else "pending",
            confirmations=confirmations,
            block_time=block_time,
            from_address=senders[0] if senders else "",
            to_address=paid[0][0] if paid else "",
            to_is_contract=False if paid else None,
            asset="BTC",
            token_contract="",
            amount=paid[0][1] if paid else None,
            memo="",
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=link,
            outputs=outputs,
        )

    def address(self, address: str) -> ChainAddress:
        try:
            answer = self.api.json("GET", f"address/{address}")
        except NotFound:  # Esplora answers 400 "Invalid Bitcoin address"
            return ChainAddress(self.network, address, None, "")
        if not isinstance(answer, dict) or "chain_stats" not in answer:
            raise malformed(self.network, "address")
        # Bitcoin has no contract accounts: a script address is still not a contract to send to.
        return ChainAddress(self.network, address, False, explorer_url(self.network, "address", address))
