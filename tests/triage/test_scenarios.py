"""Each diagnosis on the reference exchange and the reference chains, over real HTTP: a customer writes
through intake, the look-up task runs after the commit, and the stored triage and the panel say what
happened."""

import pytest
from django.test import Client

from exchange.reference import scenario as exchange
from triage.diagnose import Code

from .scenario import (
    CUSTOMER_WALLET,
    ETH,
    XRP,
    codes,
    customer,
    deposit,
    triage_of,
    withdrawal,
    write,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_exchange", "reference_chains"),
]


def panel(ticket, user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/triage/tickets/{ticket.pk}/panel")
    assert response.status_code == 200
    return response.content.decode()


def diagnosis(ticket, code):
    triage = triage_of(ticket)
    assert triage.state == "done", triage.errors
    found = [d for d in triage.diagnoses if d["code"] == code]
    assert found, [d["code"] for d in triage.diagnoses]
    return found[0]


def test_a_credited_deposit_is_credited_and_nothing_is_wrong(agent):
    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"I sent 250 USDT, tx {ETH['usdt_deposit']}, where is it?")
    assert codes(ticket) == [Code.CREDITED]
    html = panel(ticket, agent)
    assert "Credited: nothing wrong" in html
    assert f"https://etherscan.io/tx/{ETH['usdt_deposit']}" in html
    assert "Your deposit of 250 USDT on Ethereum has been credited" in html


def test_a_deposit_waiting_for_confirmations_says_how_many_of_how_many(agent):
    deposit(ETH["usdt_deposit_recent"], amount="75", status="confirming", confirmations=3)
    ticket = write(f"El depósito de 75 USDT todavía no llegó: {ETH['usdt_deposit_recent']}", language="es")
    d = diagnosis(ticket, Code.AWAITING_CONFIRMATIONS)
    assert d["evidence"] == ["3 of 12 confirmations on ethereum (the exchange says); it is credited at 12."]
    html = panel(ticket, agent)
    assert "tiene 3 de las 12 confirmaciones" in html


def test_confirmed_but_not_credited_while_deposits_are_suspended_on_the_network(agent):
    exchange.ensure_catalogue()
    exchange.set_network_status("ethereum", deposits_suspended=True, message="Node upgrade until 10:00 UTC")
    deposit(ETH["usdt_deposit"], status="pending", confirmations=24)
    ticket = write(f"USDT deposit {ETH['usdt_deposit']} missing")
    d = diagnosis(ticket, Code.DEPOSITS_SUSPENDED)
    assert (
        "Deposits on ethereum are suspended at the exchange: Node upgrade until 10:00 UTC." in d["evidence"]
    )
    assert d["skill"] == "wallets"


def test_confirmed_but_below_the_minimum_deposit(agent, wallets):
    customer()
    ticket = write(f"I deposited 0.5 USDT, hash {ETH['usdt_below_minimum']}")
    d = diagnosis(ticket, Code.BELOW_MINIMUM)
    assert d["params"]["minimum"] == "10" and d["params"]["amount"] == "0.5"
    html = panel(ticket, agent)
    assert "below the minimum deposit" in html
    assert "Resolved by: Wallets and on-chain" in html


def test_confirmed_on_chain_to_the_deposit_address_and_not_credited_goes_to_the_wallets_team(agent):
    customer()
    ticket = write(f"250 USDT sent to my deposit address, tx {ETH['usdt_deposit']}, not credited")
    d = diagnosis(ticket, Code.NOT_CREDITED)
    assert d["severity"] == "problem"


def test_sent_over_bsc_to_an_address_issued_for_ethereum(agent):
    customer()
    bsc_hash = "0x082c6a903aaf0a162494b16a8e06f7789cc82c1bb585ec4143a78f196dff1a94"
    ticket = write(f"I sent 250 USDT over BSC: {bsc_hash}", language="pt")
    d = diagnosis(ticket, Code.WRONG_NETWORK)
    assert d["params"]["network"] == "bsc" and d["params"]["expected_network"] == "ethereum"
    html = panel(ticket, agent)
    assert "foi enviada pela rede BNB Smart Chain" in html
    assert f"https://bscscan.com/tx/{bsc_hash}" in html


def test_a_bridged_usdt_with_the_same_symbol_is_an_unsupported_token(agent):
    customer()
    ticket = write(f"My USDT deposit {ETH['bridged_usdt_deposit']} never arrived")
    d = diagnosis(ticket, Code.UNSUPPORTED_TOKEN)
    assert ETH["bridged_usdt_contract"] in " ".join(d["evidence"])


def test_an_xrp_deposit_without_its_destination_tag(agent):
    customer()
    exchange.add_deposit_address("EX-770001", "XRP", "xrp", address=XRP["address_exchange"], memo="104729")
    ticket = write(f"I sent XRP on the XRP Ledger, hash {XRP['deposit_without_tag']}")
    assert Code.MEMO_MISSING in codes(ticket)


def test_an_xrp_deposit_with_someone_elses_destination_tag(agent):
    customer()
    exchange.add_deposit_address("EX-770001", "XRP", "xrp", address=XRP["address_exchange"], memo="555001")
    ticket = write(f"I sent XRP on the XRP Ledger, hash {XRP['deposit_with_tag']}")
    d = diagnosis(ticket, Code.MEMO_WRONG)
    assert d["params"]["memo"] == "104729"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("queued", Code.WITHDRAWAL_QUEUED),
        ("review", Code.WITHDRAWAL_REVIEW),
        ("rejected", Code.WITHDRAWAL_FAILED),
    ],
)
def test_a_withdrawal_not_sent_yet_is_read_from_the_exchange_by_its_destination_address(agent, status, code):
    withdrawal("", status=status)
    ticket = write(f"My withdrawal to {CUSTOMER_WALLET} has been pending for hours")
    assert codes(ticket) == [code]


def test_a_broadcast_withdrawal_the_chain_does_not_show_yet_is_confirming(agent):
    pending_hash = "0x" + "5e" * 32
    withdrawal(pending_hash, status="broadcast", confirmations=0)
    ticket = write(f"Withdrawal {pending_hash} not received")
    d = diagnosis(ticket, Code.WITHDRAWAL_BROADCAST)
    assert "Broadcast; 0 of 12 confirmations so far." in d["evidence"]


def test_a_withdrawal_confirmed_on_chain_points_at_the_receiving_platform(agent):
    withdrawal(ETH["usdt_withdrawal"], status="completed")
    ticket = write(
        f"I withdrew 500 USDT ({ETH['usdt_withdrawal']}) and my wallet shows nothing", language="de"
    )
    d = diagnosis(ticket, Code.WITHDRAWAL_CONFIRMED)
    assert any("credits them on its own schedule" in line for line in d["evidence"])
    assert "Ihre Auszahlung von 500 USDT über Ethereum ist im Netzwerk bestätigt" in panel(ticket, agent)


def test_a_transaction_offering_less_than_the_base_fee_is_stuck(agent):
    customer()
    ticket = write(f"ETH deposit {ETH['native_deposit_stuck']} pending forever")
    assert codes(ticket) == [Code.STUCK_LOW_FEE]
    d = diagnosis(ticket, Code.STUCK_LOW_FEE)
    assert "offers 3 gwei, below the current base fee" in d["evidence"][0]


def test_usdt_sent_to_the_token_contract_itself(agent):
    customer()
    ticket = write(f"I sent 300 USDT {ETH['usdt_to_contract']} but it is not in my account")
    d = diagnosis(ticket, Code.SENT_TO_CONTRACT)
    assert "is a smart contract, not a wallet" in d["evidence"][0]


def test_a_transaction_that_failed_on_chain(agent):
    customer()
    ticket = write(f"Sent USDT {ETH['failed_usdt_transfer']}")
    assert codes(ticket) == [Code.FAILED_ON_CHAIN]


def test_a_hash_found_nowhere_asks_to_check_the_hash_and_the_network(agent):
    customer()
    unknown = "0x" + "7a" * 32
    ticket = write(f"deposit {unknown} missing", language="ja")
    d = diagnosis(ticket, Code.NOT_FOUND)
    assert "Not found on chain" in d["evidence"][1]
    assert "取引ハッシュをご確認のうえ" in panel(ticket, agent)


def test_a_bitcoin_deposit_still_in_the_mempool_waits_for_its_confirmations(agent):
    from triage.chains.reference.scenarios import SCENARIO

    btc = SCENARIO["bitcoin"]
    customer()
    exchange.add_deposit_address("EX-770001", "BTC", "bitcoin", address=btc["address_deposit"])
    ticket = write(f"I sent bitcoin an hour ago, txid {btc['deposit_unconfirmed']}")
    d = diagnosis(ticket, Code.AWAITING_CONFIRMATIONS)
    assert "0 of 3 confirmations on bitcoin" in d["evidence"][0]
    assert "https://mempool.space/tx/" + btc["deposit_unconfirmed"] in panel(ticket, agent)


def test_a_tron_usdt_deposit_the_exchange_has_credited(agent):
    from triage.chains.reference.scenarios import SCENARIO

    tron = SCENARIO["tron"]
    customer()
    exchange.add_deposit_address("EX-770001", "USDT", "tron", address=tron["address_deposit"])
    deposit(tron["usdt_deposit"], network="tron", address=tron["address_deposit"], status="completed")
    ticket = write(f"USDT TRC20 deposit {tron['usdt_deposit']} — is it there?")
    assert codes(ticket) == [Code.CREDITED]
    lookup = triage_of(ticket).facts["lookups"][0]
    assert lookup["network"] == "tron" and lookup["chain"]["tx"]["asset"] == "USDT"


def test_a_transaction_to_an_address_that_is_not_the_customers_deposit_address(agent):
    customer()
    ticket = write(f"I sent 1.2 ETH, here is the hash {ETH['native_withdrawal']}")
    d = diagnosis(ticket, Code.NOT_OUR_ADDRESS)
    assert CUSTOMER_WALLET in d["evidence"][1]
    assert "not one of the deposit addresses issued to your account" in panel(ticket, agent)
