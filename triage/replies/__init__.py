"""Replies to the customer for each diagnosis, in the ticket's language, filled from the facts.

Calm and exact: they say what the facts show and who is looking at it, and never promise that funds
will be recovered. One module per language (a dict of diagnosis code -> text with `{placeholders}`);
a language without a text falls back to English.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Mapping
from functools import cache

LANGUAGES: tuple[str, ...] = ("en", "es", "pt", "fr", "de", "ru", "tr", "vi", "id", "ko", "ja", "zh_hans")
FALLBACK = "en"

# How a network is called in a reply (the slugs are for machines).
NETWORK_NAMES: dict[str, str] = {
    "ethereum": "Ethereum",
    "bsc": "BNB Smart Chain",
    "polygon": "Polygon",
    "arbitrum": "Arbitrum One",
    "optimism": "Optimism",
    "base": "Base",
    "avalanche": "Avalanche C-Chain",
    "bitcoin": "Bitcoin",
    "tron": "Tron",
    "solana": "Solana",
    "xrp": "XRP Ledger",
    "ton": "TON",
}


@cache
def texts(language: str) -> Mapping[str, str]:
    module = importlib.import_module(f"triage.replies.{language}")
    return dict(module.REPLIES)


def language_key(language: str) -> str:
    """`zh-Hans`, `zh_CN`, `zh` -> zh_hans; `pt-BR` -> pt; anything else unknown -> en."""
    code = (language or "").strip().lower().replace("-", "_")
    if code.startswith("zh"):
        return "zh_hans"
    if code in LANGUAGES:
        return code
    base = code.split("_", 1)[0]
    return base if base in LANGUAGES else FALLBACK


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def reply_for(code: str, language: str, params: Mapping[str, object]) -> tuple[str, str]:
    """(text, language used) for a diagnosis; the language falls back to English when it has no text."""
    key = language_key(language)
    template = texts(key).get(code)
    if template is None:
        key, template = FALLBACK, texts(FALLBACK).get(code, "")
    values = _Blank({k: str(v) for k, v in params.items() if v not in (None, "")})
    for name in ("network", "expected_network"):
        if name in values:
            values[name] = ", ".join(NETWORK_NAMES.get(n.strip(), n.strip()) for n in values[name].split(","))
    return template.format_map(values), key
