# ruff: noqa: RUF001
"""What counts as a secret in a customer's message, and what must stay: the detection alone, no database."""

import json
import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.utils import translation
from mnemonic import Mnemonic
from mnemonic.mnemonic import b58encode

from approvals.redaction import (
    ONE_TIME_CODE,
    PASSWORD,
    PRIVATE_KEY,
    SEED_PHRASE,
    b58check_decode,
    marker,
    redact,
)
from approvals.redaction_phrases import _kind_names, secret_warning
from triage.mentions import extract

ROOT = Path(__file__).resolve().parents[2]
# Known test vectors: BIP-39's "abandon ... about" (valid checksum) and the Bitcoin wiki's WIF keys.
ABANDON = " ".join(["abandon"] * 11 + ["about"])
WIF_UNCOMPRESSED = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
WIF_COMPRESSED = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617"
XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33y"
    "uGBxrMPHi"
)
HEX64 = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


def phrase(language: str, strength: int = 128) -> str:
    return Mnemonic(language).generate(strength)


def only(text: str) -> tuple[str, ...]:
    return redact(text).kinds


# --- Seed phrases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language",
    [
        "english",
        "spanish",
        "french",
        "italian",
        "portuguese",
        "czech",
        "japanese",
        "korean",
        "chinese_simplified",
        "chinese_traditional",
    ],
)
@pytest.mark.parametrize("strength", [128, 160, 192, 224, 256])
def test_a_seed_phrase_of_every_list_and_length_is_replaced_by_its_marker(language, strength):
    words = phrase(language, strength)
    result = redact(f"Hello, my wallet words are: {words}\nThanks")
    assert result.kinds == (SEED_PHRASE,) and result.count == 1
    assert result.text == f"Hello, my wallet words are: {marker(SEED_PHRASE)}\nThanks"


def test_a_numbered_phrase_one_word_a_line_is_replaced_whole():
    words = phrase("english", 256).split()
    text = "my backup:\n" + "\n".join(f"{i}. {w}" if i % 2 else f"{i}) {w}" for i, w in enumerate(words, 1))
    result = redact(text)
    assert result.kinds == (SEED_PHRASE,)
    # The marker's own words ("seed", "phrase") are BIP-39 words too: look at what is left around it.
    left = result.text.replace(marker(SEED_PHRASE), " ").split()
    assert not any(w in left for w in words[1:])


def test_a_comma_separated_phrase_is_replaced():
    assert only(phrase("english").replace(" ", ", ")) == (SEED_PHRASE,)


def test_a_japanese_phrase_with_ideographic_spaces_is_replaced():
    words = phrase("japanese")
    assert "\u3000" in words
    assert redact(f"単語は「{words}」です").text == f"単語は「{marker(SEED_PHRASE)}」です"
    # A particle glued to the first or last word does not hide the phrase.
    assert redact(f"ウォレットの単語は{words}です").kinds == (SEED_PHRASE,)


def test_a_chinese_phrase_written_without_spaces_is_replaced_after_the_word_for_it():
    words = phrase("chinese_simplified").replace(" ", "")
    assert redact(f"我的助记词是{words}，请帮我找回").text == f"我的助记词是{marker(SEED_PHRASE)}，请帮我找回"


def test_a_phrase_in_decomposed_unicode_as_wallets_copy_it_is_replaced():
    words = Mnemonic.normalize_string(phrase("spanish"))
    assert only(f"mis palabras: {words}") == (SEED_PHRASE,)


def test_a_phrase_with_one_mistyped_word_is_still_replaced():
    words = phrase("english").split()
    words[4] = words[4][:-1] + "q" + "x"
    assert only(" ".join(words)) == (SEED_PHRASE,)
    words = phrase("english").split()
    words[-1] = "zzqx"
    assert only("seed: " + " ".join(words)) == (SEED_PHRASE,)


def test_a_phrase_inside_a_longer_text_is_cut_out_and_the_rest_kept():
    text = f"I tried importing into Trust Wallet with {ABANDON} but the balance shows zero. HD-000123"
    result = redact(text)
    assert result.text == text.replace(ABANDON, marker(SEED_PHRASE))
    assert result.text.endswith("but the balance shows zero. HD-000123")


def test_a_phrase_in_html_split_over_tags_is_one_phrase():
    words = phrase("english").split()
    html = "<p>" + "<br>".join(words[:6]) + "</p><p>" + "&nbsp;".join(words[6:]) + "</p>"
    result = redact(html, html=True)
    assert result.kinds == (SEED_PHRASE,) and result.text == f"<p>{marker(SEED_PHRASE)}</p>"


@pytest.mark.parametrize(
    "text",
    [
        "I want to withdraw my bitcoin to a new address please help",
        "Please help me, I cannot find the deposit I made yesterday to my account, what should I do now",
        "Hola, quiero retirar mis fondos a una nueva dirección pero la plataforma no me deja, ayuda",
        "Je voudrais savoir pourquoi mon retrait est toujours en attente depuis deux jours, merci",
        "我想把我的比特币提现到新的地址，但是一直显示处理中，请帮我看看是什么问题，谢谢你们的帮助",
        "出金が三日間も保留のままです。早く確認してください。",
        "출금이 계속 대기 상태입니다 확인 부탁드립니다 감사합니다",
        "abandon ability able about above absent absorb abstract",  # eight list words: not a phrase
    ],
)
def test_ordinary_prose_is_left_alone(text):
    assert redact(text).text == text


def _bank() -> list[str]:
    files = sorted((ROOT / "assistant/data/bank").glob("*.jsonl")) + sorted(
        (ROOT / "assistant/data").glob("eval_*.jsonl")
    )
    return [json.loads(line)["text"] for f in files for line in f.read_text().splitlines() if line.strip()]


def test_no_message_of_the_example_bank_and_the_evaluation_sets_is_redacted():
    texts = _bank()
    assert len(texts) > 3000
    redacted = [t for t in texts if redact(t).count]
    assert redacted == []


def test_no_help_center_article_is_redacted():
    pages = sorted((ROOT / "knowledgebase/seed/articles").rglob("*.md"))
    assert len(pages) > 100
    assert [str(p) for p in pages if redact(p.read_text()).count] == []


# --- Private keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"my private key is 0x{HEX64} please recover",
        f"here is the key: privkey {HEX64}",
        f"Clave privada: {HEX64}",
        f"私钥 {HEX64}",
        f"приватный ключ {HEX64}",
        f"{HEX64} (this is my metamask private key)",
    ],
)
def test_a_64_hex_string_named_a_key_is_replaced(text):
    assert only(text) == (PRIVATE_KEY,)
    assert HEX64 not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        f"deposit not credited, tx hash 0x{HEX64}",
        f"withdrawal {HEX64} shows complete but nothing arrived",
        f"txid: {HEX64}",
    ],
)
def test_a_transaction_hash_stays_for_triage_to_read(text):
    assert redact(text).text == text
    assert any(m.value.lower().endswith(HEX64) for m in extract(text) if m.kind == "tx_hash")


def test_wif_keys_with_a_valid_checksum_are_replaced_whatever_the_words_around():
    result = redact(f"wallet dump: {WIF_UNCOMPRESSED} and {WIF_COMPRESSED}")
    assert result.text == f"wallet dump: {marker(PRIVATE_KEY)} and {marker(PRIVATE_KEY)}"
    assert result.count == 2


def test_a_wif_shaped_string_with_a_bad_checksum_stays():
    broken = WIF_UNCOMPRESSED[:-1] + ("a" if WIF_UNCOMPRESSED[-1] != "a" else "b")
    assert b58check_decode(broken) is None
    assert redact(f"ref {broken}").count == 0


def test_an_extended_private_key_is_replaced():
    assert redact(f"my xprv is {XPRV}").text == f"my xprv is {marker(PRIVATE_KEY)}"


def _solana_keypair() -> bytes:
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return seed + key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_a_solana_keypair_in_base58_or_as_a_byte_array_is_replaced():
    pair = _solana_keypair()
    assert only(f"phantom export {b58encode(pair)}") == (PRIVATE_KEY,)
    assert only(f"id.json: {json.dumps(list(pair))}") == (PRIVATE_KEY,)


def test_a_solana_transaction_signature_of_the_same_length_stays():
    signature = b58encode(secrets.token_bytes(64))
    text = f"SOL deposit {signature} not credited"
    assert redact(text).text == text


def test_addresses_stay():
    text = (
        "send to 0x52908400098527886E0F7030069857D2E4169EE7 or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq "
        "or TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
    )
    assert redact(text).text == text


# --- One-time codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my 2FA code is 482913",
        "OTP: 482913",
        "the authenticator shows 482 913 now",
        "482913 is my google authenticator code",
        "Código de verificación: 48291377",
        "código 482913",
        "code de vérification : 482913",
        "Bestätigungscode 482913",
        "codice 482913",
        "код подтверждения 482913",
        "код: 482913",
        "doğrulama kodu 482913",
        "認証コードは482913です",
        "인증 코드 482913",
        "验证码：482913",
        "mã xác minh 482913",
        "kode verifikasi 482913",
        "รหัสยืนยัน 482913",
        "رمز التحقق 482913",
        "کد تایید 482913",
        "ओटीपी 482913",
        "kod 482913",
        "verificatiecode 482913",
        "ang kodigo ay 482913",
    ],
)
def test_a_one_time_code_named_as_such_is_replaced(text):
    result = redact(text)
    assert result.kinds == (ONE_TIME_CODE,), text
    assert "482913" not in result.text.replace(" ", "") and marker(ONE_TIME_CODE) in result.text


@pytest.mark.parametrize(
    "text",
    [
        "I sent 482913 USDT yesterday",
        "withdrawal of 1,482,913 sats",
        "amount 482913.50, 2fa is on",
        "my ticket HD-000123, code never arrived",
        "order 48291377, the sms code never came",
        "error code 100023 when I enter the 2fa",
        "my uid 48291377 and I lost my 2fa",
        "2FA reset requested on 2024-12-05",
        "2fa since 20.12.2024",
        "xrp tag 482913 missing",
        "Order ID 2231984, verification code was rejected",
    ],
)
def test_numbers_that_are_not_codes_stay(text):
    assert redact(text).text == text


# --- Passwords -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, secret",
    [
        ("my password is hunter2!", "hunter2"),
        ("pass: Tr0ub4dor&3", "Tr0ub4dor&3"),
        ('the password is "correct horse battery"', "correct horse battery"),
        ("contraseña: gatito123", "gatito123"),
        ("mot de passe : Azerty2024", "Azerty2024"),
        ("Passwort: geheim123", "geheim123"),
        ("password è Segreto99", "Segreto99"),
        ("senha: minhasenha12", "minhasenha12"),
        ("пароль: qwerty123", "qwerty123"),
        ("şifre: gizli1234", "gizli1234"),
        ("密码：abc12345", "abc12345"),
        ("密码是abc12345，请帮忙", "abc12345"),
        ("パスワード：abc12345", "abc12345"),
        ("비밀번호: abc12345", "abc12345"),
        ("mật khẩu là abc12345", "abc12345"),
        ("kata sandi: rahasia99", "rahasia99"),
        ("รหัสผ่าน: abc12345", "abc12345"),
        ("كلمة المرور: abc12345", "abc12345"),
        ("رمز عبور: abc12345", "abc12345"),
        ("पासवर्ड: abc12345", "abc12345"),
        ("hasło: tajne123", "tajne123"),
        ("wachtwoord: geheim123", "geheim123"),
        ("ang password ko ay lihim123", "lihim123"),
    ],
)
def test_the_word_after_a_password_marker_is_replaced(text, secret):
    result = redact(text)
    assert result.kinds == (PASSWORD,)
    assert secret not in result.text and marker(PASSWORD) in result.text


@pytest.mark.parametrize(
    "text",
    [
        "my password is not working",
        "I changed my password yesterday and now withdrawals are locked",
        "password reset please",
        "Password: forgotten",
        "I forgot my password, can you help",
        "24h security hold after I changed my password, I need to withdraw today",
    ],
)
def test_talking_about_a_password_is_not_a_password(text):
    assert redact(text).text == text


# --- Together --------------------------------------------------------------------------------------


def test_several_kinds_in_one_message_are_each_marked_and_listed_once_in_order():
    text = f"password: Secret123 code 482913 words {ABANDON} and key {WIF_COMPRESSED}"
    result = redact(text)
    assert result.kinds == (SEED_PHRASE, PRIVATE_KEY, ONE_TIME_CODE, PASSWORD)
    assert result.count == 4
    assert (
        "Secret123" not in result.text and "482913" not in result.text and WIF_COMPRESSED not in result.text
    )


def test_a_message_of_secrets_only_keeps_the_marker():
    assert redact(ABANDON).text == marker(SEED_PHRASE)


def test_a_message_without_secrets_comes_back_unchanged():
    result = redact("Where is my deposit?")
    assert (result.text, result.kinds, result.count) == ("Where is my deposit?", (), 0)


# --- The warning -----------------------------------------------------------------------------------


# The languages the warning was written in before it moved to the customer catalogues (docs/i18n.md).
WARNED_LANGUAGES = [
    "es", "pt-br", "fr", "de", "it", "nl", "pl", "uk", "ru", "tr",
    "ar", "fa", "hi", "id", "vi", "th", "zh-hans", "ja", "ko", "fil",
]  # fmt: skip


def test_the_warning_exists_in_the_help_centers_languages_and_names_what_was_removed():
    english = secret_warning("en", [SEED_PHRASE, PASSWORD])
    assert "recovery phrase and password" in english
    for language in WARNED_LANGUAGES:
        text = secret_warning(language, [SEED_PHRASE, PASSWORD])
        with translation.override(language):
            names = _kind_names()
        assert names[SEED_PHRASE] in text and names[PASSWORD] in text, language
        assert text != english and "{" not in text, language


def test_the_warning_reads_the_help_centers_codes_and_falls_back_to_english():
    assert secret_warning("pt-br", [PASSWORD]) == secret_warning("pt", [PASSWORD])
    assert secret_warning("zh-hans", [PASSWORD]).startswith("为了您的安全")
    assert secret_warning("fil", [PASSWORD]).startswith("Para sa iyong kaligtasan")
    assert secret_warning("xx", [PRIVATE_KEY]).startswith("For your safety, we removed the private key")


# --- Chinese and Thai prose --------------------------------------------------------------------------


def test_a_clause_of_twelve_common_characters_between_commas_is_prose_whatever_its_checksum():
    # Each clause is twelve characters of the simplified or traditional list whose checksum holds.
    for text in (
        "您可以自行關閉帳戶；我們會保留法律要求的紀錄，其餘資料將被刪除。",
        "如果重置是别人申请的，这段时间可以让您及时应对。",
        "1. 向轉出的錢包或交易所取得 **TxID**（交易 ID）",
    ):
        assert redact(text).text == text


def test_wallet_names_a_phrase_only_when_is_or_a_colon_follows():
    prose = "钱包在任何一个网络上都会接受 `0x` 地址"
    assert redact(prose).text == prose
    words = phrase("chinese_simplified").replace(" ", "")
    assert redact(f"我的钱包是{words}").text == f"我的钱包是{marker(SEED_PHRASE)}"
    assert redact(f"钱包：{words}").text == f"钱包：{marker(SEED_PHRASE)}"


def test_a_chinese_phrase_on_a_line_of_its_own_is_replaced_without_a_word_for_it():
    words = phrase("chinese_traditional").replace(" ", "")
    assert redact(f"請幫我看看\n{words}\n謝謝").text == f"請幫我看看\n{marker(SEED_PHRASE)}\n謝謝"


def test_thai_words_after_the_word_for_password_are_the_sentence_not_a_password():
    text = "ไปที่ **History** เปลี่ยนรหัสผ่าน และทำตาม[สิ่งที่ต้องทำ](/help/th/articles/account-compromised/)"
    assert redact(text).text == text
    assert redact("รหัสผ่าน คือ Hunter2024!").kinds == (PASSWORD,)
