"""Bitcoin, Tron, Solana and XRPL adapters over real HTTP against the recorded reference APIs."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from triage.chains import ChainUnavailable, adapter_for
from triage.chains.adapters import endpoint_for
from triage.chains.reference.scenarios import RECORDED_SCENARIO

BTC, TRON, SOL, XRP, TON = (RECORDED_SCENARIO[n] for n in ("bitcoin", "tron", "solana", "xrp", "ton"))


@pytest.fixture(autouse=True)
def _chains(reference_chains: dict[str, str]) -> None:
    pass


def test_a_confirmed_bitcoin_deposit_counts_confirmations_from_the_tip() -> None:
    tx = adapter_for("bitcoin").transaction(BTC["deposit_confirmed"])
    assert (tx.status, tx.confirmations, tx.asset) == ("confirmed", 10, "BTC")
    assert (tx.from_address, tx.to_address, tx.amount) == (
        BTC["address_customer"],
        BTC["address_deposit"],
        Decimal("0.0125"),
    )
    assert (BTC["address_change"], Decimal("0.0374859")) in tx.outputs and len(tx.outputs) == 2
    assert tx.block_time is not None and tx.explorer_url.startswith("https://mempool.space/tx/")


def test_an_unconfirmed_bitcoin_transaction_is_pending_and_a_withdrawal_skips_its_change() -> None:
    pending = adapter_for("bitcoin").transaction(BTC["deposit_unconfirmed"])
    assert (pending.status, pending.confirmations, pending.block_time) == ("pending", None, None)
    withdrawal = adapter_for("bitcoin").transaction(BTC["withdrawal"])
    assert (withdrawal.to_address, withdrawal.amount) == (BTC["address_customer_taproot"], Decimal("0.03"))
    assert withdrawal.from_address == BTC["address_hot_wallet"] and withdrawal.confirmations == 2


def test_bitcoin_unknown_and_malformed_ids_and_addresses() -> None:
    adapter = adapter_for("bitcoin")
    assert adapter.transaction("ab" * 32).status == "not_found"
    assert adapter.transaction("G" * 64).found is False
    assert adapter.address(BTC["address_deposit"]).is_contract is False
    assert adapter.address("bc1qnotanaddress!").is_contract is None


def test_the_esplora_fake_answers_unknown_ids_as_esplora_does(reference_chains: dict[str, str]) -> None:
    base = reference_chains["bitcoin"]
    missing = httpx.get(f"{base}/tx/{'ab' * 32}")
    assert (missing.status_code, missing.text) == (404, "Transaction not found")
    assert httpx.get(f"{base}/tx/zz").status_code == 400
    assert httpx.get(f"{base}/tx/{BTC['deposit_confirmed']}/status").json()["block_height"] == 871195
    assert httpx.get(f"{base}/blocks/tip/height").text == "871204"


def test_a_trc20_usdt_deposit_is_decoded_with_its_contract_and_confirmations() -> None:
    tx = adapter_for("tron").transaction(TRON["usdt_deposit"])
    assert (tx.status, tx.confirmations, tx.asset, tx.amount) == ("confirmed", 41, "USDT", Decimal("120"))
    assert (tx.token_contract, tx.to_address, tx.from_address) == (
        TRON["usdt_contract"],
        TRON["address_deposit"],
        TRON["address_customer"],
    )
    assert tx.to_is_contract is False
    assert tx.explorer_url == f"https://tronscan.org/#/transaction/{TRON['usdt_deposit']}"


def test_tron_failed_native_and_unconfirmed_transactions() -> None:
    adapter = adapter_for("tron")
    failed = adapter.transaction(TRON["usdt_out_of_energy"])
    assert (failed.status, failed.amount, failed.to_address) == (
        "failed",
        Decimal("300"),
        TRON["address_deposit"],
    )
    trx = adapter.transaction(TRON["trx_deposit"].upper())
    assert (trx.status, trx.asset, trx.amount, trx.token_contract) == ("confirmed", "TRX", Decimal("50"), "")
    pending = adapter.transaction(TRON["usdt_unconfirmed"])
    assert (pending.status, pending.confirmations, pending.amount) == ("pending", None, Decimal("45.5"))
    assert adapter.transaction("cd" * 32).status == "not_found"


def test_tron_contract_detection() -> None:
    adapter = adapter_for("tron")
    assert adapter.address(TRON["usdt_contract"]).is_contract is True
    assert adapter.address(TRON["address_deposit"]).is_contract is False
    assert adapter.address("0xnot-tron").is_contract is None


def test_an_spl_usdt_transfer_names_the_owner_wallet_and_the_mint() -> None:
    tx = adapter_for("solana").transaction(SOL["usdt_deposit"])
    assert (tx.status, tx.asset, tx.amount, tx.token_contract) == (
        "confirmed",
        "USDT",
        Decimal("80"),
        SOL["usdt_mint"],
    )
    assert tx.to_address == SOL["address_deposit"] != SOL["deposit_token_account"]
    assert tx.from_address == SOL["address_customer"] and tx.confirmations == 151
    assert tx.to_is_contract is False


def test_solana_memo_failure_and_processed_states() -> None:
    adapter = adapter_for("solana")
    sol = adapter.transaction(SOL["sol_deposit_with_memo"])
    assert (sol.asset, sol.amount, sol.memo, sol.confirmations) == ("SOL", Decimal("1.5"), "842913", 20)
    assert adapter.transaction(SOL["usdt_failed"]).status == "failed"
    processed = adapter.transaction(SOL["usdt_processed"])
    assert (processed.status, processed.found, processed.amount) == ("pending", True, None)
    assert adapter.transaction("1" * 87).status == "not_found"
    assert adapter.address(SOL["token_program"]).is_contract is True
    assert adapter.address(SOL["address_deposit"]).is_contract is False


def test_an_xrp_payment_carries_its_destination_tag_and_delivered_amount() -> None:
    adapter = adapter_for("xrp")
    tagged = adapter.transaction(XRP["deposit_with_tag"].lower())
    assert (tagged.status, tagged.memo, tagged.asset, tagged.amount) == (
        "confirmed",
        "104729",
        "XRP",
        Decimal(250),
    )
    assert tagged.to_address == XRP["address_exchange"] and tagged.block_time is not None
    assert tagged.block_time.year >= 2024
    untagged = adapter.transaction(XRP["deposit_without_tag"])
    assert (untagged.memo, untagged.amount) == ("", Decimal(1000))


def test_xrp_failed_unvalidated_and_unknown_payments() -> None:
    adapter = adapter_for("xrp")
    assert adapter.transaction(XRP["payment_failed_unfunded"]).status == "failed"
    pending = adapter.transaction(XRP["deposit_unvalidated"])
    assert (pending.status, pending.confirmations, pending.memo) == ("pending", None, "104729")
    assert adapter.transaction("EF" * 32).status == "not_found"
    assert adapter.address(XRP["address_exchange"]).is_contract is False
    assert adapter.address("not an account").is_contract is None


def test_a_ton_deposit_read_on_the_receiving_wallet_carries_its_comment_as_memo() -> None:
    tx = adapter_for("ton").transaction(TON["deposit_with_memo"])
    assert (tx.status, tx.confirmations, tx.asset, tx.amount, tx.memo) == (
        "confirmed",
        1,
        "TON",
        Decimal("12.5"),
        TON["memo"],
    )
    assert (tx.from_address, tx.to_address) == (TON["address_customer"], TON["address_exchange"])
    assert tx.to_is_contract is False
    assert tx.explorer_url == f"https://tonviewer.com/transaction/{TON['deposit_with_memo']}"


def test_a_ton_transfer_read_on_the_sending_wallet_and_one_a_contract_refused() -> None:
    adapter = adapter_for("ton")
    sent = adapter.transaction(TON["sent_without_memo"])
    assert (sent.from_address, sent.to_address, sent.amount, sent.memo) == (
        TON["address_customer"],
        TON["address_exchange"],
        Decimal(3),
        "",
    )
    refused = adapter.transaction(TON["to_contract_failed"])
    assert (refused.status, refused.to_address, refused.to_is_contract) == (
        "failed",
        TON["address_contract"],
        True,
    )


def test_ton_hashes_in_base64_unknown_hashes_and_addresses() -> None:
    import base64

    adapter = adapter_for("ton")
    as_base64 = base64.b64encode(bytes.fromhex(TON["deposit_with_memo"])).decode()
    assert adapter.transaction(as_base64).tx_hash == TON["deposit_with_memo"]
    assert adapter.transaction("00" * 32).status == "not_found"
    assert adapter.transaction("not a hash").status == "not_found"
    assert adapter.address(TON["address_contract"]).is_contract is True
    assert adapter.address(TON["address_exchange"]).is_contract is False
    assert adapter.address("EQ-short").is_contract is None


FIRST_TX = {
    "bitcoin": BTC["deposit_confirmed"],
    "tron": TRON["usdt_deposit"],
    "solana": SOL["usdt_deposit"],
    "xrp": XRP["deposit_with_tag"],
    "ton": TON["deposit_with_memo"],
}


@pytest.mark.parametrize("network", sorted(FIRST_TX))
def test_a_service_that_is_down_is_unavailable(network: str, settings, closed_port_url: str) -> None:
    settings.CHAIN_ENDPOINTS = {network: closed_port_url}
    with pytest.raises(ChainUnavailable, match="cannot be reached"):
        adapter_for(network).transaction(FIRST_TX[network])


@pytest.mark.parametrize("network", sorted(FIRST_TX))
def test_a_service_answering_html_is_unavailable(network: str, settings) -> None:
    broken = endpoint_for(network).split("/reference-chains/")[0] + "/reference-chains/broken/"
    settings.CHAIN_ENDPOINTS = {network: broken}
    with pytest.raises(ChainUnavailable, match=network):
        adapter_for(network).transaction(FIRST_TX[network])


def test_a_network_without_an_endpoint_or_unknown_is_unavailable(settings) -> None:
    settings.CHAIN_ENDPOINTS = {}
    with pytest.raises(ChainUnavailable, match="No node"):
        adapter_for("bitcoin")
    with pytest.raises(ChainUnavailable, match="not a network"):
        adapter_for("dogecoin")


@pytest.mark.parametrize("network", [*sorted(FIRST_TX), "ethereum"])
def test_a_service_that_hangs_is_unavailable_after_the_timeout(
    network: str, settings, silent_node_url: str
) -> None:
    settings.CHAIN_ENDPOINTS = {network: silent_node_url}
    settings.CHAIN_TIMEOUT_SECONDS = 0.3
    tx_hash = FIRST_TX.get(network, "0x" + "ab" * 32)
    with pytest.raises(ChainUnavailable, match=r"did not answer within 0\.3 s"):
        adapter_for(network).transaction(tx_hash)


def test_the_reference_chains_are_not_served_when_disabled(
    reference_chains: dict[str, str], settings
) -> None:
    assert httpx.get(f"{reference_chains['bitcoin']}/blocks/tip/height").status_code == 200
    settings.REFERENCE_CHAINS_ENABLED = False
    assert httpx.get(f"{reference_chains['bitcoin']}/blocks/tip/height").status_code == 404
    assert httpx.post(reference_chains["ethereum"], json={"method": "eth_blockNumber"}).status_code == 404
