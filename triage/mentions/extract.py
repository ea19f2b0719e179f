"""The scanner: one linear pass per pattern over the body and each attachment name, then the message-level
decisions (which network an EVM address or a bare 64-hex hash belongs to) and de-duplication.

Linear on hostile input by construction: candidate strings are maximal runs of [0-9A-Za-z] (found by one
regex that never backtracks), and only runs of an address's or hash's length are decoded."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from triage.mentions import vocabulary as v
from triage.mentions.codecs import (
    BTC_ALPHABET,
    XRP_ALPHABET,
    b58check_decode,
    b58decode,
    bech32_decode,
    eip55,
    segwit_decode,
    ton_friendly_decode,
)
from triage.mentions.found import SUSPECT, Found

_RUN_RE = re.compile(r"[0-9A-Za-z]+")
_TON_FRIENDLY_RE = re.compile(r"(?<![A-Za-z0-9_+-])[EUk0]Q[A-Za-z0-9_+/-]{46}(?![A-Za-z0-9_+/=-])")
_TON_RAW_RE = re.compile(r"(?<![0-9A-Za-z:-])(-1|0):([0-9a-fA-F]{64})(?![0-9A-Za-z])")
_HEX = frozenset("0123456789abcdefABCDEF")
_B58 = frozenset(BTC_ALPHABET)
_XRP_CHARS = frozenset(XRP_ALPHABET)
_EMAIL_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._+-")
_BARE_HASH_CHAINS = ("bitcoin", "evm", "tron", "xrp", "ton")
_MAX_ATTACHMENT_NAME = 512
_LABEL_WINDOW = 48
_MAX_TAG = 2**32 - 1
MAX_MENTIONS = 64  # per message, and as many suspects at most


@dataclass
class _Item:
    kind: str
    value: str
    chains: tuple[str, ...]
    network: str
    start: int
    end: int
    source: str
    checksum: str
    asset: str = ""
    reason: str = ""
    bare: bool = False  # a 64-hex hash without 0x: its chains are settled by the message
    memo_word: str = ""  # "tag" (XRP wording) or "memo"
    url_network: str | None = None  # set when the string sits in an explorer link


@dataclass
class _Url:
    start: int
    end: int
    path_start: int
    known: bool  # a known explorer host
    network: str
    testnet: bool


def _suspect(
    value: str, start: int, end: int, source: str, reason: str, chains: tuple[str, ...] = ()
) -> _Item:
    return _Item(SUSPECT, value, chains, "", start, end, source, "invalid", reason=reason)


def _classify(tok: str, start: int, source: str) -> _Item | None:
    """What a maximal alphanumeric run is, by its shape and its checksum."""
    end, n = start + len(tok), len(tok)
    if tok[:2] in ("0x", "0X"):
        body = tok[2:]
        if not set(body) <= _HEX:
            return None
        if len(body) == 64:
            return _Item("tx_hash", "0x" + body.lower(), ("evm",), "", start, end, source, "none")
        if len(body) == 40:
            checksummed = eip55(body)
            if body == body.lower() or body == body.upper():
                return _Item("address", checksummed, ("evm",), "", start, end, source, "none")
            if checksummed[2:] == body:
                return _Item("address", checksummed, ("evm",), "", start, end, source, "valid")
            return _suspect(tok, start, end, source, "EIP-55 checksum mismatch", ("evm",))
        if len(body) in (39, 41, 63, 65):
            return _suspect(tok, start, end, source, "0x hex of the wrong length", ("evm",))
        return None
    low = tok.lower()
    if low.startswith("bc1"):
        if segwit_decode("bc", tok) is not None:
            return _Item("address", low, ("bitcoin",), "bitcoin", start, end, source, "valid")
        return _suspect(tok, start, end, source, "bech32/bech32m checksum or program invalid", ("bitcoin",))
    if low.startswith(("tb1", "bcrt1")):
        if bech32_decode(tok) is not None:
            return _suspect(tok, start, end, source, "Bitcoin testnet address", ("bitcoin",))
        return None
    if n == 64 and set(tok) <= _HEX:
        if tok.isdigit() or not any(c.isdigit() for c in tok):
            return None
        return _Item("tx_hash", low, _BARE_HASH_CHAINS, "", start, end, source, "none", bare=True)
    first = tok[0]
    if set(tok) <= _B58:
        found = _base58_address(tok, start, end, source)
        if found is not None:
            return found
    if first == "r" and 25 <= n <= 35 and set(tok) <= _XRP_CHARS:
        return (
            _Item("address", tok, ("xrp",), "xrp", start, end, source, "valid")
            if _xrp_classic(tok)
            else (_suspect(tok, start, end, source, "XRP address checksum mismatch", ("xrp",)))
        )
    if first in "XT" and n == 47 and set(tok) <= _XRP_CHARS:
        payload = b58check_decode(tok, XRP_ALPHABET)
        if payload is not None and len(payload) == 31 and payload[:2] == b"\x05\x44":
            return _Item("address", tok, ("xrp",), "xrp", start, end, source, "valid")
        if payload is not None and len(payload) == 31 and payload[:2] == b"\x04\x93":
            return _suspect(tok, start, end, source, "XRP testnet X-address", ("xrp",))
        return _suspect(tok, start, end, source, "XRP X-address checksum mismatch", ("xrp",))
    if set(tok) <= _B58:
        if first in "13" and 26 <= n <= 35:
            return _suspect(tok, start, end, source, "base58check checksum mismatch (Bitcoin)", ("bitcoin",))
        if first == "T" and n == 34:
            return _suspect(tok, start, end, source, "base58check checksum mismatch (Tron)", ("tron",))
    return None


def _xrp_classic(tok: str) -> bool:
    payload = b58check_decode(tok, XRP_ALPHABET)
    return payload is not None and len(payload) == 21 and payload[0] == 0


def _base58_address(tok: str, start: int, end: int, source: str) -> _Item | None:
    """Bitcoin legacy, Tron (base58check, version byte) and Solana (exactly 32 or 64 bytes)."""
    n, first = len(tok), tok[0]
    if 26 <= n <= 35 and first in "13mn2T":
        payload = b58check_decode(tok)
        if payload is not None and len(payload) == 21:
            version = payload[0]
            if version in (0x00, 0x05) and first in "13":
                return _Item("address", tok, ("bitcoin",), "bitcoin", start, end, source, "valid")
            if version in (0x6F, 0xC4) and first in "mn2":
                return _suspect(tok, start, end, source, "Bitcoin testnet address", ("bitcoin",))
            if version == 0x41 and first == "T":
                return _Item("address", tok, ("tron",), "tron", start, end, source, "valid")
    if 32 <= n <= 44 or 86 <= n <= 88:
        # Solana has no checksum: precision comes from the exact decoded length and from refusing
        # runs of a single character class (words, digit strings).
        classes = (
            any(c.isdigit() for c in tok) + any(c.islower() for c in tok) + any(c.isupper() for c in tok)
        )
        if classes < 2:
            return None
        raw = b58decode(tok)
        if raw is not None and len(raw) == 32 and n <= 44:
            return _Item("address", tok, ("solana",), "solana", start, end, source, "none")
        if raw is not None and len(raw) == 64 and n >= 86:
            return _Item("tx_hash", tok, ("solana",), "solana", start, end, source, "none")
    return None


def _urls(text: str) -> list[_Url]:
    out = []
    for m in v.URL_RE.finditer(text):
        host = m.group(1).lower()
        path = m.group("path")
        network, known = "", False
        for suffix, slug in v.EXPLORERS.items():
            if host == suffix or host.endswith("." + suffix):
                known, network = True, slug
                break
        if known and host.endswith("blockchair.com"):
            network = v.BLOCKCHAIR_PATH.get(path.strip("/").split("/", 1)[0].lower(), "")
        testnet = bool(v.TESTNET_PATH_RE.search(path)) or any(
            label in v.TESTNET_LABELS for label in re.split(r"[.-]", host)
        )
        out.append(_Url(m.start(), m.end(), m.start("path"), known, network, testnet))
    return out


def _in_email(text: str, start: int, end: int) -> bool:
    i, steps = start - 1, 0
    while i >= 0 and steps < 64 and text[i] in _EMAIL_CHARS:
        i, steps = i - 1, steps + 1
    if i >= 0 and text[i] == "@":
        return True
    j, steps = end, 0
    while j < len(text) and steps < 64 and text[j] in _EMAIL_CHARS:
        j, steps = j + 1, steps + 1
    return j < len(text) and text[j] == "@"


_CLAUSE_BREAK = re.compile(r"[,;!?，、。！？；]|\.\s")  # noqa: RUF001 (CJK punctuation)


def _labelled_as_other(text: str, start: int) -> bool:
    """ "API key: <64 hex>", "order id 3f9a…": the customer says what the string is, and it is not ours."""
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - _LABEL_WINDOW) : start]
    label_end = max((m.end() for m in v.NOT_A_MENTION_RE.finditer(window)), default=-1)
    if label_end < 0:
        return False
    # A label names what follows it directly ("API key: …"); one a clause or more back ("my API key was
    # stolen, and a withdrawal went to …") is about something else.
    if _CLAUSE_BREAK.search(window[label_end:]) or len(window[label_end:].split()) > 4:
        return False
    # "order hash: …" is a label; "API key: …, tx hash: …" ends with a word that names a mention.
    return not any(m.start() >= label_end for m in v.MENTION_WORD_RE.finditer(window))


def _in_url(urls: list[_Url], starts: list[int], start: int, end: int) -> _Url | None:
    """The link holding [start, end), if any (links are disjoint and sorted by start)."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and end <= urls[i].end:
        return urls[i]
    return None


def _url_verdict(text: str, url: _Url, start: int) -> str | None:
    """None if a string inside this URL is a mention, else the reason it is not."""
    if url.testnet:
        return "in a testnet explorer link"
    if url.known:
        return None
    before = re.split(r"[/?&#=]+", text[url.path_start : start].strip("/?&#="))
    if before and before[-1].lower() in v.EXPLORER_SEGMENTS:
        return None
    return "part of a link that is not an explorer's"


class _Mask:
    """Which characters a mention already covers: O(length of the span) per test, whatever the count."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self.bits.find(1, start, end) == -1


# "1,500" and "1.500" are fifteen hundred or one and a half depending on the writer's locale. For one
# separator followed by exactly three digits, the asset decides: nobody writes a stablecoin or a cheap
# coin with three decimals, while 1.5 BTC is far likelier than fifteen hundred.
_HIGH_PRICE_ASSETS = frozenset({"BTC", "ETH", "BNB", "SOL", "AVAX"})


def _parse_number(raw: str, asset: str, *, thousands: bool = False) -> str | None:
    """A customer's number as a plain decimal string; "5k" (thousands=True) is 5000."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("'", " ")
    text = text.replace(" ", "")
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
        group_sep = "," if decimal_sep == "." else "."
        text = text.replace(group_sep, "").replace(decimal_sep, ".")
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = text.split(sep)
        grouped = len(parts) > 2 or (
            len(parts[1]) == 3 and parts[0].strip("0") != "" and asset not in _HIGH_PRICE_ASSETS
        )
        text = text.replace(sep, "") if grouped else text.replace(sep, ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if number <= 0:
        return None
    if thousands:
        number *= 1000
    return format(number.normalize(), "f")


def _scan(text: str, source: str) -> list[_Item]:
    items: list[_Item] = []
    claimed = _Mask(len(text))
    urls = _urls(text)
    url_starts = [url.start for url in urls]
    in_url = _Mask(len(text))
    for url in urls:
        in_url.add(url.start, url.end)

    def keep(item: _Item) -> None:
        original = text[item.start : item.end]
        if item.kind != SUSPECT:
            if _in_email(text, item.start, item.end):
                item = _suspect(
                    item.value, item.start, item.end, source, "part of an email address", item.chains
                )
            elif (url := _in_url(urls, url_starts, item.start, item.end)) is not None:
                reason = _url_verdict(text, url, item.start)
                if reason is not None:
                    item = _suspect(original, item.start, item.end, source, reason, item.chains)
                else:
                    item.url_network = url.network
            elif _labelled_as_other(text, item.start):
                item = _suspect(
                    item.value, item.start, item.end, source, "labelled as something else", item.chains
                )
        items.append(item)
        claimed.add(item.start, item.end)

    for m in _TON_RAW_RE.finditer(text):
        value = f"{m.group(1)}:{m.group(2).lower()}"
        keep(_Item("address", value, ("ton",), "ton", m.start(), m.end(), source, "none"))
    for m in _TON_FRIENDLY_RE.finditer(text):
        decoded = ton_friendly_decode(m.group())
        if decoded is None:
            reason = "TON address checksum (CRC16) mismatch"
            keep(_suspect(m.group(), m.start(), m.end(), source, reason, ("ton",)))
            continue
        if decoded[0] & 0x80:
            keep(_suspect(m.group(), m.start(), m.end(), source, "TON testnet address", ("ton",)))
        else:
            keep(_Item("address", m.group(), ("ton",), "ton", m.start(), m.end(), source, "valid"))
    for m in _RUN_RE.finditer(text):
        if not 25 <= m.end() - m.start() <= 90 or not claimed.free(m.start(), m.end()):
            continue
        item = _classify(m.group(), m.start(), source)
        if item is not None:
            keep(item)

    # A tag comes before amounts: in "tag: 418270124 XRP" the number is the tag.
    for m in v.TAG_RE.finditer(text):
        span = (m.start("value"), m.end("value"))
        if not (claimed.free(*span) and in_url.free(*span)) or int(m.group("value")) > _MAX_TAG:
            continue
        items.append(_Item("memo", m.group("value"), ("xrp",), "xrp", *span, source, "none", memo_word="tag"))
        claimed.add(*span)
    for m in v.AMOUNT_RE.finditer(text):
        if not claimed.free(m.start(), m.end()):
            continue
        raw = m.group("num") or m.group("num2") or m.group("num3") or ""
        symbol = m.group("sym") or m.group("sym2") or "USDT"
        asset = v.ASSET_ALIASES[symbol.upper()]
        number = _parse_number(raw, asset, thousands=bool(m.group("k") or m.group("k2")))
        if number is None:
            continue
        items.append(_Item("amount", number, (), "", m.start(), m.end(), source, "none", asset=asset))
        claimed.add(m.start(), m.end())

    for m in v.MEMO_RE.finditer(text):
        span = (m.start("value"), m.end("value"))
        if not (claimed.free(*span) and in_url.free(*span)) or not any(c.isdigit() for c in m.group("value")):
            continue
        items.append(_Item("memo", m.group("value"), (), "", *span, source, "none", memo_word="memo"))
        claimed.add(*span)

    def taken(start: int, end: int) -> bool:
        return not (claimed.free(start, end) and in_url.free(start, end))

    for m in v.NETWORK_RE.finditer(text):
        if not taken(m.start(), m.end()):
            slug = m.lastgroup or ""
            items.append(_network(slug, m.start(), m.end(), source))
    for m in v.TON_RE.finditer(text):
        if not taken(m.start(), m.end()):
            items.append(_network("ton", m.start(), m.end(), source))
    for m in v.BASE_RE.finditer(text):
        if taken(m.start(), m.end()):
            continue
        before = text[: m.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:\n"
        if m.group() == "BASE" or m.group("word") or not sentence_start:
            items.append(_network("base", m.start(), m.end(), source))
    return items


def _network(slug: str, start: int, end: int, source: str) -> _Item:
    return _Item("network", slug, (v.NETWORK_FAMILY[slug],), slug, start, end, source, "none")


def _resolve(items: list[_Item], body: str) -> None:
    """Settle networks that depend on the whole message: EVM strings, bare hashes, memos."""
    named = list(dict.fromkeys(i.value for i in items if i.kind == "network"))
    evm_named = [slug for slug in named if v.NETWORK_FAMILY[slug] == "evm"]
    named_families = {v.NETWORK_FAMILY[slug] for slug in named}
    address_families = {i.chains[0] for i in items if i.kind == "address"}
    asset_families = {v.ASSET_HINT_FAMILY[m.group(1)] for m in v.ASSET_HINT_RE.finditer(body)}
    asset_families |= {
        v.ASSET_HINT_FAMILY[i.asset] for i in items if i.kind == "amount" and i.asset in v.ASSET_HINT_FAMILY
    }
    evm_network = evm_named[0] if len(evm_named) == 1 else ""
    url_networks = {i.value: i.url_network for i in items if i.url_network}

    for item in items:
        if item.kind not in ("address", "tx_hash"):
            continue
        url_network = url_networks.get(item.value) or item.url_network
        if item.bare:
            family = v.NETWORK_FAMILY.get(url_network or "")
            if family:
                chains: tuple[str, ...] = (family,)
            else:
                chains = item.chains
                for hint in (named_families, address_families, asset_families):
                    narrowed = tuple(c for c in item.chains if c in hint)
                    if narrowed:
                        chains = narrowed
                        break
            item.chains = chains
            if len(chains) == 1:
                family = chains[0]
                item.network = url_network or v.SINGLE_NETWORK.get(family, evm_network)
                if family == "evm":
                    item.value = "0x" + item.value
        elif item.chains == ("evm",):
            if url_network and v.NETWORK_FAMILY.get(url_network) == "evm":
                item.network = url_network
            else:
                item.network = evm_network

    memo_families = sorted((named_families | address_families) & {"xrp", "ton"})
    for item in items:
        if item.kind == "memo" and item.memo_word == "memo" and len(memo_families) == 1:
            item.chains, item.network = (memo_families[0],), memo_families[0]


def extract(text: str, *, attachment_names: Sequence[str] = ()) -> list[Found]:
    """Every mention in a message body and its attachment names, de-duplicated, in reading order."""
    items = _scan(text, "body")
    for name in attachment_names:
        items.extend(_scan(name[:_MAX_ATTACHMENT_NAME], f"attachment:{name[:_MAX_ATTACHMENT_NAME]}"))
    _resolve(items, text)
    out: list[Found] = []
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        key = (item.kind, item.value, item.asset)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Found(
                kind=item.kind,
                value=item.value,
                chains=item.chains,
                network=item.network,
                asset=item.asset,
                start=item.start,
                end=item.end,
                source=item.source,
                checksum=item.checksum,
                reason=item.reason,
            )
        )
    order = {"body": 0}
    for index, name in enumerate(attachment_names, start=1):
        order.setdefault(f"attachment:{name[:_MAX_ATTACHMENT_NAME]}", index)
    out.sort(key=lambda f: (order.get(f.source, 0), f.start))
    # A message naming a thousand hashes is an attack on the look-ups that follow, not a customer.
    mentions = [f for f in out if f.kind != SUSPECT][:MAX_MENTIONS]
    suspects = [f for f in out if f.kind == SUSPECT][:MAX_MENTIONS]
    return sorted(mentions + suspects, key=lambda f: (order.get(f.source, 0), f.start))
