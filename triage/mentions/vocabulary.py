# ruff: noqa: RUF001 (the vocabulary is multilingual on purpose)
"""The words customers use for networks, tags and memos, assets, and the labels that mark a string as
something other than a hash (an API key, an order id), in the helpdesk's languages. Compiled once."""

from __future__ import annotations

import re

NETWORK_FAMILY = {
    "ethereum": "evm",
    "bsc": "evm",
    "polygon": "evm",
    "arbitrum": "evm",
    "optimism": "evm",
    "base": "evm",
    "avalanche": "evm",
    "bitcoin": "bitcoin",
    "tron": "tron",
    "solana": "solana",
    "xrp": "xrp",
    "ton": "ton",
}
# A family with a single network: its addresses name the network by their format alone.
SINGLE_NETWORK = {"bitcoin": "bitcoin", "tron": "tron", "solana": "solana", "xrp": "xrp", "ton": "ton"}

_L = "A-Za-z0-9"  # Latin boundary: CJK, Hangul and Arabic words sit glued to Latin ones
_CYR = "А-Яа-яЁёІіЇїЄєҐґ"
# Words for "network" that turn an asset symbol into a network name ("ETH network", "rede BTC").
_NETWORD = (
    r"(?:network|chain|mainnet|red|rede|r[ée]seau|netzwerk|rete|сеть|сети|сетью|сеті|мережа|мережі|"
    r"ağı?|ağında|mạng|jaringan|네트워크|ネットワーク|网络|網絡|شبكة)"
)
_SYMBOL_NET = {
    "ETH": "ethereum",
    "BTC": "bitcoin",
    "SOL": "solana",
    "TRX": "tron",
    "BNB": "bsc",
    "MATIC": "polygon",
    "POL": "polygon",
    "AVAX": "avalanche",
    "ARB": "arbitrum",
    "OP": "optimism",
    "XRP": "xrp",
}


def _latin(word: str) -> str:
    return rf"(?<![{_L}]){word}(?![{_L}])"


def _cyr(stem: str) -> str:
    return rf"(?<![{_CYR}]){stem}[{_CYR}]*"


def _symbol_net(symbol: str) -> str:
    return _latin(rf"(?:{symbol}\s*[-–(]?\s*{_NETWORD}|{_NETWORD}\s+{symbol})")


# Case-insensitive aliases per network slug (the order of the dict is the order of the alternation).
_NETWORK_WORDS: dict[str, list[str]] = {
    "ethereum": [
        _latin(r"(?:usdt|usdc|dai)?erc[\s-]?20"),
        _latin(r"eth[ae]?re?[iu]u?m(?:\s+mainnet)?"),
        _symbol_net("ETH"),
        _cyr("эфири?ум"),
        _cyr("ефіріум"),
        _cyr("етеріум"),
        "以太坊",
        "イーサリアム",
        "이더리움",
        "(?:ال)?[إا]يث[يى]?ريوم",
    ],
    "tron": [
        _latin(r"(?:usdt|usdc)?trc[\s-]?20"),
        _latin(r"tron"),
        _symbol_net("TRX"),
        _cyr("трон"),
        "波场",
        "トロン",
        "트론",
        "ترون",
    ],
    "bsc": [
        _latin(r"(?:usdt|usdc)?bep[\s-]?20"),
        _latin(r"bsc"),
        _latin(r"(?:bnb|binance)\s+(?:smart\s+)?chain"),
        _symbol_net("BNB"),
        "币安智能链",
        "币安链",
        "바이낸스\\s*스마트\\s*체인",
    ],
    "polygon": [
        _latin(r"poly?gon(?:\s+pos)?"),
        _latin(r"matic"),
        _symbol_net("POL"),
        _cyr("полигон"),
        "ポリゴン",
        "폴리곤",
        "马蹄链",
    ],
    "arbitrum": [
        _latin(r"arbitr?um(?:\s+one)?"),
        _symbol_net("ARB"),
        _cyr("арбитрум"),
        "アービトラム",
        "아비트럼",
    ],
    "optimism": [_latin(r"(?:optimism|op\s+mainnet)"), _symbol_net("OP"), "옵티미즘"],
    "avalanche": [
        _latin(r"avalanche(?:\s+c[\s-]?chain)?"),
        _latin(r"avax[\s-]?c(?:[\s-]?chain)?"),
        _latin(r"c-chain"),
        _symbol_net("AVAX"),
        "アバランチ",
        "아발란체",
    ],
    "solana": [
        _latin(r"sol[ao]na"),
        _latin(r"spl"),
        _symbol_net("SOL"),
        _cyr("солан"),
        "ソラナ",
        "솔라나",
        "索拉纳",
        "سولانا",
    ],
    "xrp": [
        _latin(r"xrp\s*ledger"),
        _latin(r"xrpl"),
        _latin(r"ripple"),
        _symbol_net("XRP"),
        _cyr("рипл"),
        "리플",
        "リップル",
        "瑞波",
    ],
    "ton": [_latin(r"the\s+open\s+network"), _latin(r"ton\s+network")],
    "bitcoin": [
        _latin(r"bitcoin"),
        _latin(r"(?:native\s+)?segwit"),
        _symbol_net("BTC"),
        _cyr("битко[иі]н"),
        _cyr("биткойн"),
        _cyr("біткоїн"),
        "比特币",
        "ビットコイン",
        "비트코인",
        "(?:ال)?بيتكوين",
    ],
}
# Every alias starts with one of these characters: the lookahead lets the engine skip all other
# positions with one test instead of trying ~80 alternatives (5x faster on long text).
_NETWORK_FIRST = "ebtpmaocsxrnjudэетпасрбм以イ이波ト트币바ポ폴马ア아옵ソ솔索리リ瑞比ビ비네ネ网網اإتسبش"
NETWORK_RE = re.compile(
    f"(?=[{_NETWORK_FIRST}])(?:"
    + "|".join(f"(?P<{slug}>{'|'.join(words)})" for slug, words in _NETWORK_WORDS.items())
    + ")",
    re.IGNORECASE,
)
# Case-sensitive: "TON" (French "ton", English "ton" are words) and "Base" (a common word in lower case).
TON_RE = re.compile(rf"(?<![{_L}])TON(?![{_L}])")
BASE_RE = re.compile(rf"(?<![{_L}])(?:Base|BASE)(?![{_L}])(?!\s+[Ff]ee)(?P<word>\s*{_NETWORD})?")

# --- assets and amounts ---

ASSET_ALIASES = {
    "USDT": "USDT",
    "USDC": "USDC",
    "BTC": "BTC",
    "ETH": "ETH",
    "BNB": "BNB",
    "POL": "POL",
    "MATIC": "POL",
    "TRX": "TRX",
    "SOL": "SOL",
    "XRP": "XRP",
    "TON": "TON",
    "ARB": "ARB",
    "OP": "OP",
    "AVAX": "AVAX",
    "DAI": "DAI",
    "TETHER": "USDT",
    "BITCOIN": "BTC",
    "BITCOINS": "BTC",
    "ETHER": "ETH",
    "TONCOIN": "TON",
    "₮": "USDT",
    "₿": "BTC",
    "Ξ": "ETH",
}
_SYM = r"(?:usdt|usdc|btc|eth|bnb|pol|matic|trx|sol|xrp|ton|arb|op|avax|dai|tether|bitcoins?|ether|toncoin)"
# Bounded repetitions: "123 123 123 …" must not make the engine backtrack over the whole run.
_NUM = r"(?:\d{1,3}(?:[,.'\u00a0\u202f\u2009 ]\d{3}){1,6}(?:[.,]\d{1,18})?|\d{1,24}(?:[.,]\d{1,18})?)"
_UNITS = (
    r"(?:min|mins|minutes?|h|hrs?|hours?|days?|d|sec|secs|seconds?|weeks?|times|confirmations?|confs?|"
    r"blocks?|мин\w*|час\w*|дн\w*|дня|блок\w*|годин\w*|saat|dakika|gün|giờ|phút|ngày|jam|menit|hari|"
    r"horas?|minutos?|días|dias|heures?|Stunden?|Minuten|Tage?|ore|minuti|giorni|"
    r"分|時間|小时|分钟|天|시간|분|일|ساعات?|دقائق|أيام)"
)
# "3 Bitcoin confirmations" counts confirmations, not bitcoins.
_COUNTED = (
    r"(?:confirm|bestätig|confirma|подтвержд|підтвердж|onay|xác\s+nhận|konfirmasi|block|блок|transac|fee)"
)
AMOUNT_RE = re.compile(
    rf"(?<![0-9A-Za-z#№.,/_+\-])(?P<num>{_NUM})(?P<k>[kK])?[\u00a0\u202f ]?(?P<sym>{_SYM}(?![{_L}])|[₮₿Ξ])"
    rf"(?![\s-]+{_COUNTED})"
    # "88.8U": Chinese-speaking customers write U for USDT, glued to the number.
    rf"|(?<![0-9A-Za-z#№.,/_+\-])(?P<num3>{_NUM})(?-i:U)(?![{_L}])"
    rf"|(?<![{_L}])(?P<sym2>{_SYM}|[₮₿Ξ])[\u00a0\u202f ]?:?\s?"
    rf"(?P<num2>{_NUM})(?P<k2>[kK])?(?![0-9A-Za-z]|[.,/:-]\d)"
    rf"(?!\s*{_UNITS}(?![{_L}]))",
    re.IGNORECASE,
)
# Asset symbols alone hint at the chain of a bare hash ("my BTC withdrawal ... <64 hex>").
ASSET_HINT_RE = re.compile(rf"(?<![{_L}])(BTC|TRX|XRP|ETH|SOL)(?![{_L}])")
ASSET_HINT_FAMILY = {"BTC": "bitcoin", "TRX": "tron", "XRP": "xrp", "ETH": "evm", "SOL": "solana"}

# --- tags and memos ---

_SEP = (
    r"[\s\u00a0]*(?:[:：=#№]|-|–|—|\bis\b|\bes\b|\bé\b|\best\b|\bist\b|\bè\b|\blà\b|\badalah\b|это|є|:)?"
    r"[\s\u00a0]*"
)
_TAG_WORDS = (
    r"destination[\s-]?tag|dest\.?[\s-]?tag|tag\s+de\s+destin(?:o|ation|ación)|tag\s+di\s+destinazione|"
    r"etiqueta(?:\s+de\s+destino)?|[ée]tiquette(?:\s+de\s+destination)?|ziel[\s-]?tag|"
    rf"тег[{_CYR}]*(?:\s+назначения|\s+призначення|\s+получателя)?|hedef\s+etiketi|etiket[iı]?|hedef\s+tag|"
    r"thẻ(?:\s+đích)?|tag\s+đích|tag\s+tujuan|tag"
)
_TAG_CJK = (
    r"데스티네이션\s*태그|목적지\s*태그|태그|宛先タグ|タグ|目标标签|目標標籤|标签|"
    r"علامة\s+الوجهة|وسم\s+الوجهة|الوسم|الوجهة"
)
_MEMO_WORDS = (
    rf"memo|mémo|мемо|comm?ent(?:aire|ario|ário|o)?|kommentar|yorum|ghi\s+chú|komentar|catatan|"
    rf"коментар[{_CYR}]*|комментари[{_CYR}]*|payment\s+id"
)
_MEMO_CJK = r"备注|留言|メモ|コメント|메모|코멘트|ميمو|تعليق"
TAG_RE = re.compile(
    r"(?=[dtezhтé데목태宛タ目标عوا])"
    rf"(?:(?<![{_L}{_CYR}])(?:{_TAG_WORDS})(?![{_L}])|(?:{_TAG_CJK})|(?<![{_L}])DT(?![{_L}]))"
    rf"(?P<sep>{_SEP})(?P<value>\d{{1,10}})(?![0-9A-Za-z]|[.,]\d)",
    re.IGNORECASE,
)
MEMO_RE = re.compile(
    r"(?=[mмcкpkygt备留メコ메코مت])"
    rf"(?:(?<![{_L}{_CYR}])(?:{_MEMO_WORDS})(?![{_L}])|(?:{_MEMO_CJK}))"
    rf"(?P<sep>{_SEP})(?P<value>[A-Za-z0-9_-]{{1,64}})(?![A-Za-z0-9_-])",
    re.IGNORECASE,
)

# --- labels that say a string is not a hash or address ---

NOT_A_MENTION_RE = re.compile(
    r"api[\s_-]?(?:key|secret|ключ\w*|anahtar\w*|키|キー|密钥|秘钥)|apikey|(?:clave|chave|cl[ée]|chiave|khóa|kunci)\s+(?:de\s+)?api|"
    r"api[\s-]?schlüssel|ключ\w*\s+api|مفتاح\s+api|"
    r"secret(?:\s+key)?|private\s+key|privkey|seed(?:\s+phrase)?|password|passwort|contraseña|senha|"
    r"приватн\w+\s+ключ|секрет\w*|"
    # An order is named with its number word ("orden de retiro 0x…" is a withdrawal and its hash).
    r"order\s*(?:id|no\.?|number|hash|#)|номер\s+(?:заказа|ордера|замовлення)|"
    r"(?:n[úu]mero|n[º°o]\.?)\s+(?:de\s+|du\s+|d[ae]\s+)?(?:pedido|orden|commande|ordem)|pedido\s+n[º°o]|"
    r"bestellnummer|auftragsnummer|numero\s+d['’]ordine|sipariş\s+(?:no|numarası)|mã\s+đơn\s+hàng|"
    r"nomor\s+pesanan|订单号|注文番号|주문\s*번호|رقم\s+الطلب|"
    r"referral|ref\s*code|invite\s+code|\bpromo|\buid\b|user\s*id|session|cookie|webhook",
    re.IGNORECASE,
)
MENTION_WORD_RE = re.compile(
    r"\btx\b|txid|txn|hash|хе?[шэ]|хеш|哈希|ハッシュ|해시|تجزئة|трансакц|транзакц|transa[cçk]|"
    r"işlem|giao\s+dịch|transaksi|交易|트랜잭션|トランザクション|address|direcci[oó]n|endereço|adresse|"
    r"indirizzo|адрес|адреса|adres|địa\s+chỉ|alamat|地址|주소|アドレス|عنوان|wallet|кошел|гаманец|"
    r"cüzdan|\bví\b|dompet|钱包|지갑|ウォレット|محفظة",
    re.IGNORECASE,
)

# --- URLs and explorers ---

URL_RE = re.compile(
    r"(?<![A-Za-z0-9.@-])(?:https?://)?((?:[A-Za-z0-9-]{1,63}\.){1,6}[A-Za-z]{2,12})(?::\d{1,5})?"
    r"(?P<path>/[^\s<>\"'`)\]]{0,600})"
)
# host suffix -> network slug ("" = an explorer whose network is in the path or unknown)
EXPLORERS = {
    "optimistic.etherscan.io": "optimism",
    "etherscan.io": "ethereum",
    "bscscan.com": "bsc",
    "polygonscan.com": "polygon",
    "arbiscan.io": "arbitrum",
    "basescan.org": "base",
    "snowtrace.io": "avalanche",
    "snowscan.xyz": "avalanche",
    "mempool.space": "bitcoin",
    "blockstream.info": "bitcoin",
    "btcscan.org": "bitcoin",
    "tronscan.org": "tron",
    "tronscan.io": "tron",
    "solscan.io": "solana",
    "explorer.solana.com": "solana",
    "solana.fm": "solana",
    "xrpscan.com": "xrp",
    "livenet.xrpl.org": "xrp",
    "bithomp.com": "xrp",
    "tonviewer.com": "ton",
    "tonscan.org": "ton",
    "blockchair.com": "",
    "oklink.com": "",
    "debank.com": "",
    "blockscout.com": "",
}
BLOCKCHAIR_PATH = {
    "bitcoin": "bitcoin",
    "ethereum": "ethereum",
    "tron": "tron",
    "ripple": "xrp",
    "solana": "solana",
    "ton": "ton",
    "bnb": "bsc",
    "polygon": "polygon",
    "arbitrum-one": "arbitrum",
    "optimism": "optimism",
    "base": "base",
    "avalanche": "avalanche",
}
TESTNET_LABELS = {"sepolia", "goerli", "holesky", "testnet", "amoy", "shasta", "nile", "devnet", "signet"}
TESTNET_PATH_RE = re.compile(r"^/(?:testnet4?|signet)(?:/|$)|[?&]cluster=(?:devnet|testnet)", re.IGNORECASE)
EXPLORER_SEGMENTS = {
    "tx",
    "txs",
    "transaction",
    "transactions",
    "address",
    "addresses",
    "account",
    "accounts",
    "hash",
    "txid",
    "txhash",
    "wallet",
    "profile",
}
