"""Each read of the exchange client against the reference exchange, over real HTTP."""

from decimal import Decimal

import pytest

from exchange.reference import scenario
from exchange.reference.models import SeenNonce

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_account_read_gives_the_exchange_state_with_the_lock_and_its_reason(reference_exchange):
    reference_exchange.seed()
    got = reference_exchange.client().account("EX-10013")
    assert got.ok and not got.stale and got.error == ""
    assert got.value.external_id == "EX-10013"
    assert got.value.withdrawals_locked is True
    assert got.value.lock_reason == "24-hour security hold after a password change"
    assert "withdrawals_locked" in got.value.flags
    assert got.age_seconds is not None


def test_transfers_come_newest_first_with_amounts_as_decimals_and_confirmations(reference_exchange):
    acc = scenario.add_account("EX-7")
    scenario.add_transfer(
        acc, direction="deposit", asset="ETH", network="ethereum", amount="1.5", status="confirming",
        confirmations=4, required=12, created_at=scenario.ago(minutes=5),
    )  # fmt: skip
    scenario.add_transfer(
        acc, direction="withdrawal", asset="USDT", network="tron", amount="2500.000001", status="queued",
        created_at=scenario.ago(minutes=1),
    )  # fmt: skip
    got = reference_exchange.client().transfers("EX-7")
    assert got.ok
    first, second = got.value
    assert (first.direction, first.status, first.amount, first.tx_hash) == (
        "withdrawal", "queued", Decimal("2500.000001"), ""
    )  # fmt: skip
    assert (second.asset, second.network, second.confirmations, second.required_confirmations) == (
        "ETH", "ethereum", 4, 12
    )  # fmt: skip
    assert second.tx_hash.startswith("0x") and len(second.tx_hash) == 66
    assert second.completed_at is None


def test_the_limit_bounds_how_many_transfers_come_back(reference_exchange):
    acc = scenario.add_account("EX-8")
    for i in range(5):
        scenario.add_transfer(
            acc, direction="deposit", asset="BTC", network="bitcoin", amount=i + 1, status="completed"
        )
    assert len(reference_exchange.client().transfers("EX-8", limit=3).value) == 3


def test_a_transfer_is_found_by_its_hash_in_any_letter_case_and_only_for_its_own_customer(reference_exchange):
    acc = scenario.add_account("EX-9")
    scenario.add_account("EX-10")
    stored = scenario.add_transfer(
        acc, direction="deposit", asset="USDC", network="ethereum", amount=50, status="completed"
    )
    client = reference_exchange.client()
    found = client.transfer_by_tx_hash("EX-9", stored.tx_hash.upper().replace("0X", "0x"))
    assert found.ok and found.value.id == stored.public_id
    other = client.transfer_by_tx_hash("EX-10", stored.tx_hash)
    assert other.ok and other.value is None


def test_deposit_addresses_carry_the_memo_on_shared_address_networks(reference_exchange):
    acc = scenario.add_account("EX-11")
    scenario.add_deposit_address(acc, "XRP", "xrp")
    scenario.add_deposit_address(acc, "ETH", "ethereum")
    got = {(a.asset, a.network): a for a in reference_exchange.client().deposit_addresses("EX-11").value}
    assert got["XRP", "xrp"].address.startswith("r") and got["XRP", "xrp"].memo == scenario.exchange_memo(
        "EX-11"
    )
    assert got["ETH", "ethereum"].address.startswith("0x") and got["ETH", "ethereum"].memo == ""


def test_assets_and_network_status_describe_the_rules_and_the_notices(reference_exchange):
    scenario.ensure_catalogue()
    scenario.set_network_status("solana", deposits_suspended=True, message="Node upgrade")
    client = reference_exchange.client()
    assets = {(a.asset, a.network): a for a in client.assets().value}
    assert assets["XRP", "xrp"].memo_required is True
    assert assets["USDT", "tron"].contract_address == "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    assert assets["USDT", "tron"].min_deposit == Decimal("1")
    assert assets["BTC", "bitcoin"].confirmations_required == 3
    assert ("USDC.E", "polygon") not in assets
    statuses = {s.network: s for s in client.network_status().value}
    assert len(statuses) == 12
    assert statuses["solana"].deposits_suspended and statuses["solana"].message == "Node upgrade"
    assert not statuses["ethereum"].congested


def test_security_events_come_newest_first(reference_exchange):
    acc = scenario.add_account("EX-12")
    scenario.add_security_event(acc, "new_device", at=scenario.ago(hours=2), detail="Android")
    scenario.add_security_event(acc, "2fa_changed", at=scenario.ago(hours=1), detail="Authenticator reset")
    got = reference_exchange.client().security_events("EX-12")
    assert [e.kind for e in got.value] == ["2fa_changed", "new_device"]


def test_an_unknown_customer_is_an_error_message_not_an_exception_nor_an_outage(reference_exchange):
    client = reference_exchange.client()
    got = client.account("EX-NOBODY")
    assert got.value is None and not got.stale
    assert got.error == "The exchange has no such account."
    assert client.breaker.state() == "closed"


def test_an_id_cannot_climb_out_of_its_path(reference_exchange):
    scenario.add_account("EX-13")
    got = reference_exchange.client().account("../assets")
    # The id travels as one %-encoded segment; the server finds no route for it, so no signed view ran.
    assert got.value is None and got.error == "The exchange has no such record."
    assert SeenNonce.objects.count() == 0
