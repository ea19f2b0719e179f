# ruff: noqa: RUF001 (tags are written with the full-width colon of CJK text)
"""What in a message is not a mention (decoys), and how customers write tags, amounts and networks."""

import pytest

from triage.mentions import extract
from triage.mentions.extract import MAX_MENTIONS

HASH = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def mentions(text, kinds=("tx_hash", "address", "memo", "amount", "network")):
    return [(f.kind, f.value) for f in extract(text) if f.kind in kinds]


def reasons(text):
    return [f.reason for f in extract(text) if f.kind == "suspect"]


# --- decoys ---


@pytest.mark.parametrize(
    "text",
    [
        "case #4521 about my withdrawal",
        "ref CD-2026-0412, HD-000123",
        "order 20260412000123456 paid",
        "call me +7 912 345 67 89 or +1 (415) 555-0199",
        "on 2026-04-12 14:03 and 12.04.2026",
        "mail me at john.doe@example.com",
        "uuid 9c9020d6-8aaa-f370-be47-40576bfd1a1e",
        "git commit 5f2b9c1e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
        "sms code 482913, pin 1234",
        "the quick brown fox jumps over the lazy dog",
    ],
)
def test_case_numbers_order_ids_phones_dates_emails_and_ids_are_not_mentions(text):
    assert mentions(text) == []


def test_a_ticket_number_next_to_an_asset_is_not_an_amount():
    assert mentions("ticket #4521 USDT withdrawal") == []
    assert mentions("my TRC20 USDT and ERC-20 USDT", kinds=("amount",)) == []


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("API key:", HASH),
        ("api_key=", HASH),
        ("my secret", HASH),
        ("private key: 0x", HASH),
        ("order hash", HASH),
        ("order id", HASH),
        ("clave API", HASH),
        ("API-Schlüssel", HASH),
        ("API ключ", HASH),
        ("APIキー", HASH),
        ("API密钥", HASH),
        ("مفتاح API", HASH),
        ("номер ордера", HASH),
    ],
)
def test_a_hex_string_the_customer_labels_as_a_key_or_an_order_is_not_a_hash(label, value):
    text = f"{label} {value}" if not label.endswith("0x") else f"{label}{value}"
    assert mentions(text) == []
    assert reasons(text) == ["labelled as something else"]


@pytest.mark.parametrize(
    "text",
    [
        "la orden de retiro {} sigue pendiente",
        "طلب سحب {} لم يكتمل",
        "Auftrag {} hängt",
        "my order was a withdrawal {}",
    ],
)
def test_the_word_order_without_a_number_word_does_not_hide_a_hash(text):
    assert mentions(text.format("0x" + HASH)) == [("tx_hash", "0x" + HASH)]


def test_a_label_before_a_real_hash_word_does_not_hide_the_hash():
    assert mentions(f"API key rotated, tx hash: {HASH}") == [("tx_hash", HASH)]


def test_hex_in_an_email_address_is_not_an_address():
    assert mentions(f"write to {ADDRESS.lower()}@proton.me") == []
    assert reasons(f"write to {ADDRESS.lower()}@proton.me") == ["part of an email address"]


def test_a_hash_in_a_link_that_is_not_an_explorer_is_not_a_mention():
    text = f"see https://www.ourexchange.com/history/orders/{HASH} for the order"
    assert mentions(text) == []
    assert reasons(text) == ["part of a link that is not an explorer's"]


def test_a_hash_after_a_tx_segment_of_an_unknown_explorer_is_a_mention():
    assert mentions(f"https://explorer.example.org/tx/{HASH}") == [("tx_hash", HASH)]


@pytest.mark.parametrize(
    "url",
    [
        f"https://sepolia.etherscan.io/tx/0x{HASH}",
        f"https://testnet.bscscan.com/tx/0x{HASH}",
        f"https://mempool.space/testnet/tx/{HASH}",
        f"https://shasta.tronscan.org/#/transaction/{HASH}",
    ],
)
def test_a_hash_in_a_testnet_explorer_link_is_not_a_mainnet_mention(url):
    assert mentions(url) == []
    assert reasons(url) == ["in a testnet explorer link"]


def test_an_api_key_of_64_alphanumerics_is_nothing():
    key = "dwVbpi1UzPZFpmV8Dywr7XJTH7fmIqRAMOHebuV0ZwUVmYw34zfVM4noinXEOVYR"
    assert extract(f"key {key}") == []


def test_lightning_is_not_a_network_here():
    assert mentions("I paid over Lightning, invoice lnbc25u1pwjsqmbpp5abcdefghi") == []


# --- tags and memos in many languages ---


@pytest.mark.parametrize(
    "phrase",
    [
        "destination tag: {}",
        "Destination Tag {}",
        "dest tag {}",
        "tag {}",
        "DT {}",
        "etiqueta de destino {}",
        "tag de destino: {}",
        "tag de destination {}",
        "étiquette {}",
        "Ziel-Tag: {}",
        "tag di destinazione {}",
        "тег назначения {}",
        "тег: {}",
        "тег призначення {}",
        "hedef etiketi {}",
        "etiket {}",
        "thẻ đích {}",
        "tag tujuan {}",
        "데스티네이션 태그 {}",
        "태그 {}",
        "宛先タグ：{}",
        "タグ {}",
        "目标标签 {}",
        "标签：{}",
        "علامة الوجهة {}",
        "الوسم {}",
    ],
)
def test_a_destination_tag_is_found_in_each_languages_wording(phrase):
    found = [f for f in extract("XRP " + phrase.format("104857")) if f.kind == "memo"]
    assert [(f.value, f.network) for f in found] == [("104857", "xrp")]


@pytest.mark.parametrize(
    "phrase",
    [
        "memo: {}",
        "MEMO {}",
        "мемо {}",
        "комментарий {}",
        "comentario {}",
        "comentário: {}",
        "commento {}",
        "Kommentar: {}",
        "yorum {}",
        "备注 {}",
        "留言 {}",
        "メモ {}",
        "コメント：{}",
        "메모 {}",
    ],
)
def test_a_memo_takes_the_network_the_message_names(phrase):
    text = "TON " + phrase.format("88812")
    assert [(f.value, f.network) for f in extract(text) if f.kind == "memo"] == [("88812", "ton")]


def test_a_tag_larger_than_32_bits_and_a_memo_without_digits_are_not_memos():
    assert mentions("tag 99999999999", kinds=("memo",)) == []
    assert mentions("I forgot the memo when sending", kinds=("memo",)) == []


# --- amounts ---


@pytest.mark.parametrize(
    ("text", "value", "asset"),
    [
        ("1,234.56 USDT", "1234.56", "USDT"),
        ("1.234,56 USDT", "1234.56", "USDT"),
        ("1 234,56 USDT", "1234.56", "USDT"),
        ("1\u00a0234,56 USDT", "1234.56", "USDT"),
        ("1'234.56 USDT", "1234.56", "USDT"),
        ("0.5 BTC", "0.5", "BTC"),
        ("0,5 BTC", "0.5", "BTC"),
        ("0,123 BTC", "0.123", "BTC"),
        ("1,000,000 USDT", "1000000", "USDT"),
        ("USDT 250", "250", "USDT"),
        ("250 usdt", "250", "USDT"),
        ("250USDT", "250", "USDT"),
        ("₮250", "250", "USDT"),
        ("250₮", "250", "USDT"),
        ("250.00 USDC", "250", "USDC"),
        ("100 MATIC", "100", "POL"),
        ("3 tether", "3", "USDT"),
        ("88.8U", "88.8", "USDT"),
        ("0.00012345 BTC", "0.00012345", "BTC"),
        ("1.500 USDT", "1500", "USDT"),
        ("1,500 USDT", "1500", "USDT"),
        ("1.500 ETH", "1.5", "ETH"),
        ("1,500 BTC", "1.5", "BTC"),
        ("1.500.000 TRX", "1500000", "TRX"),
        ("5k USDT", "5000", "USDT"),
        ("USDT 2.5k", "2500", "USDT"),
    ],
)
def test_an_amount_with_its_asset_in_each_number_format(text, value, asset):
    found = [(f.value, f.asset) for f in extract(f"I sent {text} yesterday") if f.kind == "amount"]
    assert found == [(value, asset)]


@pytest.mark.parametrize(
    "text",
    [
        "USDT 2 hours ago",
        "BTC 3 days",
        "$500 worth of ETH",
        "500$",
        "USDT 20 минут",
        "3 Bitcoin confirmations",
        "12 BTC-Bestätigungen",
        "a token that tracks ETH 1:1",
    ],
)
def test_numbers_that_are_not_amounts_of_an_asset(text):
    assert mentions(text, kinds=("amount",)) == []


# --- networks ---


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("ERC20", "ethereum"),
        ("ERC-20", "ethereum"),
        ("Ethereum mainnet", "ethereum"),
        ("сеть Эфириум", "ethereum"),
        ("以太坊", "ethereum"),
        ("이더리움", "ethereum"),
        ("TRC20", "tron"),
        ("TRC-20", "tron"),
        ("波场", "tron"),
        ("트론", "tron"),
        ("BEP20", "bsc"),
        ("BSC", "bsc"),
        ("BNB Smart Chain", "bsc"),
        ("币安智能链", "bsc"),
        ("Polygon", "polygon"),
        ("MATIC network", "polygon"),
        ("Arbitrum One", "arbitrum"),
        ("OP Mainnet", "optimism"),
        ("via Base", "base"),
        ("Base network", "base"),
        ("Avalanche C-Chain", "avalanche"),
        ("AVAX C-Chain", "avalanche"),
        ("Solana", "solana"),
        ("SPL", "solana"),
        ("ソラナ", "solana"),
        ("TON", "ton"),
        ("XRP Ledger", "xrp"),
        ("XRPL", "xrp"),
        ("Bitcoin", "bitcoin"),
        ("BTC network", "bitcoin"),
        ("Native SegWit", "bitcoin"),
        ("биткоин", "bitcoin"),
        ("rede BTC", "bitcoin"),
        ("mạng ETH", "ethereum"),
    ],
)
def test_network_names_and_aliases_become_slugs(text, slug):
    assert mentions(f"sent via {text} yesterday", kinds=("network",)) == [("network", slug)]


@pytest.mark.parametrize(
    "text", ["based on", "Base fee is high", "the database", "ton ami", "Ton deposit", "a red car"]
)
def test_common_words_are_not_networks(text):
    assert mentions(text, kinds=("network",)) == []


def test_an_evm_address_takes_the_only_evm_network_named_and_none_when_two_are():
    [addr] = [f for f in extract(f"BEP20 to {ADDRESS}") if f.kind == "address"]
    assert addr.network == "bsc"
    [addr] = [f for f in extract(f"sent BEP20 instead of ERC20 to {ADDRESS}") if f.kind == "address"]
    assert addr.network == ""


# --- hostile input ---


@pytest.mark.parametrize(
    "text",
    [
        "ab" * 50_000,
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz" * 1700,
        "123 " * 25_000,
        "a." * 50_000,
        "tag 12345 " * 10_000,
        ("0x" + "ab" * 32 + " ") * 1500,
    ],
)
def test_hostile_input_of_100_kb_is_handled_and_never_yields_more_than_its_distinct_values(text):
    found = extract(text)
    assert len(found) <= 1


def test_a_message_naming_thousands_of_hashes_yields_a_bounded_number_of_mentions():
    hashes = [f"{i:064x}".replace("0", "a", 1) for i in range(1, 1_500)]
    found = extract(" ".join(f"0x{h}" for h in hashes))
    assert len(found) == MAX_MENTIONS
    assert [f.value for f in found] == [f"0x{h}" for h in hashes[:MAX_MENTIONS]]


def test_a_number_after_a_tag_word_is_the_tag_even_with_an_asset_after_it():
    found = [
        (f.kind, f.value) for f in extract("hedef etiketi: 418270124 XRP gelmedi") if f.kind != "network"
    ]
    assert found == [("memo", "418270124")]


def test_a_network_code_glued_to_its_token_is_a_network():
    assert mentions("USDTERC20充值888U", kinds=("network", "amount")) == [
        ("network", "ethereum"),
        ("amount", "888"),
    ]
    assert mentions("USDT-TRC20", kinds=("network",)) == [("network", "tron")]
