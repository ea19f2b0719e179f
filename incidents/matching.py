# ruff: noqa: RUF001, RUF003  (words in Turkish, Russian and other scripts are meant as written)
"""Whether a customer's message is about an active incident: pure functions over plain data.

Two ways to match, each giving the reason that is stored on the link:

- by triage facts: the message names one of the incident's networks (or, for an incident that names
  no network, one of its assets) and says what is wrong in a feature word of the incident (withdraw,
  retiro, вывод...). An incident that lists assets does not match a message about another asset.
- by text: one of the incident's match keywords appears in the message, compared case-insensitively
  after Unicode normalisation, with the Turkish dotted and dotless i folded by the message's language,
  and on word boundaries for scripts that have them.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Feature words per feature, across the languages the help center speaks. Stems, matched at the start
# of a word ("withdraw" finds "withdrawal", "withdrawing"); scripts without spaces match anywhere.
FEATURE_WORDS: dict[str, tuple[str, ...]] = {
    "withdrawals": (
        "withdraw", "payout", "cash out", "cashout",  # en
        "retiro", "retirada", "retirar", "retiré",  # es, pt
        "saque", "sacar",  # pt
        "вывод", "вывел", "вывести", "выплат",  # ru
        "çekim", "çektim", "çekme",  # tr
        "rút", "rut tien",  # vi
        "auszahl", "abheb",  # de
        "retrait", "retirer",  # fr
        "prelievo", "prelev",  # it
        "wypłat",  # pl
        "出金", "提现", "提幣", "提币", "出金",  # ja, zh
        "출금",  # ko
        "سحب",  # ar
    ),
    "deposits": (
        "deposit", "top up", "top-up", "credited", "not received", "didn't arrive", "did not arrive",
        "depósito", "deposito", "depositar", "ingreso",
        "пополн", "депозит", "зачисл", "не пришл", "не пришёл", "не пришел",
        "yatır", "yatir",
        "nạp", "nap tien",
        "einzahl",
        "dépôt", "depot",
        "wpłat",
        "入金", "充值", "充幣", "充币",
        "입금",
        "إيداع",
    ),
    "trading": (
        "trade", "trading", "order", "spot", "futures", "margin",
        "operar", "orden", "negociação", "ordem",
        "торг", "ордер", "сделк",
        "işlem", "emir",
        "giao dịch", "lệnh",
        "handel",
        "取引", "交易", "注文",
        "거래",
    ),
    "login": (
        "log in", "login", "sign in", "signin", "can't access", "2fa",
        "iniciar sesión", "acceder", "entrar", "acessar",
        "войти", "вход", "логин",
        "giriş", "oturum",
        "đăng nhập",
        "anmeld",
        "connexion", "connecter",
        "ログイン", "登录", "登入",
        "로그인",
    ),
    "api": ("api", "websocket", "rate limit", "endpoint"),
    "kyc": (
        "kyc", "verification", "verify", "verificación", "verificação", "верификац", "doğrulama",
        "xác minh", "verifizier", "vérification", "本人確認", "认证", "인증",
    ),
    "payments": (
        "card", "bank transfer", "sepa", "tarjeta", "cartão", "карт", "kart", "thẻ", "karte", "carte",
    ),
}  # fmt: skip

# Where the triage extractor does not name a network, the words customers use for it.
NETWORK_WORDS: dict[str, tuple[str, ...]] = {
    "tron": ("tron", "trc20", "trc-20", "trc 20"),
    "ethereum": ("ethereum", "erc20", "erc-20", "erc 20"),
    "bsc": ("bsc", "bep20", "bep-20", "bnb smart chain", "binance smart chain"),
    "polygon": ("polygon", "matic"),
    "arbitrum": ("arbitrum",),
    "optimism": ("optimism",),
    "base": ("base network", "base chain"),
    "avalanche": ("avalanche", "avax c-chain"),
    "bitcoin": ("bitcoin", "btc network"),
    "solana": ("solana", "spl"),
    "xrp": ("xrp ledger", "xrpl", "ripple"),
    "ton": ("ton network", "toncoin"),
}
ASSET_SYMBOLS = (
    "BTC", "ETH", "USDT", "USDC", "BNB", "POL", "TRX", "SOL", "XRP", "TON", "ARB", "OP", "AVAX", "DAI",
)  # fmt: skip


CASELESS_SYMBOLS = frozenset({"BTC", "ETH", "USDT", "USDC", "BNB", "TRX", "XRP", "AVAX"})


@dataclass(frozen=True)
class Facts:
    """What a message says, as far as matching an incident cares."""

    networks: frozenset[str] = frozenset()
    assets: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()
    text: str = ""  # folded for keyword matching


@dataclass(frozen=True)
class Candidate:
    """An active incident as the matcher sees it."""

    id: int
    networks: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


def fold(text: str, language: str = "") -> str:
    """Case- and form-insensitive text: NFKC, casefold, and Turkish i's folded the Turkish way."""
    text = unicodedata.normalize("NFKC", text or "")
    if language.split("-")[0].lower() in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    text = text.casefold().replace("i̇", "i")
    # Dotless ı and i are the same letter to a customer typing on a keyboard without the other.
    return text.replace("ı", "i")


def _has_spaces(word: str) -> bool:
    return any(unicodedata.category(c).startswith("L") and ord(c) < 0x2E80 for c in word)


# A letter or digit of a script written with spaces between words (Latin with its Vietnamese and other
# accents, Greek, Cyrillic, Hebrew, Arabic): what makes a word boundary there. Next to a CJK character
# there is always one ("TRC20の" names TRC20).
_SPACED = r"[0-9a-z\u00c0-\u02af\u0370-\u052f\u0590-\u06ff\u1e00-\u1eff]"


@functools.lru_cache(maxsize=4096)
def _pattern(folded: str, whole: bool) -> "re.Pattern[str]":
    return re.compile(f"(?<!{_SPACED})" + re.escape(folded) + (f"(?!{_SPACED})" if whole else ""))


def contains_word(folded_text: str, folded_word: str) -> bool:
    """`folded_word` at the start of a word of the text (anywhere for scripts written without spaces)."""
    if not folded_word:
        return False
    if not _has_spaces(folded_word):
        return folded_word in folded_text
    return _pattern(folded_word, False).search(folded_text) is not None


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """A keyword: whole words at both ends where the script has them."""
    if not folded_phrase:
        return False
    if not _has_spaces(folded_phrase):
        return folded_phrase in folded_text
    return _pattern(folded_phrase, True).search(folded_text) is not None


_FOLDED_FEATURE_WORDS: dict[str, tuple[str, ...]] = {}
_FOLDED_NETWORK_WORDS: dict[str, tuple[str, ...]] = {}


def facts_from_text(
    text: str, *, language: str = "", networks: Iterable[str] = (), assets: Iterable[str] = ()
) -> Facts:
    """The facts of a message: networks and assets the extractor found, plus the ones its words name."""
    folded = fold(text, language)
    found_networks = set(networks)
    for slug, words in _FOLDED_NETWORK_WORDS.items():
        if any(contains_phrase(folded, w) for w in words):
            found_networks.add(slug)
    found_assets = {a.upper() for a in assets}
    plain = unicodedata.normalize("NFKC", text or "")
    for symbol in ASSET_SYMBOLS:
        # "sol", "ton", "op", "dai" are words in some languages: those count only written in capitals.
        flags = re.IGNORECASE if symbol in CASELESS_SYMBOLS else 0
        if re.search(r"(?<![A-Za-z0-9])" + symbol + r"(?![A-Za-z0-9])", plain, flags):
            found_assets.add(symbol)
    features = {
        feature
        for feature, words in _FOLDED_FEATURE_WORDS.items()
        if any(contains_word(folded, w) for w in words)
    }
    return Facts(frozenset(found_networks), frozenset(found_assets), frozenset(features), folded)


def match_by_facts(candidate: Candidate, facts: Facts) -> str | None:
    """The reason a message's facts match the incident, or None."""
    networks = set(candidate.networks) & facts.networks
    assets = set(candidate.assets) & facts.assets
    if candidate.networks:
        if not networks:
            return None
        # A message about another asset on the same network is not this incident's.
        if candidate.assets and facts.assets and not assets:
            return None
    elif candidate.assets:
        if not assets:
            return None
    else:
        return None
    features = set(candidate.features) & facts.features
    if candidate.features and not features:
        return None
    said = [*(f"network {n}" for n in sorted(networks)), *(f"asset {a}" for a in sorted(assets))]
    said += [f"feature {f}" for f in sorted(features)]
    return "triage: " + ", ".join(said)


def match_by_text(candidate: Candidate, facts: Facts) -> str | None:
    for keyword in candidate.keywords:
        if contains_phrase(facts.text, fold(keyword)):
            return f"keyword “{keyword}”"[:300]
    return None


def match(candidate: Candidate, facts: Facts) -> str | None:
    return match_by_facts(candidate, facts) or match_by_text(candidate, facts)


def matching(candidates: Sequence[Candidate], facts: Facts) -> list[tuple[Candidate, str]]:
    out = []
    for candidate in candidates:
        reason = match(candidate, facts)
        if reason:
            out.append((candidate, reason))
    return out


# Transfer statuses (exchange.types.Transfer.status) and chain statuses that mean "still on its way".
IN_TRANSIT = frozenset({"pending", "review", "queued", "broadcast", "confirming", "not_found"})
DIRECTION_FEATURE = {"deposit": "deposits", "withdrawal": "withdrawals"}


def features_from_statuses(statuses: Iterable[str]) -> frozenset[str]:
    """`"withdrawal:queued"` → withdrawals; a bare in-transit status (`"pending"`) may be either way."""
    features: set[str] = set()
    for status in statuses:
        direction, _, state = str(status).rpartition(":")
        if state.lower() not in IN_TRANSIT:
            continue
        if direction in DIRECTION_FEATURE:
            features.add(DIRECTION_FEATURE[direction])
        else:
            features.update(DIRECTION_FEATURE.values())
    return frozenset(features)


_FOLDED_FEATURE_WORDS.update({f: tuple(fold(w) for w in words) for f, words in FEATURE_WORDS.items()})
_FOLDED_NETWORK_WORDS.update({n: tuple(fold(w) for w in words) for n, words in NETWORK_WORDS.items()})
