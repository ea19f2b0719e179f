# ruff: noqa: RUF001 - real sentences, with their own punctuation and letters
"""The language of a customer's message and whether it may set the ticket's (intake/language.py): real
sentences in the helpdesk's languages, and the hard cases the rule is written for."""

import pytest

from intake.language import Detection, language_detect, message_language_read
from tests.factories import make_customer

# What customers of an exchange write, in 22 languages, as the helpdesk names them (settings.LANGUAGES).
SENTENCES = [
    ("en", "My withdrawal has been pending for two hours, can you check it please?"),
    ("es", "Hola, mi retiro de USDT todavía no ha llegado a mi billetera."),
    ("pt-br", "Olá, fiz um depósito via PIX ontem e o saldo ainda não apareceu na minha conta."),
    ("fr", "Bonjour, mon retrait est bloqué depuis hier, pouvez-vous m'aider ?"),
    ("de", "Hallo, meine Einzahlung ist nach zwei Stunden immer noch nicht angekommen."),
    ("it", "Buongiorno, il mio prelievo è in sospeso da ieri sera, potete controllare?"),
    ("nl", "Hallo, mijn opname staat al twee dagen op in behandeling, kunnen jullie helpen?"),
    ("pl", "Dzień dobry, moja wypłata nadal nie dotarła na konto, proszę o pomoc."),
    ("uk", "Добрий день, мій вивід коштів досі не надійшов, допоможіть будь ласка."),
    ("ru", "Здравствуйте, мой вывод средств до сих пор не пришёл, помогите пожалуйста."),
    ("tr", "Merhaba, para çekme işlemim iki gündür beklemede, yardımcı olur musunuz?"),
    ("ar", "مرحبا، لم يصل السحب الخاص بي حتى الآن، هل يمكنكم مساعدتي؟"),
    ("fa", "سلام، برداشت من هنوز به کیف پولم نرسیده است، لطفا کمک کنید."),
    ("hi", "नमस्ते, मेरा निकासी अभी तक नहीं पहुंचा है, कृपया मदद करें।"),
    ("id", "Halo kak, saya sudah deposit dari kemarin tapi saldo belum masuk juga."),
    ("vi", "Xin chào, tôi đã rút tiền từ hôm qua nhưng vẫn chưa nhận được."),
    ("th", "สวัสดีครับ ผมถอนเงินไปตั้งแต่เมื่อวานแต่ยังไม่ได้รับเลยครับ"),
    ("ja", "こんにちは、昨日出金したのですが、まだ届いていません。"),
    ("ko", "안녕하세요, 어제 출금했는데 아직 도착하지 않았습니다."),
    ("zh-hans", "你好，我昨天提币到现在还没有到账，请帮我查一下。"),
    ("zh-hant", "你好，我昨天提幣到現在還沒有到帳，請幫我查一下。"),
    ("fil", "Magandang araw po, hindi pa rin pumapasok ang deposit ko sa account ko."),
]


@pytest.mark.parametrize(("expected", "text"), SENTENCES, ids=[code for code, _ in SENTENCES])
def test_a_sentence_in_each_helpdesk_language_is_read_as_it_and_counts(expected, text):
    found = language_detect(text, prior="en")
    assert (found.code, found.counts) == (expected, True), found
    assert found.confidence >= 0.8


NOT_ENOUGH = [
    ("ok thanks", "short"),
    ("gracias", "one word"),
    ("谢谢", "two characters"),
    ("0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE", "an address"),
    ("a7f3c2e8b9d1f4a6c3e2b1d9f8a7c6e5b4d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8", "a TxID"),
    ("TXID: a7f3c2e8b9d1f4a6c3e2b1d9f8a7c6e5b4d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8 ok", "a TxID with jargon"),
    ("12345.67 USDT", "an amount"),
    ("👍👍🙏", "emoji"),
    ("https://tronscan.org/#/transaction/abc123", "a link"),
    ("", "nothing"),
]


@pytest.mark.parametrize(("text", "why"), NOT_ENOUGH, ids=[why for _, why in NOT_ENOUGH])
def test_a_message_that_says_too_little_never_counts(text, why):
    assert language_detect(text, prior="de").counts is False


def test_a_txid_alone_records_no_language_at_all():
    found = language_detect("a7f3c2e8b9d1f4a6c3e2b1d9f8a7c6e5b4d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8", prior="ru")
    assert found == Detection(code="", confidence=0.0, counts=False)


def test_european_portuguese_is_the_helpdesks_portuguese():
    # The helpdesk serves one Portuguese, pt-br: a customer from Lisbon is answered in it.
    found = language_detect(
        "Bom dia, efectuei um levantamento há três dias e ainda não recebi nada.", prior="en"
    )
    assert (found.code, found.counts) == ("pt-br", True)


def test_chinese_is_simplified_or_traditional_by_the_characters_written():
    assert language_detect("我的账户被冻结了，请问怎么解冻？", prior="zh-hant").code == "zh-hans"
    assert language_detect("我的帳戶被凍結了，請問怎麼解凍？", prior="zh-hans").code == "zh-hant"


def test_chinese_whose_characters_do_not_tell_keeps_the_prior_script():
    text = "我昨天存入一百美元，今天仍未到"  # not one of these characters differs between the two scripts
    assert language_detect(text, prior="zh-hant").code == "zh-hant"
    assert language_detect(text, prior="en").code == "zh-hans"


def test_ukrainian_and_russian_are_told_apart_by_their_own_letters():
    assert language_detect("Привіт, де мої гроші? Чекаю вже третій день.", prior="ru").code == "uk"
    assert language_detect("Привет, где мои деньги? Жду уже третий день.", prior="uk").code == "ru"


def test_hindi_in_latin_script_is_hindi():
    found = language_detect(
        "bhai mera withdrawal abhi tak nahi aaya, kya aap check kar sakte ho?", prior="en"
    )
    assert (found.code, found.counts) == ("hi", True)


def test_filipino_with_english_words_is_filipino():
    found = language_detect(
        "Hello po, yung withdrawal ko hindi pa dumating hanggang ngayon, paano po ito?", prior="en"
    )
    assert (found.code, found.counts) == ("fil", True)


def test_a_language_the_helpdesk_does_not_serve_is_recorded_and_does_not_count():
    found = language_detect("Hej, mitt uttag har fortfarande inte kommit fram efter två dagar.", prior="en")
    assert found.code == "sv"
    assert found.counts is False


def test_a_mixed_message_counts_in_its_majority_language_when_the_reader_is_sure():
    found = language_detect(
        "Hola, mi depósito no ha llegado todavía y ya pasaron tres horas, my deposit is missing", prior="en"
    )
    assert found.code == "es"


def test_an_emails_quoted_reply_is_not_read_as_the_customers_words():
    body = (
        "Todavía no llegó nada, por favor revisen otra vez.\n"
        "> Hello, we have checked your deposit and\n> it is on its way."
    )
    assert language_detect(body, prior="en").code == "es"


def test_html_is_read_as_its_text():
    found = language_detect(
        "<p>Meine <b>Auszahlung</b> ist seit gestern nicht angekommen.</p>", prior="en", body_format="html"
    )
    assert (found.code, found.counts) == ("de", True)


@pytest.mark.django_db
def test_a_new_tickets_first_message_sets_its_language_before_it_is_written():
    customer = make_customer(language="en")
    fields = {
        "customer": customer,
        "subject": "Retiro",
        "body": "Hola, mi retiro de USDT todavía no ha llegado.",
    }
    read = message_language_read(fields, prior="en", first=True)
    assert read["language"] == "es"
    assert read["entry_data"]["language"] == {
        "code": "es",
        "confidence": pytest.approx(read["entry_data"]["language"]["confidence"]),
        "counts": True,
        "prior": "en",
    }


def test_a_later_message_is_only_recorded_before_it_is_written():
    read = message_language_read(
        {"body": "Hola, mi retiro de USDT todavía no ha llegado."}, prior="en", first=False
    )
    assert "language" not in read
    assert read["entry_data"]["language"]["code"] == "es"
