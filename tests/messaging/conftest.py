"""Messaging tests: the exchange is not asked who owns an identity unless a test starts the reference
exchange (then it vouches as seeded); otherwise the look-up fails fast and nobody is vouched for."""

from typing import Any

import pytest

from exchange.client import clear_exchange_cache
from tests.fixtures.exchange import free_port_url


@pytest.fixture(autouse=True)
def _exchange_unreachable(settings: Any) -> Any:
    settings.EXCHANGE_API_URL = free_port_url() + "/reference-exchange/api/v1"
    settings.EXCHANGE_RETRIES = 0
    clear_exchange_cache()
    yield
    clear_exchange_cache()
