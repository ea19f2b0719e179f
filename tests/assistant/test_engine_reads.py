"""The engine reads clear messages in several languages: language, intent, specialty, priority and flags,
through the contract `assistant.engine.read` with the real encoder and the committed model."""

from collections.abc import Iterator

import pytest

from assistant.engine import read
from assistant.engine.core import Engine, engine
from assistant.taxonomy import INTENT_NAMES, MENTION_KINDS, PRIORITIES, SPECIALTIES


@pytest.fixture(scope="module")
def loaded_engine() -> Iterator[Engine]:
    """The process's engine (packaged model, multilingual-e5 in 4 bits), loaded once per process."""
    yield engine()


CLEAR = [
    ("What are your trading fees for spot?", "en", "fees_info", "general", "low"),
    (
        "Mi retiro de USDT lleva 8 horas pendiente y no llega a mi wallet",
        "es",
        "withdrawal_pending",
        "wallets_onchain",
        "high",
    ),
    (
        "Como faço para ativar a autenticação de dois fatores com o Google Authenticator?",
        "pt",
        "twofa_setup_howto",
        "account_security",
        "low",
    ),
    ("你们的提现手续费是多少", "zh", "fees_info", "general", "low"),
    (
        "Jemand hat sich in mein Konto eingeloggt und alle meine Coins abgehoben, ich war das nicht",
        "de",
        "account_hacked",
        "account_security",
        "urgent",
    ),
    ("Какие документы нужны для верификации личности?", "ru", "kyc_process_info", "kyc_verification", "low"),
]


@pytest.mark.parametrize(("text", "language", "intent", "team", "priority"), CLEAR)
def test_the_engine_reads_a_clear_message_in_its_language(
    loaded_engine: Engine, text: str, language: str, intent: str, team: str, priority: str
) -> None:
    reading = read(text)
    assert (reading.language, reading.intent, reading.specialty, reading.priority) == (
        language,
        intent,
        team,
        priority,
    )
    assert reading.scores[0][0] == intent
    assert 0.0 <= reading.confidence <= 1.0
    assert reading.confidence == pytest.approx(reading.scores[0][1] - reading.scores[1][1], abs=1e-3)


def test_a_reading_uses_only_the_taxonomys_values(loaded_engine: Engine) -> None:
    reading = read("sent 200 USDT to TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 on tron, not credited after 2 hours")
    assert reading.intent in INTENT_NAMES
    assert reading.specialty in SPECIALTIES
    assert reading.priority in PRIORITIES
    assert all(m.kind in MENTION_KINDS for m in reading.mentions)
    assert reading.threshold == loaded_engine.model.threshold(reading.intent)


def test_a_customer_being_worked_by_a_fake_agent_goes_to_security_at_once(loaded_engine: Engine) -> None:
    reading = read(
        "Someone from your security team called and asked me to install AnyDesk and move my BTC to a safe "
        "wallet, he is still on the phone"
    )
    assert reading.social_engineering_risk
    assert reading.specialty == "account_security"
    assert reading.priority == "urgent"
    assert any("AnyDesk" in reason for reason in reading.reasons)
    assert any("safe" in reason for reason in reading.reasons)


def test_a_panicking_customer_is_marked_in_distress_with_the_words_that_show_it(
    loaded_engine: Engine,
) -> None:
    reading = read("PLEASE HELP my withdrawal of 20,000 USDT is stuck since yesterday, ALL MY SAVINGS 😭😭")
    assert reading.distress
    assert any("😭" in reason for reason in reading.reasons)
    assert any("savings" in reason.lower() for reason in reading.reasons)
    assert reading.priority == "urgent"


def test_someone_asking_for_a_relatives_account_without_checks_is_social_engineering(
    loaded_engine: Engine,
) -> None:
    reading = read(
        "Necesito que quiten el 2FA de la cuenta de mi padre, él no sabe usar esto. No puedo mandar selfie."
    )
    assert reading.social_engineering_risk
    assert reading.specialty == "account_security"
    assert reading.priority == "normal"  # pressure does not raise a social-engineering attempt's priority


def test_a_follow_up_older_than_a_week_goes_to_the_executives(loaded_engine: Engine) -> None:
    older = read(
        "Case HD-482913: my withdrawal has been stuck for 12 days and nobody answers. Third time I write."
    )
    newer = read("Case HD-482913: my withdrawal is still stuck since yesterday, any update on my ticket?")
    assert older.specialty == "executive"
    assert older.priority == "high"
    assert newer.specialty != "executive"


def test_an_empty_message_is_read_without_failing(loaded_engine: Engine) -> None:
    reading = read("")
    assert reading.intent in INTENT_NAMES
    assert reading.language
