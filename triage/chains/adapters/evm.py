"""EVM networks over JSON-RPC (web3.py): status, confirmations, ERC-20 transfers, stuck fees, contracts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import requests
from eth_abi.exceptions import DecodingError
from eth_utils import keccak, to_checksum_address
from web3 import HTTPProvider, Web3
from web3.exceptions import TransactionNotFound, Web3Exception

from helpdesk.recursion import recursion_limit_restore
from triage.chains.explorers import explorer_url
from triage.chains.types import NATIVE_ASSET, ChainAddress, ChainTx, ChainUnavailable

# web3 and eth-account raise the recursion limit on import (helpdesk/recursion.py).
recursion_limit_restore()

TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
TRANSFER_SELECTOR = keccak(text="transfer(address,uint256)")[:4]
DECIMALS_SELECTOR = "0x" + keccak(text="decimals()")[:4].hex()
SYMBOL_SELECTOR = "0x" + keccak(text="symbol()")[:4].hex()
WEI_PER_GWEI = Decimal(10**9)
WEI_PER_COIN = Decimal(10**18)

# (endpoint, token contract) → (symbol, decimals): a token's metadata never changes.
_token_cache: dict[tuple[str, str], tuple[str, int]] = {}


def _is_hash(value: str) -> bool:
    return (
        len(value) == 66
        and value[:2] in ("0x", "0X")
        and all(c in "0123456789abcdefABCDEF" for c in value[2:])
    )


class EvmAdapter:
    def __init__(self, network: str, endpoint: str, *, timeout: float = 5.0) -> None:
        self.network = network
        self.endpoint = endpoint
        self.timeout = timeout
        # No retries: a look-up that fails is shown as unavailable and retried by the caller's task.
        self.w3 = Web3(
            HTTPProvider(endpoint, request_kwargs={"timeout": timeout}, exception_retry_configuration=None)
        )

    def _call(self, what: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except TransactionNotFound:
            raise
        except requests.Timeout:
            raise ChainUnavailable(
                f"The {self.network} node did not answer within {self.timeout:g} s."
            ) from None
        except requests.RequestException as exc:
            raise ChainUnavailable(
                f"The {self.network} node cannot be reached ({type(exc).__name__})."
            ) from None
        except (Web3Exception, ValueError, KeyError, TypeError, AttributeError, DecodingError) as exc:
            raise ChainUnavailable(
                f"The {self.network} node gave no usable answer to {what} ({type(exc).__name__})."
            ) from None

    # --- transactions ---------------------------------------------------------------------------

    def transaction(self, tx_hash: str) -> ChainTx:
        tx_hash = tx_hash.lower()
        link = explorer_url(self.network, "tx", tx_hash)
        if not _is_hash(tx_hash):
            return ChainTx.not_found(self.network, tx_hash, link)
        try:
            tx = self._call("eth_getTransactionByHash", self.w3.eth.get_transaction, tx_hash)
        except TransactionNotFound:
            return ChainTx.not_found(self.network, tx_hash, link)
        bid_wei = tx.get("maxFeePerGas") or tx.get("gasPrice")
        bid = Decimal(bid_wei) / WEI_PER_GWEI if bid_wei is not None else None
        recipient, token_amount = self._decode_transfer_input(tx.get("input") or b"")
        tx_to = to_checksum_address(tx["to"]) if tx.get("to") else ""
        if tx.get("blockNumber") is None:
            latest = self._call("eth_getBlockByNumber", self.w3.eth.get_block, "latest")
            base_fee = latest.get("baseFeePerGas")
            to, asset, token, amount = self._what_moved(tx, tx_to, recipient, token_amount, logs=[])
            return ChainTx(
                network=self.network,
                tx_hash=tx_hash,
                found=True,
                status="pending",
                confirmations=None,
                block_time=None,
                from_address=to_checksum_address(tx["from"]),
                to_address=to,
                to_is_contract=self._is_contract(to) if to else None,
                asset=asset,
                token_contract=token,
                amount=amount,
                memo="",
                gas_price_gwei=bid,
                base_fee_gwei=Decimal(base_fee) / WEI_PER_GWEI if base_fee is not None else None,
                explorer_url=link,
            )
        try:
            receipt = self._call("eth_getTransactionReceipt", self.w3.eth.get_transaction_receipt, tx_hash)
        except TransactionNotFound:
            raise ChainUnavailable(
                f"The {self.network} node knows the transaction but not its receipt."
            ) from None
        tip = self._call("eth_blockNumber", lambda: self.w3.eth.block_number)
        block = self._call("eth_getBlockByNumber", self.w3.eth.get_block, tx["blockNumber"])
        to, asset, token, amount = self._what_moved(tx, tx_to, recipient, token_amount, logs=receipt["logs"])
        return ChainTx(
            network=self.network,
            tx_hash=tx_hash,
            found=True,
            status="confirmed" if receipt["status"] == 1 else "failed",
            confirmations=max(0, int(tip) - int(tx["blockNumber"]) + 1),
            block_time=datetime.fromtimestamp(int(block["timestamp"]), tz=UTC),
            from_address=to_checksum_address(tx["from"]),
            to_address=to,
            to_is_contract=self._is_contract(to) if to else None,
            asset=asset,
            token_contract=token,
            amount=amount,
            memo="",
            gas_price_gwei=bid,
            base_fee_gwei=None,
            explorer_url=link,
        )

    def _decode_transfer_input(self, data: bytes | str) -> tuple[str, int | None]:
        """The recipient and raw amount of an ERC-20 `transfer(to, value)` call; ("", None) otherwise."""
        raw = bytes.fromhex(data[2:]) if isinstance(data, str) else bytes(data)
        if len(raw) != 68 or raw[:4] != TRANSFER_SELECTOR:
            return "", None
        return to_checksum_address(raw[16:36]), int.from_bytes(raw[36:68], "big")

    def _what_moved(
        self, tx: Any, tx_to: str, recipient: str, token_amount: int | None, *, logs: list[Any]
    ) -> tuple[str, str, str, Decimal | None]:
        """(recipient, asset, token contract, amount): the first ERC-20 Transfer the transaction emitted;
        for a pending or failed token call, what its input asked for; else the native value."""
        for log in logs:
            topics = [t.to_0x_hex() if hasattr(t, "to_0x_hex") else str(t) for t in log["topics"]]
            if len(topics) == 3 and topics[0].lower() == TRANSFER_TOPIC:
                token = to_checksum_address(log["address"])
                data = log["data"]
                value = int.from_bytes(bytes(data), "big") if not isinstance(data, str) else int(data, 16)
                symbol, decimals = self._token(token)
                to = to_checksum_address("0x" + topics[2][-40:])
                return to, symbol, token, Decimal(value).scaleb(-decimals)
        if recipient and tx_to and token_amount is not None:
            symbol, decimals = self._token(tx_to)
            return recipient, symbol, tx_to, Decimal(token_amount).scaleb(-decimals)
        return tx_to, NATIVE_ASSET[self.network], "", Decimal(int(tx["value"])) / WEI_PER_COIN

    def _token(self, contract: str) -> tuple[str, int]:
        key = (self.endpoint, contract)
        if key not in _token_cache:
            decimals_raw = self._eth_call(contract, DECIMALS_SELECTOR)
            symbol_raw = self._eth_call(contract, SYMBOL_SELECTOR)
            decimals = int.from_bytes(decimals_raw[-32:], "big") if len(decimals_raw) >= 32 else 18
            _token_cache[key] = (_decode_symbol(symbol_raw), decimals if decimals <= 36 else 18)
        return _token_cache[key]

    def _eth_call(self, contract: str, data: str) -> bytes:
        try:
            return bytes(self._call("eth_call", self.w3.eth.call, {"to": contract, "data": data}))
        except ChainUnavailable as exc:
            if "revert" in exc.message.lower() or "ContractLogicError" in exc.message:
                return b""  # not an ERC-20 (no such function): unknown symbol, 18 decimals
            raise

    def _is_contract(self, address: str) -> bool:
        code = self._call("eth_getCode", self.w3.eth.get_code, to_checksum_address(address))
        return len(bytes(code)) > 0

    # --- addresses ------------------------------------------------------------------------------

    def address(self, address: str) -> ChainAddress:
        if not Web3.is_address(address):
            return ChainAddress(self.network, address, None, "")
        checksummed = to_checksum_address(address)
        return ChainAddress(
            network=self.network,
            address=checksummed,
            is_contract=self._is_contract(checksummed),
            explorer_url=explorer_url(self.network, "address", checksummed),
        )


def _decode_symbol(raw: bytes) -> str:
    """ABI string, or the bytes32 some early tokens (MKR, SAI) return; "" when neither."""
    if len(raw) >= 64:
        length = int.from_bytes(raw[32:64], "big")
        if 0 < length <= 64 and len(raw) >= 64 + length:
            return raw[64 : 64 + length].decode("utf-8", "replace").strip()[:16]
    if len(raw) == 32:
        return raw.rstrip(b"\x00").decode("utf-8", "replace").strip()[:16]
    return ""
