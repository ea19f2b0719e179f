"""A message's language read from the readings kept per process is what a fresh reader reads."""

import pytest

from assistant.engine import language as engine
from assistant.engine.language import LanguageIdentifier, by_script, clean
from intake import language
from intake.language import language_detect, message_language_read

TEXTS = [
    "still waiting for my withdrawal 1",
    "still waiting for my withdrawal 250.5 USDT",
    "hola, mi retiro de USDT no llega desde ayer",
    "Мой вывод не пришёл уже 3 часа",
    "Привіт, де мої гроші? Чекаю вже третій день.",
    "我的提现还没到账",
    "我的帳戶被凍結了，請問怎麼解凍？",  # noqa: RUF001
    "bhai mera withdrawal kab aayega",
    "salamat po",
    "ok thanks",
    "👍",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "> where is it?\nStill nothing on my side, please check",
    "my seed phrase was [redacted: seed phrase] please help me",
    "Où en est mon retrait de bitcoins ?",
    "PLEASE UNLOCK MY ACCOUNT NOW",
    "Hej, mitt uttag har fortfarande inte kommit fram efter två dagar.",
    "سلام، برداشت من هنوز نرسیده است",
    "x" * 500 + " where is my money",
]


@pytest.fixture
def fresh_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader of its own and nothing counted yet: every reading made again."""
    monkeypatch.setattr(engine, "_identifiers", {})
    language._counted_kept.cache_clear()


def _fresh(text: str, prior: str) -> dict[str, object]:
    engine._identifiers.clear()
    language._counted_kept.cache_clear()
    return language_detect(text, prior=prior).as_data()


@pytest.mark.parametrize("prior", ["en", "zh-hant", "ru"])
def test_a_kept_reading_records_what_a_fresh_reader_reads(fresh_readings: None, prior: str) -> None:
    expected = [_fresh(text, prior) for text in TEXTS]
    first = [language_detect(text, prior=prior).as_data() for text in TEXTS]
    again = [language_detect(text, prior=prior).as_data() for text in TEXTS]
    assert first == expected
    assert again == expected


def test_texts_that_clean_to_the_same_words_share_one_reading(fresh_readings: None) -> None:
    reader = engine.identifier()
    first = message_language_read({"body": "still waiting for my withdrawal 17"}, prior="en", first=False)
    second = message_language_read({"body": "still waiting for my withdrawal 18"}, prior="en", first=False)
    assert reader._kept_reading.cache_info().hits == 1
    assert first["entry_data"]["language"] == second["entry_data"]["language"]
    other = message_language_read({"body": "still waiting for my deposit 18"}, prior="en", first=False)
    assert reader._kept_reading.cache_info().misses == 2
    assert other["entry_data"]["language"]["code"] == "en"


def test_a_long_text_is_read_each_time_and_not_kept(fresh_readings: None) -> None:
    reader = engine.identifier()
    text = "where is my money, I have been waiting since Monday " * 20
    assert reader.identify(text) == LanguageIdentifier().identify(text)
    reader.identify(text)
    assert reader._kept_reading.cache_info().currsize == 0


def test_identify_reads_the_cleaned_words_as_identify_cleaned_does() -> None:
    reader = LanguageIdentifier()
    for text in TEXTS:
        assert reader.identify(text) == reader.identify_cleaned(clean(text))


def test_latin_only_text_is_left_to_the_reader_by_the_scripts() -> None:
    assert by_script("where is my withdrawal") is None
    assert by_script("12345 ...") is None
    assert by_script("мой вывод") is None  # Cyrillic has no script of its own here: the reader decides
    assert by_script("我的提现还没到账") == ("zh", 0.99)
    assert by_script("ok 我的提现还没到账 thanks") == ("zh", 0.99)
