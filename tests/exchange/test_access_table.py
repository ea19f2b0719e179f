"""What each role may see of the exchange's facts, as exchange.access answers it.

Who gets which status from the exchange's pages and endpoints (and the reference exchange's signed
API) is walked for every role by the access matrix: exchange/access_table.py and
tests/ops/test_access_matrix.py. Here: the answers behind those statuses.
"""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from exchange.access import exchange_details_unmasked, exchange_panel_viewable, reference_exchange_viewable

pytestmark = pytest.mark.django_db

STAFF = ["partner", "agent", "supervisor", "admin"]
# (panel viewable, details unmasked, reference exchange viewable)
RULES = {
    "partner": (True, False, False),
    "agent": (True, True, True),
    "supervisor": (True, True, True),
    "admin": (True, True, True),
}


@pytest.mark.parametrize("role", STAFF)
def test_the_access_functions_answer_as_the_table_says(role: str, panel_world: Any) -> None:
    user = panel_world.users[role]
    assert (
        exchange_panel_viewable(user),
        exchange_details_unmasked(user),
        reference_exchange_viewable(user),
    ) == RULES[role]


def test_outsiders_are_never_staff_to_the_access_functions() -> None:
    assert not exchange_panel_viewable(AnonymousUser())
    assert not exchange_details_unmasked(AnonymousUser())
    assert not reference_exchange_viewable(AnonymousUser())
