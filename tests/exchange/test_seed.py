"""The reference exchange's demo state: one account per demo customer and every case triage knows."""

from decimal import Decimal

import pytest
from eth_utils import is_checksum_address

from exchange.reference.models import (
    Account,
    AssetNetwork,
    DepositAddress,
    NetworkStatus,
    SecurityEvent,
    Transfer,
)
from exchange.reference.seed import SCENARIOS, demo_customers, seed_reference_exchange

CUSTOMERS = demo_customers()

pytestmark = pytest.mark.django_db


def transfer(name):
    return Transfer.objects.select_related("account").get(
        public_id=next(s.public_id for s in SCENARIOS if s.name == name)
    )


def test_seeding_twice_creates_everything_once():
    first = seed_reference_exchange()
    assert first["accounts"] == len(CUSTOMERS) and first["transfers"] >= len(SCENARIOS)
    assert seed_reference_exchange() == dict.fromkeys(first, 0)


def test_every_demo_customer_has_an_account_matching_the_helpdesk_record():
    seed_reference_exchange()
    accounts = {a.external_id: a for a in Account.objects.all()}
    assert set(accounts) == {c.external_id for c in CUSTOMERS}
    for customer in CUSTOMERS:
        assert accounts[customer.external_id].vip_level == customer.vip_level
        assert set(customer.account_flags) <= set(accounts[customer.external_id].flags)
    assert accounts["EX-10013"].withdrawals_locked and "password change" in accounts["EX-10013"].lock_reason
    assert accounts["EX-10018"].withdrawals_locked and accounts["EX-10018"].lock_reason


def test_every_scenario_is_seeded_with_what_makes_it_that_case():
    seed_reference_exchange()
    statuses = {n.network: n for n in NetworkStatus.objects.all()}
    rules = {(a.asset, a.network): a for a in AssetNetwork.objects.all()}

    confirming = transfer("deposit_waiting_for_confirmations")
    assert confirming.status == "confirming" and confirming.confirmations < confirming.required_confirmations

    suspended = transfer("deposit_on_suspended_network")
    assert statuses[suspended.network].deposits_suspended and suspended.status == "pending"

    small = transfer("deposit_below_minimum")
    assert small.amount < rules[small.asset, small.network].min_deposit

    wrong = transfer("deposit_over_wrong_network")
    issued_on = set(
        DepositAddress.objects.filter(account=wrong.account, address=wrong.address).values_list(
            "network", flat=True
        )
    )
    assert issued_on == {"ethereum"} and (wrong.asset, wrong.network) == ("USDC", "polygon")
    assert (wrong.asset, wrong.network) not in rules

    unsupported = transfer("deposit_unsupported_token")
    assert (unsupported.asset, unsupported.network) not in rules

    for name in ("deposit_missing_xrp_tag", "deposit_missing_ton_memo"):
        missing = transfer(name)
        assert rules[missing.asset, missing.network].memo_required and missing.memo == ""

    assert transfer("withdrawal_in_review").status == "review"
    queued = transfer("withdrawal_queued")
    assert queued.status == "queued" and queued.tx_hash == ""
    broadcast = transfer("withdrawal_broadcast_congested")
    assert broadcast.status == "broadcast" and broadcast.tx_hash and statuses[broadcast.network].congested
    completed = transfer("withdrawal_completed")
    assert completed.status == "completed" and completed.completed_at is not None
    assert completed.confirmations == completed.required_confirmations
    to_contract = transfer("withdrawal_to_contract")
    assert to_contract.address == rules["USDT", "ethereum"].contract_address

    assert SecurityEvent.objects.filter(account__external_id="EX-10018", kind="2fa_changed").exists()
    assert SecurityEvent.objects.filter(account__external_id="EX-10018", kind="new_device").exists()


def test_seeded_addresses_pass_their_chains_checks():
    seed_reference_exchange()
    evm = DepositAddress.objects.filter(network="ethereum")
    assert evm.exists() and all(is_checksum_address(a.address) for a in evm)
    assert all(
        a.address.startswith("bc1q") and len(a.address) == 42
        for a in DepositAddress.objects.filter(network="bitcoin")
    )
    assert all(
        a.address.startswith("T") and len(a.address) == 34
        for a in DepositAddress.objects.filter(network="tron")
    )
    xrp = DepositAddress.objects.filter(network="xrp")
    assert len({a.address for a in xrp}) == 1 and len({a.memo for a in xrp}) == xrp.count()
    assert Transfer.objects.filter(amount__lte=Decimal(0)).count() == 0


def test_the_seed_command_reports_what_it_created_and_nothing_the_second_time():
    from io import StringIO

    from django.core.management import call_command

    first, second = StringIO(), StringIO()
    call_command("seed_reference_exchange", stdout=first)
    call_command("seed_reference_exchange", stdout=second)
    assert f"{len(CUSTOMERS)} accounts" in first.getvalue()
    assert second.getvalue().startswith("Reference exchange: 0 accounts, 0 assets")
