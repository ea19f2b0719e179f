"""What a hash or an address means, from what the exchange and the chain say: every diagnosis and its
evidence, from plain values (no database, no HTTP)."""

import datetime as dt
from decimal import Decimal

import pytest

from triage.diagnose import ALL_CODES, Case, Code, ExchangeFacts, diagnose
from triage.diagnose.gather import candidate_networks

from .facts import (
    ADDRESS,
    BRIDGED,
    HASH,
    NOW,
    OTHER,
    USDT_BSC,
    XRP_ADDRESS,
    chain_address,
    chain_tx,
    deposit_address,
    network_status,
    rule,
    transfer,
)

EXCHANGE = ExchangeFacts(
    deposit_addresses=(deposit_address(),),
    rules=(rule(), rule(network="bsc", contract_address=USDT_BSC, confirmations_required=15)),
    statuses=(network_status(), network_status(network="bsc")),
)


def codes(case: Case, exchange: ExchangeFacts = EXCHANGE) -> list[str]:
    return [d.code for d in diagnose(case, exchange)]


def only(case: Case, exchange: ExchangeFacts = EXCHANGE):
    found = diagnose(case, exchange)
    assert len(found) == 1, [d.code for d in found]
    return found[0]


def test_a_credited_deposit_is_credited_and_nothing_else():
    done = transfer(status="completed", confirmations=12, completed_at=transfer().created_at)
    d = only(Case("tx_hash", HASH, transfer=done, chain=chain_tx()))
    assert d.code == Code.CREDITED
    assert d.severity == "ok" and d.skill == ""
    assert "credited this deposit of 250 USDT on ethereum" in d.evidence[0]


def test_a_deposit_waiting_for_confirmations_says_how_many_of_how_many():
    d = only(Case("tx_hash", HASH, transfer=transfer(confirmations=3), chain=chain_tx(confirmations=3)))
    assert d.code == Code.AWAITING_CONFIRMATIONS
    assert d.evidence == ("3 of 12 confirmations on ethereum (the exchange says); it is credited at 12.",)
    assert d.params["confirmations"] == "3" and d.params["required"] == "12"


def test_without_an_exchange_record_the_confirmations_come_from_the_chain_and_the_asset_rule():
    d = only(Case("tx_hash", HASH, chain=chain_tx(confirmations=5)))
    assert d.code == Code.AWAITING_CONFIRMATIONS
    assert "5 of 12" in d.evidence[0] and "the chain says" in d.evidence[0]


def test_confirmed_but_not_credited_because_deposits_are_suspended_on_the_network():
    exchange = ExchangeFacts(
        deposit_addresses=EXCHANGE.deposit_addresses,
        rules=EXCHANGE.rules,
        statuses=(network_status(deposits_suspended=True, message="Node upgrade until 10:00 UTC"),),
    )
    # With no chain answer, the exchange's own record of the deposit tells as much.
    d = only(Case("tx_hash", HASH, transfer=transfer(status="pending", confirmations=40)), exchange)
    assert d.code == Code.DEPOSITS_SUSPENDED
    d = only(
        Case("tx_hash", HASH, transfer=transfer(status="pending", confirmations=40), chain=chain_tx()),
        exchange,
    )
    assert d.code == Code.DEPOSITS_SUSPENDED
    assert d.skill == "wallets"
    assert "Deposits on ethereum are suspended at the exchange: Node upgrade until 10:00 UTC." in d.evidence


def test_a_disabled_asset_on_the_network_is_a_suspension_too():
    exchange = ExchangeFacts(
        deposit_addresses=EXCHANGE.deposit_addresses, rules=(rule(deposits_enabled=False),), statuses=()
    )
    assert codes(Case("tx_hash", HASH, chain=chain_tx()), exchange) == [Code.DEPOSITS_SUSPENDED]


def test_confirmed_but_below_the_minimum_deposit():
    d = only(Case("tx_hash", HASH, chain=chain_tx(amount=Decimal("4.5"))))
    assert d.code == Code.BELOW_MINIMUM
    assert d.params["minimum"] == "10" and d.params["amount"] == "4.5"
    assert "The minimum deposit of USDT on ethereum is 10; 4.5 is below it." in d.evidence


def test_confirmed_enough_and_still_not_credited_goes_to_the_wallets_team():
    d = only(
        Case("tx_hash", HASH, transfer=transfer(status="confirming", confirmations=40), chain=chain_tx())
    )
    assert d.code == Code.NOT_CREDITED
    assert d.skill == "wallets" and d.severity == "problem"


def test_sent_over_another_network_than_the_address_was_issued_for():
    tx = chain_tx(network="bsc", token_contract=USDT_BSC)
    d = only(Case("tx_hash", HASH, chain=tx))
    assert d.code == Code.WRONG_NETWORK
    assert d.params["network"] == "bsc" and d.params["expected_network"] == "ethereum"
    assert "issued to the customer for ethereum, not for bsc" in d.evidence[1]


def test_a_bridged_token_with_the_same_symbol_is_an_unsupported_token():
    d = only(Case("tx_hash", HASH, chain=chain_tx(token_contract=BRIDGED)))
    assert d.code == Code.UNSUPPORTED_TOKEN
    assert BRIDGED in d.evidence[1] and "0xdAC17F958D2ee523a2206206994597C13D831ec7" in d.evidence[1]


def test_a_missing_and_a_wrong_destination_tag():
    exchange = ExchangeFacts(
        deposit_addresses=(deposit_address(asset="XRP", network="xrp", address=XRP_ADDRESS, memo="1048576"),),
        rules=(
            rule(asset="XRP", network="xrp", contract_address="", memo_required=True, min_deposit=Decimal(1)),
        ),
        statuses=(),
    )
    tx = chain_tx(network="xrp", asset="XRP", token_contract="", to_address=XRP_ADDRESS, amount=Decimal(100))
    assert codes(Case("tx_hash", "A" * 64, chain=tx), exchange) == [Code.MEMO_MISSING]
    wrong = only(Case("tx_hash", "A" * 64, chain=replace_memo(tx, "1048577")), exchange)
    assert wrong.code == Code.MEMO_WRONG and wrong.params["memo"] == "1048577"
    assert codes(Case("tx_hash", "A" * 64, chain=replace_memo(tx, "1048576")), exchange) == [
        Code.NOT_CREDITED
    ]


def replace_memo(tx, memo):
    from dataclasses import replace

    return replace(tx, memo=memo)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("pending", Code.WITHDRAWAL_QUEUED),
        ("queued", Code.WITHDRAWAL_QUEUED),
        ("review", Code.WITHDRAWAL_REVIEW),
        ("failed", Code.WITHDRAWAL_FAILED),
        ("rejected", Code.WITHDRAWAL_FAILED),
        ("broadcast", Code.WITHDRAWAL_BROADCAST),
        ("completed", Code.WITHDRAWAL_CONFIRMED),
    ],
)
def test_a_withdrawal_is_queued_in_review_broadcast_or_confirmed_as_the_exchange_says(status, code):
    t = transfer(
        direction="withdrawal", address=OTHER, status=status, tx_hash="" if status == "queued" else HASH
    )
    assert codes(Case("tx_hash", HASH, transfer=t)) == [code]


def test_a_withdrawal_in_the_queue_mentions_a_congested_network():
    exchange = ExchangeFacts(statuses=(network_status(congested=True, message="High gas"),))
    t = transfer(direction="withdrawal", status="queued")
    d = only(Case("tx_hash", HASH, transfer=t), exchange)
    assert "Withdrawals on ethereum are congested: High gas." in d.evidence


def test_a_withdrawal_confirmed_on_chain_points_at_the_receiving_platforms_own_delay():
    t = transfer(direction="withdrawal", status="confirming", address=OTHER)
    d = only(Case("tx_hash", HASH, transfer=t, chain=chain_tx(to_address=OTHER, confirmations=64)))
    assert d.code == Code.WITHDRAWAL_CONFIRMED
    assert "Confirmed on ethereum (64 confirmations)." in d.evidence
    assert "credits them on its own schedule" in d.evidence[2]


def test_a_transaction_offering_less_than_the_base_fee_is_stuck():
    pending = chain_tx(
        status="pending", confirmations=None, gas_price_gwei=Decimal("3"), base_fee_gwei=Decimal("21.5")
    )
    t = transfer(direction="withdrawal", status="broadcast", address=OTHER)
    d = only(Case("tx_hash", HASH, transfer=t, chain=pending))
    assert d.code == Code.STUCK_LOW_FEE
    assert "offers 3 gwei, below the current base fee of 21.5 gwei" in d.evidence[0]
    # Enough fee: merely broadcast and waiting.
    fine = chain_tx(
        status="pending", confirmations=None, gas_price_gwei=Decimal(30), base_fee_gwei=Decimal(21)
    )
    assert codes(Case("tx_hash", HASH, transfer=t, chain=fine)) == [Code.WITHDRAWAL_BROADCAST]


def test_a_withdrawal_to_a_contract_says_so_beside_its_confirmation():
    t = transfer(direction="withdrawal", status="completed", address=USDT_BSC)
    found = codes(Case("tx_hash", HASH, transfer=t, chain=chain_tx(to_address=USDT_BSC, to_is_contract=True)))
    assert found == [Code.SENT_TO_CONTRACT, Code.WITHDRAWAL_CONFIRMED]


def test_a_deposit_that_went_to_a_contract_instead_of_the_deposit_address():
    d = only(Case("tx_hash", HASH, chain=chain_tx(to_address=USDT_BSC, to_is_contract=True)))
    assert d.code == Code.SENT_TO_CONTRACT and d.skill == "wallets"


def test_a_stuck_deposit_is_stuck_not_waiting_for_confirmations():
    pending = chain_tx(
        status="pending", confirmations=None, gas_price_gwei=Decimal(3), base_fee_gwei=Decimal(40)
    )
    assert codes(Case("tx_hash", HASH, chain=pending)) == [Code.STUCK_LOW_FEE]


def test_a_deposit_sent_to_an_address_that_is_not_the_customers():
    d = only(Case("tx_hash", HASH, chain=chain_tx(to_address=OTHER)))
    assert d.code == Code.NOT_OUR_ADDRESS
    assert (
        d.evidence[1]
        == f"{OTHER} is not one of the deposit addresses the exchange issued to this customer (on ethereum)."
    )


def test_a_failed_transaction_moved_nothing():
    assert codes(Case("tx_hash", HASH, chain=chain_tx(status="failed"))) == [Code.FAILED_ON_CHAIN]


def test_found_nowhere_asks_to_check_the_hash_and_network():
    d = only(Case("tx_hash", HASH, networks_named=("bsc",)))
    assert d.code == Code.NOT_FOUND
    assert "looked on: bsc" in d.evidence[1]


def test_not_found_is_not_said_when_a_source_did_not_answer():
    assert codes(Case("tx_hash", HASH, chain_read=False)) == []
    assert codes(Case("tx_hash", HASH), ExchangeFacts(records_read=False)) == []


def test_an_address_issued_for_one_network_and_a_message_naming_another():
    d = only(Case("address", ADDRESS, networks_named=("bsc",)))
    assert d.code == Code.WRONG_NETWORK
    assert d.params == {"network": "bsc", "expected_network": "ethereum", "asset": "USDT"}
    # A network of another family (a Tron word beside an EVM address) says nothing about it.
    assert codes(Case("address", ADDRESS, networks_named=("tron", "ethereum"))) == []


def test_an_address_that_is_a_contract_the_customer_withdrew_to():
    t = transfer(direction="withdrawal", address=USDT_BSC, status="completed")
    case = Case(
        "address", USDT_BSC, address=chain_address(address=USDT_BSC, is_contract=True), transfers=(t,)
    )
    assert codes(case) == [Code.WITHDRAWAL_CONFIRMED, Code.SENT_TO_CONTRACT]
    assert diagnose(case, EXCHANGE)[1].params["asset"] == "USDT"


def test_an_address_the_customer_withdrew_to_reads_the_latest_withdrawal_as_the_exchange_records_it():
    older = transfer(
        direction="withdrawal", address=OTHER, status="completed", created_at=NOW - dt.timedelta(days=3)
    )
    queued = transfer(direction="withdrawal", address=OTHER, status="queued", tx_hash="")
    d = only(Case("address", OTHER, transfers=(older, queued)))
    assert d.code == Code.WITHDRAWAL_QUEUED
    assert d.subject == OTHER and "Still in the exchange's send queue" in d.evidence[1]


def test_a_withdrawal_seen_on_chain_below_the_required_confirmations_is_still_confirming():
    t = transfer(direction="withdrawal", status="confirming", address=OTHER, confirmations=1)
    d = only(Case("tx_hash", HASH, transfer=t, chain=chain_tx(to_address=OTHER, confirmations=5)))
    assert d.code == Code.WITHDRAWAL_BROADCAST
    assert "Broadcast; 5 of 12 confirmations so far." in d.evidence


def test_every_code_has_a_skill_entry():
    from triage.diagnose.cases import SKILL

    assert set(ALL_CODES) == set(SKILL)


def test_candidate_networks_put_stated_and_named_networks_first_and_stay_in_the_family():
    assert candidate_networks(("evm",), "", ("bsc",), ("ethereum",))[:2] == ["bsc", "ethereum"]
    assert candidate_networks(("evm",), "polygon", (), ())[0] == "polygon"
    assert candidate_networks(("bitcoin", "tron"), "", ("bsc",), ()) == ["bitcoin", "tron"]
    assert len(candidate_networks(("evm",), "", (), ())) == 7
