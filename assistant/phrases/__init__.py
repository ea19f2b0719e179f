"""Tier 0's own words, per language: the frame around an article answer, the greeting, the polite
redirects, the frame of a status answer and the hand-off notices. Vetted templates only: tier 0 never
writes free text; it fills these with an article's title, summary and link, or the exchange's facts.

One module per language (a dict `PHRASES` of key -> text with `{placeholders}`); every module has every
key of English with the same placeholders (tests/assistant/test_phrases*), and a language tier 0 has no
module for falls back to English.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Mapping
from functools import cache

LANGUAGES: tuple[str, ...] = (
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "nl",
    "pl",
    "uk",
    "ru",
    "tr",
    "ar",
    "fa",
    "hi",
    "id",
    "vi",
    "th",
    "zh",
    "ja",
    "ko",
    "tl",
)
FALLBACK = "en"
# The help center's language codes (settings.LANGUAGES) for the engine's ISO 639-1 codes.
KB_LANGUAGE: dict[str, str] = {"pt": "pt-br", "zh": "zh-hans", "tl": "fil"}


def language_key(language: str) -> str:
    """`pt-BR` -> pt, `zh-hans` -> zh, `fil` -> tl; a language without a module -> en."""
    code = (language or "").strip().lower().replace("_", "-")
    if code in ("fil", "tl") or code.startswith("fil-"):
        return "tl"
    base = code.split("-", 1)[0]
    return base if base in LANGUAGES else FALLBACK


def kb_language(language: str) -> str:
    """The help center's code for a reading's language ("pt" -> "pt-br")."""
    key = (language or "").strip().lower()
    return KB_LANGUAGE.get(key, key)


@cache
def texts(language: str) -> Mapping[str, str]:
    module = importlib.import_module(f"assistant.phrases.{language}")
    return dict(module.PHRASES)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def phrase(key: str, language: str, /, **params: object) -> str:
    """The template `key` in `language` (English when the language has none), filled with `params`."""
    template = texts(language_key(language)).get(key)
    if template is None:
        template = texts(FALLBACK)[key]
    return template.format(**{k: str(v) for k, v in params.items()})


def has_language(language: str) -> bool:
    """Whether tier 0 writes this language itself (else its words are in English)."""
    code = (language or "").strip().lower()
    return language_key(code) != FALLBACK or code.split("-", 1)[0] == "en"


# Languages whose plural after 3 to 10 differs from the plural after 11 and more (Arabic: "5 ساعات",
# "11 ساعة"); every other language has the same text under both keys.
_FEW_3_TO_10 = frozenset({"ar"})


def _count(unit: str, n: int, language: str) -> str:
    if n == 1:
        return phrase(f"{unit}_one", language, n=n)
    if language_key(language) in _FEW_3_TO_10 and 2 <= n <= 10:
        return phrase(f"{unit}s_few", language, n=n)
    return phrase(f"{unit}s", language, n=n)


def duration(seconds: float, language: str) -> str:
    """A wait in words, rounded the way a person says it: "5 minutes", "2 hours", "1 day"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return _count("minute", 5 * max(1, round(minutes / 5)) if minutes > 10 else minutes, language)
    hours = round(minutes / 60)
    if hours < 36:
        return _count("hour", hours, language)
    return _count("day", round(hours / 24), language)
