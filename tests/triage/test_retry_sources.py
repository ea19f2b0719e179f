"""Which error lines of a look-up mean a source could not be reached (worth a retry), as the exchange
client and the chain adapters word them, and the backoff between retries."""

import datetime as dt

import pytest

from exchange.client import NOT_CONFIGURED
from triage.services import any_unreachable, retry_backoff, source_unreachable


@pytest.mark.parametrize(
    ("source", "message", "stale", "unreachable"),
    [
        ("exchange:assets", "The exchange did not answer in time.", "", True),
        ("exchange:assets", "The exchange cannot be reached (ConnectError).", "", True),
        ("exchange:assets", "The exchange failed with HTTP 503.", "", True),
        (
            "exchange:assets",
            "The exchange is unavailable (not called again for 25 s).",
            "",
            True,
        ),
        ("exchange:transfers", "anything at all", "yes", True),  # a stale copy stands in for no answer
        ("exchange:transfer_by_tx_hash", "The exchange has no such record.", "", False),
        ("exchange:deposit_addresses", "The exchange refused the request (HTTP 422).", "", False),
        ("exchange:assets", NOT_CONFIGURED, "", False),
        ("chain:ethereum", "ethereum node did not answer within 5 s", "", True),
        ("triage", "The look-up failed: KeyError.", "", False),
    ],
)
def test_an_error_line_is_a_source_out_of_reach_or_an_answer(source, message, stale, unreachable):
    line = {"source": source, "message": message, "stale": stale}
    assert source_unreachable(line) is unreachable
    assert any_unreachable([{"source": "triage", "message": "x", "stale": ""}, line]) is unreachable


def test_the_backoff_doubles_from_one_minute():
    assert [retry_backoff(n) for n in range(3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
