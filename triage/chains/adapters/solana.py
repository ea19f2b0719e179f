"""Solana through JSON-RPC: getSignatureStatuses, getTransaction (jsonParsed), getAccountInfo."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from triage.chains.adapters._http import JsonApi, malformed
from triage.chains.explorers import explorer_url
from triage.chains.types import ChainAddress, ChainTx, TxStatus

SIGNATURE = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{64,88}$")
PUBKEY = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{32,44}$")
LAMPORTS = Decimal(1_000_000_000)
# Mints the helpdesk names by symbol; any other token shows its mint.
KNOWN_MINTS = {
    "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB": "USDT",
    "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v": "USDC",
}


class SolanaAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.api = JsonApi(network, endpoint, timeout=timeout)

    def transaction(self, tx_hash: str) -> ChainTx:
        link = explorer_url(self.network, "tx", tx_hash)
        if not SIGNATURE.match(tx_hash):
            return ChainTx.not_found(self.network, tx_hash, link)
        statuses = self.api.rpc("getSignatureStatuses", [[tx_hash], {"searchTransactionHistory": True}])
        try:
            status = statuses["value"][0]
            current_slot = int(statuses["context"]["slot"])
        except (KeyError, TypeError, IndexError, ValueError):
            raise malformed(self.network, "getSignatureStatuses") from None
        if status is None:
            return ChainTx.not_found(self.network, tx_hash, link)
        tx = None
        if status.get("confirmationStatus") in ("confirmed", "finalized"):
            tx = self.api.rpc(
                "getTransaction",
                [
                    tx_hash,
                    {
                        "encoding": "jsonParsed",
                        "commitment": "confirmed",
                        "maxSupportedTransactionVersion": 0,
                    },
                ],
            )
        try:
            return self._parse(tx_hash, status, current_slot, tx, link)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise malformed(self.network, "getTransaction") from None

    def _parse(
        self, signature: str, status: dict[str, Any], current_slot: int, tx: dict[str, Any] | None, link: str
    ) -> ChainTx:
        state: TxStatus = "pending"
        if status.get("confirmationStatus") in ("confirmed", "finalized"):
            state = "failed" if status.get("err") else "confirmed"
        # Solana reports a count only until the slot is rooted; past that, count the slots since.
        confirmations = status.get("confirmations")
        if confirmations is None and status.get("confirmationStatus") == "finalized":
            confirmations = max(0, current_slot - int(status["slot"]) + 1)
        sender, to, asset, token, amount, memo = "", "", "SOL", "", None, ""
        block_time = None
        if tx is not None:
            message = tx["transaction"]["message"]
            owners = {
                b["accountIndex"]: b.get("owner", "") for b in tx["meta"].get("postTokenBalances") or []
            }
            keys = [k["pubkey"] if isinstance(k, dict) else k for k in message["accountKeys"]]
            sender = keys[0] if keys else ""
            for instruction in message["instructions"]:
                parsed = instruction.get("parsed")
                program = instruction.get("program")
                if program == "spl-memo" and isinstance(parsed, str):
                    memo = parsed
                elif (
                    program == "system"
                    and isinstance(parsed, dict)
                    and parsed["type"] == "transfer"
                    and not to
                ):
                    info = parsed["info"]
                    sender, to = info["source"], info["destination"]
                    amount = Decimal(int(info["lamports"])) / LAMPORTS
                elif (
                    program == "spl-token"
                    and isinstance(parsed, dict)
                    and not to
                    and parsed["type"] in ("transfer", "transferChecked")
                ):
                    info = parsed["info"]
                    account = info["destination"]
                    # A token transfer credits a token account; its owner is the wallet people know.
                    to = owners.get(keys.index(account), account) if account in keys else account
                    sender = info.get("authority", sender)
                    token = info.get("mint", "")
                    if "tokenAmount" in info:
                        token_amount = info["tokenAmount"]
                        amount = Decimal(token_amount["amount"]).scaleb(-int(token_amount["decimals"]))
                    asset = KNOWN_MINTS.get(token, "")
            if tx.get("blockTime"):
                block_time = datetime.fromtimestamp(int(tx["blockTime"]), tz=UTC)
        return ChainTx(
            network=self.network,
            tx_hash=signature,
            found=True,
            status=state,
            confirmations=confirmations,
            block_time=block_time,
            from_address=sender,
            to_address=to,
            to_is_contract=self._is_program(to) if to else None,
            asset=asset if tx is not None else "",
            token_contract=token,
            amount=amount,
            memo=memo,
            gas_price_gwei=None,
            base_fee_gwei=None,
            explorer_url=link,
        )

    def _is_program(self, address: str) -> bool | None:
        answer = self.api.rpc("getAccountInfo", [address, {"encoding": "jsonParsed"}])
        if not isinstance(answer, dict) or "value" not in answer:
            raise malformed(self.network, "getAccountInfo")
        value = answer["value"]
        return bool(value.get("executable")) if isinstance(value, dict) else False

    def address(self, address: str) -> ChainAddress:
        if not PUBKEY.match(address):
            return ChainAddress(self.network, address, None, "")
        return ChainAddress(
            self.network, address, self._is_program(address), explorer_url(self.network, "address", address)
        )
