"""Customer replies: every diagnosis in every language, the same placeholders as English, filled from
the facts, with a fallback to English; and none promises that funds will be recovered."""

import importlib
import re

import pytest

from triage.diagnose import ALL_CODES
from triage.replies import LANGUAGES, language_key, placeholders, reply_for


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_reply_with_the_same_placeholders_as_english(language):
    english = importlib.import_module("triage.replies.en").REPLIES
    texts = importlib.import_module(f"triage.replies.{language}").REPLIES
    assert set(texts) == set(ALL_CODES)
    assert {code: placeholders(texts[code]) for code in ALL_CODES} == {
        code: placeholders(english[code]) for code in ALL_CODES
    }


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("zh-hans", "zh_hans"),
        ("zh-Hans", "zh_hans"),
        ("zh", "zh_hans"),
        ("pt-br", "pt"),
        ("en-gb", "en"),
        ("sw", "en"),
        ("", "en"),
    ],
)
def test_language_codes_fall_back_sensibly(given, key):
    assert language_key(given) == key


def test_a_reply_is_filled_from_the_facts_with_the_networks_named_for_people():
    text, language = reply_for(
        "wrong_network", "fr", {"tx": "0x082c6a90…6dff1a94", "network": "bsc", "expected_network": "ethereum"}
    )
    assert language == "fr"
    assert text.startswith("La transaction 0x082c6a90…6dff1a94 a été envoyée sur BNB Smart Chain")
    assert "émise pour Ethereum" in text


def test_a_missing_fact_shows_an_ellipsis_never_a_brace_or_an_error():
    text, _ = reply_for("awaiting_confirmations", "en", {"amount": "5", "asset": "ETH"})
    assert "{" not in text and "has … of the … confirmations" in text


def test_no_english_reply_promises_the_funds_back():
    english = importlib.import_module("triage.replies.en").REPLIES
    for text in english.values():
        assert not re.search(r"\b(will|we'll) (be )?(recover|refund|return)", text, re.I), text
