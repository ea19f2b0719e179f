# ruff: noqa: RUF001
"""The text signals of the risk assessment, in the languages customers write: word boundaries, case and
accents folded, tier 0's rules reused, and plain questions left alone."""

import pytest

from approvals.risk_text import asks_high_risk_action, claims_an_account, fold, text_signals


def _codes(text: str) -> set[str]:
    return {hit.code for hit in text_signals(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Please reset my 2FA, I lost my phone", "asks_2fa_reset"),
        ("Necesito restablecer el autenticador", "asks_2fa_reset"),
        ("Preciso redefinir o autenticador", "asks_2fa_reset"),
        ("Bitte 2FA zurücksetzen", "asks_2fa_reset"),
        ("Срочно сбросить двухфакторную аутентификацию", "asks_2fa_reset"),
        ("2FA'mı sıfırlayın lütfen", "asks_2fa_reset"),
        ("2段階認証をリセットしてください", "asks_2fa_reset"),
        ("구글 인증 초기화 해주세요", "asks_2fa_reset"),
        ("谷歌验证丢失，请重置谷歌验证", "asks_2fa_reset"),
        ("ช่วยรีเซ็ต2fa", "asks_2fa_reset"),
        ("Proszę zresetować 2fa", "asks_2fa_reset"),
        ("Je veux changer mon adresse e-mail", "contact_change"),
        ("Voglio cambiare la mia email", "contact_change"),
        ("Ik wil mijn e-mail wijzigen", "contact_change"),
        ("Tôi cần đổi email", "contact_change"),
        ("Saya mau ganti email", "contact_change"),
        ("أريد تغيير البريد", "contact_change"),
        ("میخوام ایمیل عوض کنم", "contact_change"),
        ("मुझे ईमेल बदलना है", "contact_change"),
        ("Kailangan palitan ang email ko", "contact_change"),
        ("Please unlock my withdrawals", "asks_withdrawal_unlock"),
        ("Revoke all my API keys", "asks_api_key_revoke"),
        ("Can you raise my withdrawal limit", "asks_limit_raise"),
    ],
)
def test_each_high_risk_ask_is_read_in_its_language(text: str, code: str) -> None:
    assert code in _codes(text)
    assert asks_high_risk_action(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("URGENT!! do it right now", "urgency"),
        ("Es urgente, hágalo inmediatamente", "urgency"),
        ("Срочно!", "urgency"),
        ("至急お願いします", "urgency"),
        ("I'm from the exchange security team", "claims_staff"),
        ("Soy del equipo de seguridad", "claims_staff"),
        ("Ich bin vom Support", "claims_staff"),
        ("I am a police officer investigating this account", "claims_authority"),
        ("Je suis avocat de M. Dupont", "claims_authority"),
        ("I'm his lawyer and need access", "claims_authority"),
        ("Please skip the verification, I have no time", "bypass_check"),
        ("Quitar la verificación por favor", "bypass_check"),
        ("remove the hold on my account", "bypass_check"),
        ("I installed AnyDesk so you can look", "remote_access"),
        ("Open Quick Assist and give me the code", "remote_access"),
        ("ich habe TeamViewer installiert", "remote_access"),
        ("UltraViewer ID 123", "remote_access"),
        ("they asked for my seed phrase", "seed_phrase"),
        ("助记词", "seed_phrase"),
        ("move everything to a safe wallet", "safe_wallet"),
        ("transfer the funds to a secure account", "safe_wallet"),
        ("перевести на безопасный счёт", "safe_wallet"),
    ],
)
def test_each_social_engineering_signal_is_read(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I deposit USDT on Tron?",
        "What are the fees for a BTC withdrawal?",
        "Mi depósito no ha llegado todavía",
        "Where is my deposit? tx 0xabc",
        "How do I set up 2FA on a new account?",
    ],
)
def test_a_plain_question_asks_for_no_high_risk_action(text: str) -> None:
    assert not asks_high_risk_action(text)
    assert not _codes(text) & {"claims_staff", "remote_access", "safe_wallet", "bypass_check"}


def test_words_match_on_their_boundaries_only() -> None:
    # "urgently" inside another word, and "asap" inside "asapient", are not urgency.
    assert "urgency" not in _codes("nonurgentness is a word")
    assert "remote_access" not in _codes("ultraviewers")


def test_folding_removes_case_and_accents_but_keeps_other_scripts() -> None:
    assert fold("VERIFICACIÓN Schlüssel Łódź sıfırla") == "verificacion schlussel lodz sifirla"
    assert fold("Verificación") == "verificacion"
    assert fold("구글 인증") == "구글 인증"
    assert fold("ガード") == "ガード"


def test_the_words_that_triggered_a_signal_are_quoted_as_written() -> None:
    [hit] = [h for h in text_signals("Necesito cambiar mi CORREO ya") if h.code == "contact_change"]
    assert hit.words == ("cambiar mi CORREO",)


def test_a_message_claims_an_account_when_it_names_an_address_an_id_or_my_account() -> None:
    assert claims_an_account("it's ana@mail.example")
    assert claims_an_account("my UID is 12345678")
    assert claims_an_account("problema con mi cuenta")
    assert not claims_an_account("what are the fees?")
