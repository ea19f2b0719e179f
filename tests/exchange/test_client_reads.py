"""Each read of the exchange client against the reference exchange over real HTTP."""

from decimal import Decimal

import pytest

from exchange.reference.seed import SCENARIOS
from exchange.reference.models import Transfer as StoredTransfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_account_read_returns_the_exchange_state(reference_exchange):
    reference_exchange.seed()
    got = reference_exchange.client().account("EX-10013")
    assert got.ok and not got.stale and got.error == ""
    assert got.value.external_id == "EX-10013"
    assert got.value.withdrawals_locked is True
    assert got.value.lock_reason == "24-hour security hold after a password change"
    assert "withdrawals_locked" in got.value.flags
