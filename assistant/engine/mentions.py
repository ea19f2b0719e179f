"""Transaction hashes and addresses in a message, in the taxonomy's kinds (eth_tx, btc_address, ...).

The technical-triage extractor (`triage.mentions.extract`) finds and validates them; this maps its
chain families to the taxonomy (every EVM chain is `eth_*`) and drops what the taxonomy does not name
(amounts, memos, networks, XRP/TON strings). A bare 64-hex hash fits Bitcoin, Tron and EVM alike: the
network the message names settles it (nearest before the hash first), and a hash written without "0x"
and without a hint is read as Tron when the message is about USDT, else as Bitcoin.
"""

from __future__ import annotations

import re

from assistant.types import Mention
from triage.mentions.extract import extract
from triage.mentions.found import Found

_FAMILY_KIND = {"evm": "eth", "bitcoin": "btc", "solana": "sol", "tron": "tron"}
_KIND_SUFFIX = {"tx_hash": "tx", "address": "address"}

_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tron", re.compile(r"tron|trc-?20|\btrx\b|трон|ترون|波场", re.IGNORECASE)),
    (
        "bitcoin",
        re.compile(
            r"\bbtc\b|bitcoin|биткоин|біткоїн|بيتكوين|بیت ?کوین|比特币|ビットコイン|비트코인|บิตคอยน์", re.I
        ),
    ),
    (
        "solana",
        re.compile(r"solana|\bsol\b|солана|索拉纳", re.IGNORECASE),
    ),
    (
        "evm",
        re.compile(
            r"ethereum|\beth\b|erc-?20|\bbsc\b|bep-?20|polygon|arbitrum|optimism|\bbase\b|эфир|以太坊", re.I
        ),
    ),
)
_USDT = re.compile(r"usdt|tether", re.IGNORECASE)
_LABELLED = "labelled as something else"


def _hinted(text: str, start: int, allowed: tuple[str, ...]) -> str | None:
    best: tuple[int, int, str] | None = None
    for family, pattern in _HINTS:
        if family not in allowed:
            continue
        for match in pattern.finditer(text):
            # Prefer a network named before the hash, nearest first; then one named after it.
            before = match.start() < start
            distance = start - match.end() if before else match.start() - start
            key = (0 if before else 1, distance, family)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _family(text: str, found: Found) -> str | None:
    chains = tuple(c for c in found.chains if c in _FAMILY_KIND)
    if not chains:
        return None
    if len(chains) == 1:
        return chains[0]
    value = found.value
    # A 0x-prefixed hash is EVM's way of writing it; without the prefix, EVM is the unlikely reading.
    allowed = chains if value.startswith("0x") else tuple(c for c in chains if c != "evm") or chains
    hinted = _hinted(text, found.start, allowed)
    if hinted:
        return hinted
    if "tron" in allowed and _USDT.search(text):
        return "tron"
    if "bitcoin" in allowed:
        return "bitcoin"
    return allowed[0]


def _relabelled(found: Found) -> Found | None:
    """An address the extractor set aside because a label ("login", "device") stood before it: kept when
    the string alone is a valid address (a hash is not kept: "API key: <64 hex>" must stay out)."""
    value = found.value
    again = [f for f in extract(value) if f.kind == "address" and f.checksum == "valid" and f.value == value]
    return again[0] if again else None


def mentions(text: str) -> tuple[Mention, ...]:
    out: list[Mention] = []
    seen: set[tuple[str, str]] = set()
    for found in extract(text):
        item = found
        if found.kind == "suspect" and found.reason == _LABELLED:
            relabelled = _relabelled(found)
            if relabelled is None:
                continue
            item = relabelled
        kind = item.kind
        if kind not in _KIND_SUFFIX:
            continue
        family = _family(text, found)
        if family is None:
            continue
        mention = Mention(kind=f"{_FAMILY_KIND[family]}_{_KIND_SUFFIX[kind]}", value=str(item.value))
        key = (mention.kind, mention.value)
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return tuple(out)
