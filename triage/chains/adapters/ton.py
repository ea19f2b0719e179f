"""TON through the toncenter API v3 (/transactions?hash=…, /walletStates?address=…)."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from triage.chains.adapters._http import JsonApi, NotFound, malformed
from triage.chains.explorers import explorer_url
from triage.chains.types import ChainAddress, ChainTx, ChainUnavailable, TxStatus

HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
B64_HASH = re.compile(r"^[A-Za-z0-9+/_-]{43}=?$")
FRIENDLY = re.compile(r"^[A-Za-z0-9_-]{48}$")
RAW = re.compile(r"^-?\d+:[0-9a-fA-F]{64}$")
NANOTONS = Decimal(1_000_000_000)


def hash_to_hex(value: str) -> str:
    """A transaction hash as explorers show it (hex) or as the API returns it (base64 / base64url)."""
    if HEX64.match(value):
        return value.lower()
    if B64_HASH.match(value):
        padded = value.rstrip("=") + "="
        try:
            raw = base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
        except (binascii.Error, ValueError):
            return ""
        return raw.hex() if len(raw) == 32 else ""
    return ""


class TonAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.api = JsonApi(network, endpoint, timeout=timeout)

    def _get(self, path: str) -> dict[str, Any]:
        try:
            answer = self.api.json("GET", path)
        except NotFound:
            raise ChainUnavailable(f"The {self.network} API refused {path.split('?')[0]}.") from None
        if not isinstance(answer, dict):
            raise malformed(self.network, path.split("?")[0])
        return answer

    def transaction(self, tx_hash: str) -> ChainTx:
        hex_hash = hash_to_hex(tx_hash.strip())
        link = explorer_url(self.network, "tx", hex_hash or tx_hash)
        if not hex_hash:
            return ChainTx.not_found(self.network, tx_hash, link)
        answer = self._get(f"transactions?hash={hex_hash}&limit=1")
        try:
            found = answer["transactions"]
            if not found:
                return ChainTx.not_found(self.network, hex_hash, link)
            return self._parse(hex_hash, found[0], answer.get("address_book") or {}, link)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise malformed(self.network, "transactions") from None

    def _parse(self, hex_hash: str, tx: dict[str, Any], book: dict[str, Any], link: str) -> ChainTx:
        def friendly(raw: str | None) -> str:
            if not raw:
                return ""
            entry = book.get(raw)
            return str(entry.get("user_friendly") or raw) if isinstance(entry, dict) else raw

        in_msg = tx.get("in_msg") or {}
        if in_msg.get("source"):  # the receiving side: an internal message paid this account
            message, sender, to = in_msg, friendly(in_msg["source"]), friendly(tx["account"])
        else:  # the sending wallet: an external message, and what it sent on
            message = (tx.get("out_msgs") or [{}])[0]
            sender, to = friendly(tx["account"]), friendly(message.get("destination"))
        value = message.get("value")
        decoded = (message.get("message_content") or {}).get("decoded") or {}
        memo = str(decoded.get("comment", "")) if decoded.get("type") == "text_comment" else ""
        description = tx.get("description") or {}
        compute = description.get("compute_ph") or {}
        failed = bool(description.get("aborted")) or compute.get("success") is False
        status: TxStatus = "pending"
        if tx.get("mc_block_seqno") is not None:
            status = "failed" if failed else "confirmed"
        return ChainTx(
            network=self.network,
            tx_hash=hex_hash,
            found=True,
            status=status,
            # Once its block is referenced by the masterchain a TON transaction is final.
            confirmations=1 if status != "pending" else None,
            block_time=datetime.fromtimestamp(int(tx["now"]), tz=UTC) if tx.get("now") else None,
            from_address=sender,
            to_address=to,
            to_is_contract=self._is_contract(to) if to else None,
            asset="TON",
            token_contract="",
            amount=Decimal(int(value)) / NANOTONS if value is not None else None,
            memo=memo,
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=link,
        )

    def _is_contract(self, address: str) -> bool:
        """On TON every account is a contract; what matters is whether it is a wallet someone holds."""
        answer = self._get(f"walletStates?address={quote(address, safe='')}")
        wallets = answer.get("wallets")
        if not isinstance(wallets, list):
            raise malformed(self.network, "walletStates")
        if not wallets or wallets[0].get("status") in ("nonexist", "uninit"):
            return False
        return not wallets[0].get("is_wallet", False)

    def address(self, address: str) -> ChainAddress:
        if not (FRIENDLY.match(address) or RAW.match(address)):
            return ChainAddress(self.network, address, None, "")
        return ChainAddress(
            self.network, address, self._is_contract(address), explorer_url(self.network, "address", address)
        )
