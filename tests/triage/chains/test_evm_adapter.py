"""The EVM adapter over real HTTP against the reference py-evm chains (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from triage.chains import ChainUnavailable, adapter_for
from triage.chains.adapters.evm import EvmAdapter
from triage.chains.reference import evm
from triage.chains.reference.evm import ACCOUNTS, SCENARIO, USDT_CONTRACTS

ETH = SCENARIO["ethereum"]


@pytest.fixture
def ethereum(reference_chains: dict[str, str]) -> EvmAdapter:
    adapter = adapter_for("ethereum")
    assert isinstance(adapter, EvmAdapter)
    return adapter


def test_a_native_deposit_is_confirmed_with_its_amount_time_and_links(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["native_deposit"])
    assert (tx.found, tx.status, tx.asset, tx.amount) == (True, "confirmed", "ETH", Decimal("0.5"))
    assert (tx.from_address, tx.to_address) == (ACCOUNTS["customer"], ACCOUNTS["deposit"])
    assert tx.token_contract == "" and tx.to_is_contract is False
    assert tx.confirmations is not None and tx.confirmations > evm.CONFIRMATION_BLOCKS
    assert tx.block_time is not None and tx.block_time.tzinfo is not None
    assert abs((datetime.now(UTC) - tx.block_time).total_seconds()) < 3600
    assert tx.base_fee_gwei is None
    assert tx.explorer_url == f"https://etherscan.io/tx/{ETH['native_deposit']}"


def test_an_erc20_transfer_is_decoded_from_its_transfer_log(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["usdt_deposit"].upper().replace("0X", "0x"))
    assert tx.tx_hash == ETH["usdt_deposit"]
    assert (tx.asset, tx.amount, tx.token_contract) == ("USDT", Decimal("250"), USDT_CONTRACTS["ethereum"])
    assert tx.to_address == ACCOUNTS["deposit"] and tx.to_is_contract is False
    assert ethereum.transaction(ETH["usdt_below_minimum"]).amount == Decimal("0.5")


def test_a_bridged_token_has_the_same_symbol_and_another_contract(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["bridged_usdt_deposit"])
    assert tx.asset == "USDT" and tx.amount == Decimal("100")
    assert tx.token_contract == ETH["bridged_usdt_contract"] != USDT_CONTRACTS["ethereum"]


def test_a_token_sent_to_a_contract_address_is_flagged(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["usdt_to_contract"])
    assert tx.to_address == USDT_CONTRACTS["ethereum"] and tx.to_is_contract is True
    assert tx.amount == Decimal("300")


def test_a_reverted_transfer_is_failed_and_still_says_what_it_tried(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["failed_usdt_transfer"])
    assert tx.status == "failed" and tx.found
    assert (tx.to_address, tx.asset, tx.amount) == (ACCOUNTS["deposit"], "USDT", Decimal("20000"))


def test_confirmations_grow_as_blocks_are_mined(ethereum: EvmAdapter) -> None:
    node = evm.node_for("ethereum")
    snapshot = node.tester.take_snapshot()
    try:
        before = ethereum.transaction(ETH["usdt_deposit_recent"]).confirmations
        assert before is not None and before < evm.CONFIRMATION_BLOCKS
        evm.mine("ethereum", 2)
        assert ethereum.transaction(ETH["usdt_deposit_recent"]).confirmations == before + 2
    finally:  # the chain is shared by the session: leave it as seeded
        node.tester.revert_to_snapshot(snapshot)
    assert ethereum.transaction(ETH["usdt_deposit_recent"]).confirmations == before


def test_a_transaction_bidding_below_the_base_fee_is_pending_with_both_fees(ethereum: EvmAdapter) -> None:
    tx = ethereum.transaction(ETH["native_deposit_stuck"])
    assert (tx.status, tx.confirmations, tx.block_time) == ("pending", None, None)
    assert tx.gas_price_gwei == Decimal(3)
    assert tx.base_fee_gwei is not None and tx.base_fee_gwei > tx.gas_price_gwei
    assert (tx.to_address, tx.amount, tx.asset) == (ACCOUNTS["deposit"], Decimal("0.2"), "ETH")


def test_the_reference_node_mines_a_stuck_transaction_once_the_base_fee_falls_below_its_bid() -> None:
    node, names = evm.build_node("ethereum")
    stuck = names["native_deposit_stuck"]
    assert node.handle("eth_getTransactionReceipt", [stuck]) is None
    node.mine(30)
    assert node.handle("eth_getTransactionReceipt", [stuck])["status"] == "0x1"


def test_unknown_and_malformed_hashes_are_not_found(ethereum: EvmAdapter) -> None:
    for value in ("0x" + "ab" * 32, "0x1234", "not a hash"):
        tx = ethereum.transaction(value)
        assert (tx.found, tx.status, tx.confirmations) == (False, "not_found", None)


def test_an_address_is_a_contract_or_not(ethereum: EvmAdapter) -> None:
    token = ethereum.address(USDT_CONTRACTS["ethereum"].lower())
    assert token.is_contract is True and token.address == USDT_CONTRACTS["ethereum"]
    assert token.explorer_url == f"https://etherscan.io/address/{USDT_CONTRACTS['ethereum']}"
    assert ethereum.address(ACCOUNTS["deposit"]).is_contract is False
    assert ethereum.address("0xnot-an-address").is_contract is None


def test_each_evm_network_answers_with_its_own_coin_and_usdt_decimals(
    reference_chains: dict[str, str],
) -> None:
    bsc = adapter_for("bsc")
    usdt = bsc.transaction(SCENARIO["bsc"]["usdt_deposit"])
    assert (usdt.asset, usdt.amount, usdt.token_contract) == ("USDT", Decimal("250"), USDT_CONTRACTS["bsc"])
    assert usdt.explorer_url.startswith("https://bscscan.com/tx/")
    assert bsc.transaction(SCENARIO["bsc"]["native_deposit"]).asset == "BNB"
    # The ethereum hash is not on BSC: its signature carries another chain id.
    assert bsc.transaction(ETH["usdt_deposit"]).found is False


def test_a_node_that_is_down_is_unavailable(closed_port_url: str) -> None:
    with pytest.raises(ChainUnavailable, match="cannot be reached"):
        EvmAdapter("ethereum", closed_port_url, timeout=2).transaction(ETH["usdt_deposit"])


def test_a_node_answering_html_is_unavailable(reference_chains: dict[str, str]) -> None:
    broken = reference_chains["ethereum"].replace("/evm/ethereum/", "/broken/")
    with pytest.raises(ChainUnavailable) as caught:
        EvmAdapter("ethereum", broken, timeout=2).transaction(ETH["usdt_deposit"])
    assert caught.value.message.startswith("The ethereum node")


def test_the_seed_produces_the_published_scenario_on_every_network() -> None:
    for network, expected in SCENARIO.items():
        assert evm.build_node(network)[1] == expected, network


def test_token_metadata_is_asked_once_per_contract(
    ethereum: EvmAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from triage.chains.adapters import evm as evm_adapter

    monkeypatch.setattr(evm_adapter, "_token_cache", {})
    calls: list[str] = []
    real = EvmAdapter._eth_call

    def counting(self: EvmAdapter, contract: str, data: str) -> bytes:
        calls.append(data)
        return real(self, contract, data)

    monkeypatch.setattr(EvmAdapter, "_eth_call", counting)
    ethereum.transaction(ETH["usdt_deposit"])
    adapter_for("ethereum").transaction(ETH["usdt_below_minimum"])
    assert sorted(calls) == sorted([evm_adapter.DECIMALS_SELECTOR, evm_adapter.SYMBOL_SELECTOR])


def test_the_reference_node_answers_bad_calls_as_a_node_does(reference_chains: dict[str, str]) -> None:
    url = reference_chains["ethereum"]

    def call(body: object) -> dict:
        response = httpx.post(url, json=body)
        assert response.status_code == 200
        return response.json()

    assert call({"jsonrpc": "2.0", "id": 1, "method": "eth_nope", "params": []})["error"]["code"] == -32601
    assert (
        call({"jsonrpc": "2.0", "id": 2, "method": "eth_getTransactionByHash", "params": ["0x12"]})["error"][
            "code"
        ]
        == -32602
    )
    assert (
        call({"jsonrpc": "2.0", "id": 3, "method": "evm_mine", "params": [10_000]})["error"]["code"] == -32602
    )
    assert call([{"jsonrpc": "2.0", "id": 4, "method": "eth_chainId"}])[0]["result"] == "0x1"
    garbage = httpx.post(url, content=b"{not json", headers={"content-type": "application/json"})
    assert garbage.json()["error"]["code"] == -32700
    assert (
        httpx.post(reference_chains["ethereum"].replace("ethereum", "dogecoin"), json={}).status_code == 404
    )
    assert httpx.get(url).status_code == 405
