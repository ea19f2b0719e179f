"""The seed-phrase search looks each word up in every BIP-39 list at once: no list word may be lost on
the way, whatever form it is typed in, and a segment is searched for a list only when it holds enough
of that list's words to make a phrase."""

import unicodedata

import pytest
from mnemonic import Mnemonic

from approvals.redaction import SEED_LANGUAGES, SEED_PHRASE, _entries, marker, redact

LATIN = {"spanish", "french", "italian", "portuguese", "czech"}


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@pytest.mark.parametrize("language", SEED_LANGUAGES)
def test_every_word_of_every_list_is_found_with_its_index_as_written_decomposed_and_in_capitals(language):
    for index, word in enumerate(Mnemonic(language).wordlist):
        forms = {word, unicodedata.normalize("NFKD", word), word.upper()}
        if language in LATIN:
            # Typed without its accents more often than with them.
            forms.add(_unaccented(word))
        for form in forms:
            assert _entries(form).get(language) == index, (language, form)


def test_a_word_of_two_lists_counts_for_both():
    # "abandon" opens the English list and is in the French one (its accents folded away there).
    found = _entries("abandon")
    assert found["english"] == 0 and found["french"] == Mnemonic("french").wordlist.index("abandon")
    assert _entries("withdrawal") == {}


def test_two_phrases_of_different_lists_in_one_line_are_both_replaced():
    english, french = Mnemonic("english").generate(128), Mnemonic("french").generate(256)
    result = redact(f"old wallet {english}, new one {french} thanks")
    assert result.text == f"old wallet {marker(SEED_PHRASE)}, new one {marker(SEED_PHRASE)} thanks"


def test_a_japanese_phrase_with_particles_glued_to_both_ends_has_ten_words_standing_alone():
    # The fewest list words a phrase is searched from: ten alone, the first and last glued to particles.
    words = Mnemonic("japanese").generate(128)
    text = f"単語は{words}です"
    assert len(words.split("\u3000")) == 12
    assert redact(text).text == f"単語は{marker(SEED_PHRASE)}です"


def test_list_words_spread_through_prose_are_no_phrase():
    # Dozens of English list words in one run of prose, never eleven in a row.
    text = (
        "I would like to report that my account balance is wrong after the deposit, and the support "
        "page says to wait, but it has been a week and I still have no answer about the transfer or the "
        "fee, so please check the history and tell me what happened to the funds"
    )
    assert sum("english" in _entries(w) for w in text.replace(",", "").split()) >= 15
    assert redact(text).count == 0
