"""Languages of the knowledge base: PostgreSQL text search configurations, folding and segmenting.

Pure functions over text; no database access.
"""

import re
import unicodedata

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.functional import Promise

# Language codes and direction are the whole project's (helpdesk/i18n.py); named here as well because
# the help center has always imported them from here.
from helpdesk.i18n import RTL, is_rtl, normalise_language

__all__ = ["RTL", "is_rtl", "normalise_language"]

# PostgreSQL 15 ships Snowball stemmers for these; every other language uses `simple` (lower-casing
# only), which still matches whole words and is what the `simple` dictionary is for.
TS_CONFIGS: dict[str, str] = {
    "en": "english",
    "es": "spanish",
    "pt-br": "portuguese",
    "pt": "portuguese",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "tr": "turkish",
    "ru": "russian",
    "nl": "dutch",
    "ar": "arabic",
    "hi": "hindi",
    "id": "indonesian",
}
# Written without spaces between words: the index and the query both get overlapping character
# bigrams, so `simple` can match words inside a sentence (the usual approach without a segmenter).
UNSPACED = {"ja", "zh-hans", "zh-hant", "th"}

_UNSPACED_RUN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_WORD = re.compile(r"\w+", re.UNICODE)


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> "str | Promise":
    """The language's name, lazily: it is rendered in the reader's language, not the request's."""
    return dict(settings.LANGUAGES).get(code, code)


def native_name(code: str) -> str:
    """The language's name in itself ("Deutsch"), for the language menu."""
    info = LANG_INFO.get(code, {})
    return str(
        info.get("name_local") or ("Filipino" if code == "fil" else dict(settings.LANGUAGES).get(code, code))
    )


def ts_config(language: str) -> str:
    return TS_CONFIGS.get(language, "simple")


def fold(text: str) -> str:
    """Lower case without accents: "Retiro pendiénte" -> "retiro pendiente"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def segment(text: str, language: str) -> str:
    """Text ready for a `simple` tsvector in languages written without spaces."""
    if language not in UNSPACED:
        return text

    def bigrams(match: re.Match[str]) -> str:
        run = match.group(0)
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _UNSPACED_RUN.sub(bigrams, text)


def words(text: str, language: str = "en") -> list[str]:
    """Folded word tokens (bigrams for unspaced scripts), for the scoring used without PostgreSQL."""
    return _WORD.findall(fold(segment(text, language)))
