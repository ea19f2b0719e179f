"""Tron through the TronGrid full-node HTTP API (/wallet/gettransactionbyid, gettransactioninfobyid, ...)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from triage.chains.adapters._http import JsonApi, NotFound, malformed
from triage.chains.explorers import explorer_url
from triage.chains.types import ChainAddress, ChainTx, ChainUnavailable, TxStatus

TXID = re.compile(r"^[0-9a-fA-F]{64}$")
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
TRANSFER_TOPIC = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
TRANSFER_SELECTOR = "a9059cbb"
SUN = Decimal(1_000_000)

_token_cache: dict[tuple[str, str], tuple[str, int]] = {}


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, text = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        text = BASE58[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def tron_address(hex_address: str) -> str:
    """41-prefixed hex (or the bare 20 bytes of a log) → the T… form people paste."""
    raw = bytes.fromhex(hex_address[-40:])
    return base58check(b"\x41" + raw)


class TronAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.endpoint = endpoint
        self.api = JsonApi(network, endpoint, timeout=timeout)

    def _post(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = self.api.json("POST", f"wallet/{method}", body)
        except NotFound:
            raise ChainUnavailable(f"The {self.network} API has no {method} endpoint.") from None
        if not isinstance(answer, dict):
            raise malformed(self.network, method)
        if "Error" in answer:
            raise ChainUnavailable(f"The {self.network} API refused {method}: {answer['Error']}"[:300])
        return answer

    def transaction(self, tx_hash: str) -> ChainTx:
        txid = tx_hash.lower().removeprefix("0x")
        link = explorer_url(self.network, "tx", txid)
        if not TXID.match(txid):
            return ChainTx.not_found(self.network, txid, link)
        tx = self._post("gettransactionbyid", {"value": txid})
        if not tx:  # TronGrid answers {} for an id it does not know
            return ChainTx.not_found(self.network, txid, link)
        info = self._post("gettransactioninfobyid", {"value": txid})
        try:
            return self._parse(txid, tx, info, link)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise malformed(self.network, "transaction") from None

    def _parse(self, txid: str, tx: dict[str, Any], info: dict[str, Any], link: str) -> ChainTx:
        contract = tx["raw_data"]["contract"][0]
        value = contract["parameter"]["value"]
        sender = tron_address(value["owner_address"])
        to, asset, token, amount = "", "TRX", "", None
        if contract["type"] == "TransferContract":
            to, amount = tron_address(value["to_address"]), Decimal(int(value["amount"])) / SUN
        elif contract["type"] == "TriggerSmartContract":
            token = tron_address(value["contract_address"])
            to, raw_amount = self._transfer(value.get("data", ""), info.get("log") or [])
            if to:
                asset, decimals = self._token(token)
                amount = Decimal(raw_amount).scaleb(-decimals)
            else:
                to, asset, token = token, "", ""
        result = (tx.get("ret") or [{}])[0].get("contractRet", "")
        confirmations, block_time = None, None
        status: TxStatus = "pending"
        if info:
            status = "confirmed" if result == "SUCCESS" else "failed"
            now = self._post("getnowblock", {})
            tip = int(now["block_header"]["raw_data"]["number"])
            confirmations = max(0, tip - int(info["blockNumber"]) + 1)
            block_time = datetime.fromtimestamp(int(info["blockTimeStamp"]) / 1000, tz=UTC)
        return ChainTx(
            network=self.network,
            tx_hash=txid,
            found=True,
            status=status,
            confirmations=confirmations,
            block_time=block_time,
            from_address=sender,
            to_address=to,
            to_is_contract=self._is_contract(to) if to else None,
            asset=asset,
            token_contract=token,
            amount=amount,
            memo="",
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=link,
        )

    def _transfer(self, data: str, logs: list[dict[str, Any]]) -> tuple[str, int]:
        """Recipient and raw amount of a TRC-20 transfer: from its Transfer log when mined, else its call."""
        for log in logs:
            topics = log.get("topics") or []
            if len(topics) == 3 and topics[0] == TRANSFER_TOPIC:
                return tron_address(topics[2]), int(log.get("data") or "0", 16)
        if data.startswith(TRANSFER_SELECTOR) and len(data) == 8 + 128:
            return tron_address(data[8 + 24 : 8 + 64]), int(data[8 + 64 :], 16)
        return "", 0

    def _token(self, contract: str) -> tuple[str, int]:
        key = (self.endpoint, contract)
        if key not in _token_cache:
            decimals = self._constant(contract, "decimals()")
            symbol = self._constant(contract, "symbol()")
            digits = int(decimals[:64], 16) if len(decimals) >= 64 else 18
            name = ""
            if len(symbol) >= 128:
                length = int(symbol[64:128], 16)
                name = bytes.fromhex(symbol[128 : 128 + 2 * min(length, 32)]).decode("utf-8", "replace")
            _token_cache[key] = (name.strip()[:16], digits if digits <= 36 else 18)
        return _token_cache[key]

    def _constant(self, contract: str, selector: str) -> str:
        answer = self._post(
            "triggerconstantcontract",
            {
                "owner_address": contract,
                "contract_address": contract,
                "function_selector": selector,
                "parameter": "",
                "visible": True,
            },
        )
        results = answer.get("constant_result") or [""]
        return str(results[0])

    def _is_contract(self, address: str) -> bool:
        return bool(self._post("getcontract", {"value": address, "visible": True}).get("contract_address"))

    def address(self, address: str) -> ChainAddress:
        if not re.match(r"^T[1-9A-HJ-NP-Za-km-z]{33}$", address):
            return ChainAddress(self.network, address, None, "")
        return ChainAddress(
            self.network, address, self._is_contract(address), explorer_url(self.network, "address", address)
        )
