# ruff: noqa: RUF001 (Cyrillic words and endings)
"""Languages of the knowledge base: PostgreSQL text search configurations, folding and segmenting.

Pure functions over text; no database access.
"""

import functools
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.functional import Promise

# Language codes and direction are the whole project's (helpdesk/i18n.py); named here as well because
# the help center has always imported them from here.
from helpdesk.i18n import RTL, is_rtl, normalise_language

__all__ = ["RTL", "is_rtl", "normalise_language"]

# How each language's text becomes search terms (docs/knowledgebase.md, "Languages"). PostgreSQL 15
# ships Snowball stemmers for these, so their text goes to `to_tsvector` as written:
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
# Every other language uses `simple` (lower-casing only), on text made ready in Python (`analyse`),
# the same way for the index and the query:
# - overlapping character bigrams where words are not cut by spaces (Japanese, Chinese, Thai), and in
#   Korean, whose spaced words carry their particles and endings (분실로, 인증이, 출금했는데): the
#   bigrams of 출금했는데 include 출금. The usual approach without a segmenter.
BIGRAMS = {"ja", "zh-hans", "zh-hant", "th", "ko"}
# - a stem per word, by a Snowball stemmer PostgreSQL 15 lacks (the snowballstemmer package) or, for
#   Ukrainian, which Snowball does not cover, by the light suffix stripping below;
SNOWBALL = {"pl": "polish", "fa": "persian"}
STEMMED = {*SNOWBALL, "uk"}
# - accents folded in Vietnamese, which customers often type without them (nap tien = nạp tiền);
FOLDED = {"vi"}
# - and, for all of these, a short list of function words dropped (STOPWORDS).
ANALYSED = BIGRAMS | STEMMED | FOLDED | {"fil"}
# Written without spaces (the name the help center's highlighting and the benchmark use).
UNSPACED = BIGRAMS

_UNSPACED_RUN = re.compile(
    r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]{2,}"
)
_WORD = re.compile(r"\w+", re.UNICODE)
# A word, with the zero-width non-joiner Persian writes inside words (گوشی‌ام) and the apostrophe
# Ukrainian writes inside them (прив'язати).
_ANALYSED_WORD = re.compile(r"\w(?:[\w\u200c]|['\u2019\u02bc](?=\w))*", re.UNICODE)


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
    # Composed again so that Hangul syllables, which decompose into letters that are not marks,
    # stay the syllables the text shows (the highlighter looks for them in it).
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _stopwords(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words dropped from the index and the query in the languages analysed here: short lists of
# words that carry no topic ("як", "для" would otherwise match any title with them), in the form
# `analyse` compares (folded for Vietnamese). A query of nothing else is searched as written.
STOPWORDS: dict[str, frozenset[str]] = {
    "uk": _stopwords(
        "і й та а але або чи що щоб як де коли чому навіщо скільки який яка яке які для до від з зі із в"
        " у на по за про при через над під без після біля це цей ця ці цього то той"
        " та те ті тій тим тому там тут я ми"
        " ви ти він вона воно вони мій моя моє мої мого мене мені мною нам нас вам вас їх його її свій"
        " своя своє свої не ні так вже ще же б би бо якщо тому є був була було були буде будь чи може"
        " можна треба потрібно мені хочу вже ж лише тільки теж також"
    ),
    "pl": _stopwords(
        "i w we z ze na do że się nie to jest jak co czy od o po przez za ale a lub oraz dla mój moja moje"
        " mojej mojego mi mnie mam ma ten ta te tego tej już jeszcze by był była było były są być jestem"
        " u przy gdzie kiedy dlaczego jaki jaka jakie ile tylko też tak jak"
    ),
    "fa": _stopwords(
        "و در به از که را رو با این آن اون برای است هست نیست بود شد می یک تا هم یا اما ولی اگر چه چرا"
        " چطور چگونه چی چیه کجا کی من ما شما تو او آنها اونها ام ای هنوز دیگه دیگر باید خیلی"
    ),
    "vi": _stopwords(
        "toi minh em anh chi ban cua va la thi co khong bi duoc roi nhu the nao sao gi cho khi o voi"
        " mot nhung cac da dang se con ma vay a oi nhe hoai nua lai"
    ),
    "fil": _stopwords(
        "ang ng nang sa na ay ko mo niya namin natin ninyo nila yung yong ung iyong ako ka ikaw siya kami"
        " tayo kayo sila pa rin din po ho ba naman lang mga para pero kasi at o kung si ni kay may"
        " mayroon wala dahil kapag kahit pala eh"
    ),
}
# Filler phrases cut out of a query in the bigram languages before it is cut into bigrams, so that
# 怎么办 ("what do I do") does not count as a term and outrank the topic. Only the query: the articles'
# text keeps them, harmlessly, since no query asks for them any more.
QUERY_FILLERS: dict[str, tuple[str, ...]] = {
    "zh-hans": (
        "怎么办",
        "怎么样",
        "怎么",
        "为什么",
        "什么",
        "如何",
        "请问",
        "可以吗",
        "一直",
        "我的",
        "吗",
        "呢",
        "吧",
        "了",
    ),
    "zh-hant": (
        "怎麼辦",
        "怎麼樣",
        "怎麼",
        "為什麼",
        "什麼",
        "如何",
        "請問",
        "可以嗎",
        "一直",
        "我的",
        "嗎",
        "呢",
        "吧",
        "了",
    ),
    "ja": (
        "どうすればいいですか",
        "どうすればいい",
        "どうしたらいい",
        "してしまいました",
        "しまいました",
        "ください",
        "でしょうか",
        "ですか",
        "ません",
    ),
    "ko": ("어떻게 해야 하나요", "어떻게 하나요", "어떻게", "왜", "이렇게", "계속"),
    "th": ("ทำยังไง", "ยังไง", "อย่างไร", "ทำไม", "ไหม", "ครับ", "ค่ะ", "คะ", "แล้ว", "ตลอด"),
}


def _bigrams(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _UNSPACED_RUN.sub(cut, text)


def segment(text: str, language: str) -> str:
    """Text cut into character bigrams in the bigram languages, else as it is."""
    return _bigrams(text) if language in BIGRAMS else text


# Ukrainian inflection, for a light stemmer in the manner of Snowball's (which has none for Ukrainian):
# the reflexive suffix, then the longest of these endings that leaves a stem of at least three letters.
# Nouns, adjectives (with the -ов- that makes an adjective of a noun: податкової -> податк) and verbs.
_UK_REFLEXIVE = ("ся", "сь")
_UK_ENDING_LIST = (
    # adjectives, with and without -ов-/-ев-
    "ового ової овому овими овий ова ове ові ову овою овим овій овіх"
    " евого евої евий ева еве еві еву евою евим евих"
    " ього ьому ого ому ими іми ий ій им ім их іх ою ої ая яя ую юю"
    # nouns
    " ами ями ах ях ам ям ом ем єм ею єю ів їв ей ові еві єві ія ії ію ією"
    # verbs
    " увати ювати уватися ував ював ують юють уємо уєте ує ює ати яти ити іти ути ючи учи ачи ячи"
    " ала ало али яла яло яли ила ило или іла іло іли ать ять уть ють ить іть имо імо ите іте емо"
    " ємо ете єте еш єш аю яю ає яє ав ив ла ло ли"
    # single vowels and the soft sign
    " а я у ю о е є и і ї й ь"
)
_UK_ENDINGS = tuple(sorted(set(_UK_ENDING_LIST.split()), key=len, reverse=True))


def stem_uk(word: str) -> str:
    """A light Ukrainian stem: історію, історії -> істор; угод, угоди -> угод; податкові -> податк."""
    for suffix in _UK_REFLEXIVE:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@functools.cache
def _snowball(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(SNOWBALL[language])


_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0640": None})
_APOSTROPHES = str.maketrans({"'": None, "\u2019": None, "\u02bc": None})


@functools.lru_cache(maxsize=100_000)
def _word_key(word: str, language: str) -> str:
    """One word as the index holds it in a language analysed here ("" for a function word)."""
    word = fold(word).replace("đ", "d") if language == "vi" else word.casefold()
    if language == "fa":
        word = word.translate(_PERSIAN_LETTERS)
    elif language == "uk":
        word = word.translate(_APOSTROPHES).replace("ґ", "г")
    if word in STOPWORDS.get(language, ()):
        return ""
    if language == "uk":
        return stem_uk(word)
    if language in SNOWBALL:
        return str(_snowball(language).stemWord(word)).replace("\u200c", "")
    return word.replace("\u200c", "")


def analyse(text: str, language: str, *, query: bool = False) -> str:
    """Text ready for the language's tsvector, or a query ready for `websearch_to_tsquery`: as written
    where PostgreSQL has a stemmer, else bigrams, stems or folded words without the function words
    (see ANALYSED). Only the words change: a query's quotes and leading minus signs stay."""
    if language not in ANALYSED:
        return text
    if language in BIGRAMS:
        if query:
            kept = text
            for filler in QUERY_FILLERS.get(language, ()):
                kept = kept.replace(filler, " ")
            text = kept if kept.strip() else text
        return _bigrams(text)
    keyed = _ANALYSED_WORD.sub(lambda m: _word_key(m.group(0), language), text)
    if query and not _WORD.search(keyed):
        # Nothing but function words: search for them as written rather than for nothing.
        return _ANALYSED_WORD.sub(lambda m: m.group(0).casefold(), text)
    return keyed


def words(text: str, language: str = "en", *, query: bool = False) -> list[str]:
    """Folded word tokens, analysed as for the index (or a query), for the scoring used without
    PostgreSQL and for highlighting."""
    return _WORD.findall(fold(analyse(text, language, query=query)))
