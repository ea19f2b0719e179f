# ruff: noqa: RUF001
"""Secrets a customer pastes, found and replaced before the message is stored.

Pure and fast: it runs on every customer message, in the request or the socket that took it in. No
model, no database: the BIP-39 word lists of the `mnemonic` package, a few checksums, and the words
that say what a string is (a 64-hex string after "private key" is a key; the same string in a message
about a deposit is a transaction hash, which triage needs, and stays).

    redact(text, html=False) -> Redaction(text, kinds, count)

Each secret is replaced where it stood by a marker that stays in the stored text, so agents see that
something was there and what kind it was: `[redacted: seed phrase]`, `[redacted: private key]`,
`[redacted: one-time code]`, `[redacted: password]`. With `html=True` tags and entities count as
separators (a phrase split over `<p>` or `<br>` is still one phrase) and are never matched themselves.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

SEED_PHRASE = "seed phrase"
PRIVATE_KEY = "private key"
ONE_TIME_CODE = "one-time code"
PASSWORD = "password"  # noqa: S105 - the name of a kind, not a password
KINDS = (SEED_PHRASE, PRIVATE_KEY, ONE_TIME_CODE, PASSWORD)


def marker(kind: str) -> str:
    return f"[redacted: {kind}]"


@dataclass(frozen=True)
class Redaction:
    text: str
    # Each kind found, once, in the order of KINDS.
    kinds: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str


# --- Seed phrases ------------------------------------------------------------------------------------

SEED_LANGUAGES = (
    "english",
    "spanish",
    "french",
    "italian",
    "portuguese",
    "czech",
    "japanese",
    "korean",
    "chinese_simplified",
    "chinese_traditional",
)
# Typed without accents more often than with: "abaco" is "ábaco".
_LATIN = frozenset({"spanish", "french", "italian", "portuguese", "czech"})
_CHINESE = frozenset({"chinese_simplified", "chinese_traditional"})
PHRASE_LENGTHS = (12, 15, 18, 21, 24)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han character is a word of its own (the Chinese lists are single characters, often written with no
# space); any other word is a run of letters.
_HAN_CHAR = re.compile(f"[{_HAN}]")
# Combining marks belong to their word: a phrase copied from a wallet may be in decomposed form (NFKD).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u3099\u309a"
_WORD_RE = re.compile(rf"[{_HAN}]|(?:(?![{_HAN}])[^\W\d_]|[{_MARKS}])+")
# What may stand between two words of a pasted phrase: spaces (the ideographic one too), commas, line
# breaks, and numbering ("1. ", "2) ", "#3 ", "04-"). Anything else ("?", "!", "$", "@") ends a phrase.
_SEPARATOR_RE = re.compile(r"[\s,.;:|/()\[\]#*\"'`·•、，。；：\-–—_0-9]{1,12}")


def _fold(word: str, language: str) -> str:
    plain = _folded(word)
    return _unaccented(plain) if language in _LATIN else plain


@lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def _unaccented(folded: str) -> str:
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


@cache
def _wordlist(language: str) -> dict[str, int]:
    import mnemonic

    path = Path(mnemonic.__file__).parent / "wordlist" / f"{language}.txt"
    words = path.read_text(encoding="utf-8").split()
    return {_fold(w, language): i for i, w in enumerate(words)}


_Entries = dict[str, int]


@cache
def _lexicon() -> tuple[dict[str, _Entries], dict[str, _Entries]]:
    """Every list at once: a folded word to {language: its index}, for the lists that keep accents and
    for those typed without them (`_LATIN`), so a word is looked up twice, not once per language."""
    plain: dict[str, _Entries] = {}
    unaccented: dict[str, _Entries] = {}
    for language in SEED_LANGUAGES:
        into = unaccented if language in _LATIN else plain
        for word, index in _wordlist(language).items():
            into.setdefault(word, {})[language] = index
    return plain, unaccented


_NONE: _Entries = {}


@lru_cache(maxsize=65536)
def _entries(word: str) -> _Entries:
    """The lists `word` belongs to, with its index in each (shared: never changed by callers)."""
    plain, unaccented = _lexicon()
    folded = _folded(word)
    found, found_unaccented = plain.get(folded), unaccented.get(_unaccented(folded))
    if found is None:
        return found_unaccented or _NONE
    return {**found, **found_unaccented} if found_unaccented else found


def _checksum_ok(indexes: list[int]) -> bool:
    """The BIP-39 checksum: the last len/3 bits of the words are the first bits of sha256(entropy)."""
    if len(indexes) not in PHRASE_LENGTHS:
        return False
    bits = "".join(f"{i:011b}" for i in indexes)
    cut = len(bits) * 32 // 33
    entropy = int(bits[:cut], 2).to_bytes(cut // 8, "big")
    digest = hashlib.sha256(entropy).digest()
    return f"{int.from_bytes(digest, 'big'):0256b}"[: len(bits) - cut] == bits[cut:]


class _Word(NamedTuple):
    # A tuple: a message's prose is one long run, and a frozen dataclass costs more to build per word.
    text: str
    start: int
    end: int


def _segments(text: str) -> list[list[_Word]]:
    """Runs of words joined only by what may separate the words of a pasted phrase (only those of
    eleven words or more, the fewest a phrase is found from)."""
    segments: list[list[_Word]] = []
    # Positions only while a run grows: most runs are prose, and most are dropped.
    current: list[tuple[int, int]] = []
    last_end = 0
    fullmatch, han = _SEPARATOR_RE.fullmatch, _HAN_CHAR.fullmatch
    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        if current:
            if start == last_end:
                # No gap: two Han characters written together are two words of one run.
                joined = bool(han(text, start, end) and han(text, *current[-1]))
            else:
                joined = fullmatch(text, last_end, start) is not None
            if not joined:
                if len(current) >= 11:
                    segments.append([_Word(text[a:b], a, b) for a, b in current])
                current = []
        current.append((start, end))
        last_end = end
    if len(current) >= 11:
        segments.append([_Word(text[a:b], a, b) for a, b in current])
    return segments


def _allowed_misses(length: int) -> int:
    # One word in twelve may be mistyped (or a word of another list): 11 of 12 still counts.
    return length // 12


def _phrase_spans(text: str, words: list[_Word], language: str, hits: list[int | None]) -> list[_Span]:
    """The phrases of one list in a segment; `hits`: each word's index in the list, None off it."""
    table = _wordlist(language)
    n = len(words)
    chinese = language in _CHINESE
    spans: list[_Span] = []
    i = 0
    while i < n:
        if hits[i] is None:
            i += 1
            continue
        # Grow a run from i: misses allowed while they stay within one in twelve and are not at its end.
        j, misses, last_hit = i, 0, i
        while j + 1 < n:
            nxt = j + 1
            if hits[nxt] is None:
                if (
                    misses + 1 > _allowed_misses(max(nxt - i + 1, 12))
                    or nxt + 1 >= n
                    or hits[nxt + 1] is None
                ):
                    break
                misses += 1
            else:
                last_hit = nxt
            j = nxt
        j = last_hit
        start, end = _trimmed(hits, i, j)
        length = end - start + 1
        misses = sum(1 for h in hits[start : end + 1] if h is None)
        first_char, last_char = words[start].start, words[end].end
        if language in _GLUED and not misses:
            # Japanese and Korean glue particles to the words around a phrase ("単語はゆびわ … けなすです").
            if start > 0 and (cut := _glued(words[start - 1].text, table, language, suffix=True)):
                first_char, length = words[start - 1].end - cut, length + 1
            if end + 1 < n and (cut := _glued(words[end + 1].text, table, language, suffix=False)):
                last_char, length = words[end + 1].start + cut, length + 1
        elif length == 11 and misses == 0:
            # A typo in the first or last word: the eleven around it still make the phrase.
            if end + 1 < n and _plausible_word(words[end + 1].text, language):
                end += 1
            elif start > 0 and _plausible_word(words[start - 1].text, language):
                start -= 1
            first_char, last_char = words[start].start, words[end].end
            length = end - start + 1
            misses = 1
        if chinese and not all(words[k].end < words[k + 1].start for k in range(start, end)):
            spans += _chinese_spans(text, words, hits, start, end)
        elif length >= 12 and misses <= _allowed_misses(length):
            if misses == 0 and length == end - start + 1 and length not in PHRASE_LENGTHS:
                start, end = _checksummed(hits, start, end)
                first_char, last_char = words[start].start, words[end].end
            spans.append(_Span(first_char, last_char, SEED_PHRASE))
        i = j + 1
    return spans


_GLUED = frozenset({"japanese", "korean"})


def _glued(word: str, table: dict[str, int], language: str, *, suffix: bool) -> int:
    """The length of the longest list word at the end (or the start) of `word`, 0 if none."""
    for size in range(len(word) - 1, 1, -1):
        part = word[-size:] if suffix else word[:size]
        if _fold(part, language) in table:
            return size
    return 0


def _checksummed(hits: list[int | None], start: int, end: int) -> tuple[int, int]:
    """A run longer than a phrase ("... please help", both list words): the longest windows of a
    phrase's length whose checksum holds, else the whole run."""
    if end - start + 1 > 2 * PHRASE_LENGTHS[-1]:
        # Four dozen list words in a row are no prose: all of it goes, and no window is searched.
        return start, end
    for length in sorted((n for n in PHRASE_LENGTHS if n < end - start + 1), reverse=True):
        valid = [
            first
            for first in range(start, end - length + 2)
            if _checksum_ok([h for h in hits[first : first + length] if h is not None])
        ]
        if valid:
            return valid[0], valid[-1] + length - 1
    return start, end


def _trimmed(hits: list[int | None], start: int, end: int) -> tuple[int, int]:
    """Drop a word or two of prose caught at either end across a miss ("... please help")."""
    for _ in range(2):
        misses = [k for k in range(start, end + 1) if hits[k] is None]
        if not misses:
            break
        if end - misses[-1] <= 2 and misses[-1] - start >= 12:
            end = misses[-1] - 1
        elif misses[0] - start <= 2 and end - misses[0] >= 12:
            start = misses[0] + 1
    return start, end


def _plausible_word(word: str, language: str) -> bool:
    """Whether a word could be a mistyped word of this list: same script, list-like length."""
    if language in _CHINESE:
        return _HAN_CHAR.fullmatch(word) is not None
    if language == "japanese":
        return 2 <= len(word) <= 8 and all("\u3040" <= c <= "\u309f" for c in word)
    if language == "korean":
        return 1 <= len(word) <= 6 and all("\uac00" <= c <= "\ud7a3" for c in word)
    return 3 <= len(word) <= 9 and all(c.isalpha() and ord(c) < 0x250 for c in word)


_CHINESE_SEED_WORDS_RE = re.compile(
    r"助记词|助記詞|助记|助記|种子|種子|恢复词|恢復詞|钱包|錢包|私钥|私鑰|备份|備份"
)
# "Wallet" and "backup" are everyday words of crypto prose ("钱包在任何一个网络上都会接受…"): they name a
# phrase only when "is" or a colon follows them ("钱包是…", "备份是…", or a colon).
_CHINESE_WEAK_SEED_WORDS = frozenset({"钱包", "錢包", "备份", "備份"})
_CHINESE_NAMING_GAP_RE = re.compile(r"\s*[：:是为為]\s*")
_CJK_PUNCTUATION = "，。；：、！？「」『』（）《》…·"


def _names_a_phrase(text: str, word: re.Match[str], phrase_start: int) -> bool:
    """Whether the word for a phrase (`word`) names the phrase starting at `phrase_start`."""
    gap = text[word.end() : phrase_start]
    if word.group() in _CHINESE_WEAK_SEED_WORDS:
        return _CHINESE_NAMING_GAP_RE.fullmatch(gap) is not None
    return len(gap) <= 2


def _stands_apart(text: str, start: int, end: int) -> bool:
    """A block of characters on a line of its own, or amid text of another script: no Chinese prose on
    its line around it. A clause of twelve common characters between commas is prose, whatever its
    checksum says (one clause in sixteen passes it)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    around = text[line_start:start] + text[end:line_end]
    return not any(_HAN_CHAR.fullmatch(c) or c in _CJK_PUNCTUATION for c in around)


def _chinese_spans(
    text: str, words: list[_Word], hits: list[int | None], start: int, end: int
) -> list[_Span]:
    """Chinese prose is made of the same common characters as the lists: characters written with no
    space between them count only with a valid checksum, and as a whole block of characters or right
    after a word that names a recovery phrase ("助记词是…")."""
    spans: list[_Span] = []
    block = start
    for k in range(start, end + 1):
        if k == end or words[k].end < words[k + 1].start:
            spans += _chinese_block(text, words, hits, block, k)
            block = k + 1
    return spans


def _chinese_block(
    text: str, words: list[_Word], hits: list[int | None], start: int, end: int
) -> list[_Span]:
    # The windows worth a checksum: the whole block, and those right after a word for a phrase (a
    # character or two later: "助记词是…"). Bounded however long the block is.
    firsts = {start}
    block_start, block_end = words[start].start, words[end].end
    for match in _CHINESE_SEED_WORDS_RE.finditer(text, block_start, block_end):
        after = [
            k
            for k in range(start, end + 1)
            if 0 <= words[k].start - match.end() <= 2 and _names_a_phrase(text, match, words[k].start)
        ]
        firsts.update(after)
    named_before = any(
        _names_a_phrase(text, match, block_start)
        for match in _CHINESE_SEED_WORDS_RE.finditer(text, max(0, block_start - 14), block_start)
    )
    apart = _stands_apart(text, block_start, block_end)
    best: tuple[bool, bool, int, int] | None = None
    for first in sorted(firsts):
        named = first != start or named_before
        for length in PHRASE_LENGTHS:
            last = first + length - 1
            if last > end or not (named or (first == start and last == end and apart)):
                continue
            indexes = [h for h in hits[first : last + 1] if h is not None]
            if len(indexes) != length or not _checksum_ok(indexes):
                continue
            rank = (last == end, named, length, first)
            if best is None or rank > best:
                best = rank
    if best is None:
        return []
    _at_end, _named, length, first = best
    return [_Span(words[first].start, words[first + length - 1].end, SEED_PHRASE)]


# The fewest words of one list a phrase is found from: eleven of twelve (one mistyped), or ten with a
# Japanese or Korean word glued to a particle at each end. A segment with fewer is not searched.
_MIN_HITS = 10


def _seed_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for segment in _segments(text):
        entries = [_entries(w.text) for w in segment]
        counts: dict[str, int] = {}
        for found in entries:
            for language in found:
                counts[language] = counts.get(language, 0) + 1
        for language in SEED_LANGUAGES:
            if counts.get(language, 0) >= _MIN_HITS:
                hits = [found.get(language) for found in entries]
                spans += _phrase_spans(text, segment, language, hits)
    return spans


def _led_by_first_letters(words: str) -> str:
    """`words` (alternatives each starting with a letter of its own) behind a look-ahead at those first
    letters: the same matches, but the regex engine passes over every place none of them starts at
    instead of trying each word there (most of a message's letters)."""
    firsts: set[str] = set()
    depth, at_start = 0, True
    for char in words:
        if at_start:
            # A word led by a class, a group or an escape would make the look-ahead drop its matches.
            if char in "\\[(.":
                raise ValueError(f"a word starts with {char!r}")
            firsts.add(char)
            at_start = False
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            at_start = True
    return f"(?=[{''.join(sorted(firsts))}])(?:{words})"


# --- Private keys ------------------------------------------------------------------------------------

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}


def b58decode(value: str) -> bytes | None:
    number = 0
    for char in value:
        digit = _B58_INDEX.get(char)
        if digit is None:
            return None
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(value) - len(value.lstrip("1"))
    return b"\x00" * zeros + body


def b58check_decode(value: str) -> bytes | None:
    """The payload of a base58check string, or None when the checksum does not match."""
    raw = b58decode(value)
    if raw is None or len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


# The words that say a string is a secret key, in the help center's languages.
_KEY_WORDS = (
    r"private\s*key|priv(?:ate)?\s*key|privkey|priv\b|secret\s*key|secret\b|wallet\s*key|signing\s*key"
    r"|clave\s+privada|clave\s+secreta|chave\s+privada|chave\s+secreta|cl[ée]\s+priv[ée]e|cl[ée]\s+secr[èe]te"
    r"|privat(?:er|en)?\s+schl[üu]ssel|geheim(?:er)?\s+schl[üu]ssel|chiave\s+privata|chiave\s+segreta"
    r"|приватн\w*\s+ключ|закрыт\w*\s+ключ|секретн\w*\s+ключ|приватн\w*\s+ключ|таємн\w*\s+ключ"
    r"|özel\s+anahtar|gizli\s+anahtar|秘密鍵|プライベートキー|개인\s*키|비밀\s*키|私钥|私鑰|密钥|密鑰"
    r"|khóa\s+riêng(?:\s+tư)?|khóa\s+bí\s+mật|kunci\s+pribadi|kunci\s+privat|คีย์ส่วนตัว|กุญแจส่วนตัว"
    r"|المفتاح\s+الخاص|مفتاح\s+خاص|کلید\s+خصوصی|प्राइवेट\s+की|निजी\s+कुंजी|klucz\s+prywatny"
    r"|priv[ée]\s*sleutel|geheime\s+sleutel|private\s+sleutel|pribadong\s+susi"
)
_KEY_CONTEXT_RE = re.compile(_led_by_first_letters(_KEY_WORDS), re.IGNORECASE)
_KEY_BEFORE = 80
_KEY_AFTER = 40

_HEX64_RE = re.compile(r"(?<![0-9A-Za-z])(?:0[xX])?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_B58_RUN_RE = re.compile(r"(?<![0-9A-Za-z])[1-9A-HJ-NP-Za-km-z]{50,115}(?![0-9A-Za-z])")
_EXTENDED_RE = re.compile(r"(?<![0-9A-Za-z])[xyztuvXYZ]prv[1-9A-HJ-NP-Za-km-z]{100,112}(?![0-9A-Za-z])")
_BYTE_ARRAY_RE = re.compile(r"\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]")


def _near_key_words(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _KEY_BEFORE) : start]
    after = text[end : end + _KEY_AFTER]
    return bool(_KEY_CONTEXT_RE.search(before) or _KEY_CONTEXT_RE.search(after))


def _is_wif(value: str) -> bool:
    if len(value) not in (51, 52) or value[0] not in "5KL9c":
        return False
    payload = b58check_decode(value)
    if payload is None or payload[0] not in (0x80, 0xEF):
        return False
    return len(payload) == 33 or (len(payload) == 34 and payload[-1] == 0x01)


def _is_ed25519_keypair(raw: bytes) -> bool:
    """A Solana keypair: 32 bytes of seed, then the public key those 32 bytes derive. A transaction
    signature has the same length and never this property."""
    if len(raw) != 64:
        return False
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    except ImportError:  # pragma: no cover - cryptography is a dependency
        return False
    public = Ed25519PrivateKey.from_private_bytes(raw[:32]).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw) == raw[32:]


def _key_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for match in _HEX64_RE.finditer(text):
        # Transaction hashes have the same shape: only the words around tell a key.
        if _near_key_words(text, match.start(), match.end()):
            spans.append(_Span(match.start(), match.end(), PRIVATE_KEY))
    for match in _EXTENDED_RE.finditer(text):
        spans.append(_Span(match.start(), match.end(), PRIVATE_KEY))
    for match in _B58_RUN_RE.finditer(text):
        value = match.group()
        if _is_wif(value):
            spans.append(_Span(match.start(), match.end(), PRIVATE_KEY))
        elif 85 <= len(value) <= 90:
            raw = b58decode(value)
            if raw is not None and (
                _is_ed25519_keypair(raw)
                or (len(raw) == 64 and _near_key_words(text, match.start(), match.end()))
            ):
                spans.append(_Span(match.start(), match.end(), PRIVATE_KEY))
    for match in _BYTE_ARRAY_RE.finditer(text):
        numbers = json.loads(match.group())
        if all(0 <= b <= 255 for b in numbers):
            spans.append(_Span(match.start(), match.end(), PRIVATE_KEY))
    return spans


# --- One-time codes ----------------------------------------------------------------------------------

_CODE_WORDS = (
    r"2fa|two[\s-]*factor|otp|one[\s-]*time|authenticator|auth\s*code|verification\s+code|security\s+code"
    r"|sms\s+code|email\s+code|login\s+code|code|passcode|c[óo]digo|code\s+de\s+v[ée]rification"
    r"|\w*code\b|best[äa]tigungscode|sicherheitscode|codice|код\w*|kod\w*|doğrulama|"
    r"認証コード|確認コード|コード|ワンタイム|인증\s*코드|인증\s*번호|인증번호|코드|otp|"
    r"验证码|驗證碼|动态码|動態碼|校验码|校驗碼|谷歌验证|谷歌驗證|"
    r"mã\s+(?:xác\s+(?:minh|thực|nhận)|otp|2fa|google)|mã\s+bảo\s+mật|kode(?:\s+verifikasi|\s+otp)?"
    r"|รหัสยืนยัน|รหัส\s*otp|รหัส\s*2fa|รหัสotp|ओटीपी|सत्यापन\s+कोड|कोड"
    r"|رمز\s+التحقق|كود\s+التحقق|رمز\s+المصادقة|رمز\s+التأكيد|کد\s+تأیید|کد\s+تایید|کد\s+احراز|کد"
    r"|verificatiecode|beveiligingscode|kodigo|kodigo\s+ng\s+beripikasyon"
)
_CODE_CONTEXT_RE = re.compile(_CODE_WORDS, re.IGNORECASE)
# Numbers near these are something else: an order, a ticket, an amount, a zip code, an error.
_NOT_CODE_RE = re.compile(
    r"order|ticket|case|ref\w*|invoice|uid|user\s*id|account|id\b|tx|hash|memo|tag|amount|phone|tel"
    r"|referral|invite|promo|coupon|zip|post(?:al)?\s*code|area\s+code|country\s+code|swift|bic|iban"
    r"|error|fehler|erreur|ошибк|错误|エラー|오류|withdrawal\s+id|deposit\s+id|pedido|commande|bestellung"
    r"|ordine|заказ|订单|訂單|注文|주문|đơn|pesanan|คำสั่งซื้อ|طلب|سفارش|ऑर्डर|zamówienie|bestelling",
    re.IGNORECASE,
)
# Not inside a longer number, an amount, a reference (HD-000123) or a date; CJK text may touch it.
_CODE_RE = re.compile(r"(?<![0-9A-Za-z_.,$€£¥#/:+-])(\d{6,8}|\d{3}[ -]\d{3})(?![0-9A-Za-z_%$€£¥]|[.,:/-]\d)")
_CODE_BEFORE = 48
_CODE_AFTER = 32


def _code_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for match in _CODE_RE.finditer(text):
        start, end = match.start(), match.end()
        before = text[max(0, start - _CODE_BEFORE) : start]
        after = text[end : end + _CODE_AFTER]
        positive = [m.start() for m in _CODE_CONTEXT_RE.finditer(before)]
        negative = [m.end() for m in _NOT_CODE_RE.finditer(before)]
        if positive:
            # "error code 100023", "order code": the word before the code word says what it is.
            if negative and max(negative) > max(positive) - 12:
                continue
        else:
            # "123456 is my 2FA code": the word may follow, on the same line, unless another word
            # right before the number says what it is ("order 12345678 ...").
            line_after = after.split("\n", 1)[0]
            hit = _CODE_CONTEXT_RE.search(line_after)
            miss = _NOT_CODE_RE.search(line_after)
            if hit is None or (miss is not None and miss.start() < hit.start()):
                continue
            if negative and max(negative) > len(before) - 16:
                continue
        spans.append(_Span(start, end, ONE_TIME_CODE))
    return spans


# --- Passwords ---------------------------------------------------------------------------------------

_LOGIN_WORDS = (
    r"password|passwd|pass|pwd|passcode|contraseña|contrasena|clave\s+de\s+acceso|senha|mot\s+de\s+passe"
    r"|mdp|passwort|kennwort|parola\s+d'ordine|пароль|пароль|parola|şifre(?:m)?|sifre(?:m)?"
    r"|パスワード|暗証番号|비밀번호|비번|mật\s+khẩu|kata\s+sandi|sandi|รหัสผ่าน|كلمة\s+(?:المرور|السر)"
    r"|رمز\s+عبور|رمز\s+ورود|पासवर्ड|hasło|haslo|wachtwoord|密码|密碼"
)
# "password: X", "password is X", "パスワードは X", "密码是X", "mật khẩu là X", "ang password ko ay X": a
# word that says "is". A dash or a bare space says less ("Passwort- oder 2FA-Änderung").
_STRONG = r"[:=：＝]|->|→|is\b|was\b|es\b|est\b|ist\b|è\b|é\b|ay\b|là\b|adalah\b|คือ|是|は|는|은"
_PASSWORD_RE = re.compile(
    rf"(?P<marker>{_led_by_first_letters(_LOGIN_WORDS)})(?:\s+(?:ko|saya|mình|của\s+tôi|của\s+mình|do\s+meu))?"
    rf"(?:\s*(?P<strong>{_STRONG})\s*|\s*-\s+|\s+)"
    r"(?:\"(?P<quoted>[^\"\n]{1,128})\"|'(?P<single>[^'\n]{1,128})'|(?P<token>[^\s\"'，。、]{1,128}))",
    re.IGNORECASE,
)
_NOT_PASSWORDS = frozenset(
    [
        "reset",
        "change",
        "changed",
        "forgot",
        "forgotten",
        "wrong",
        "incorrect",
        "correct",
        "invalid",
        "expired",
        "not",
        "doesn't",
        "doesnt",
        "isnt",
        "isn't",
        "lost",
        "locked",
        "working",
        "work",
        "field",
        "manager",
        "recovery",
        "update",
        "updated",
        "again",
        "please",
        "help",
        "and",
        "or",
        "the",
        "a",
        "an",
        "for",
        "to",
        "of",
        "is",
        "was",
        "has",
        "have",
        "had",
        "my",
        "your",
        "our",
        "this",
        "that",
        "it",
        "required",
        "same",
        "new",
        "old",
        "never",
    ]
)
_WRAPPING = "*_~`()[]{}<>.,;:!?\"'"
_UNSPACED_LETTER = re.compile(rf"[\u0e00-\u0e7f\u3040-\u30ff{_HAN}]")


def _looks_like_password(token: str, *, strong: bool) -> bool:
    token = token.strip(_WRAPPING)
    if len(token) < 4 or token.lower() in _NOT_PASSWORDS:
        return False
    if _UNSPACED_LETTER.match(token):
        # Thai, Chinese and Japanese run on without spaces: what follows the word for a password is the
        # rest of the sentence ("เปลี่ยนรหัสผ่าน และทำตาม[…](/help/…)"), not a value typed after it.
        return False
    if not any(c.isascii() and c.isalnum() for c in token):
        return False
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    has_symbol = any(not c.isalnum() for c in token)
    mixed_case = any(c.isupper() for c in token[1:]) and any(c.islower() for c in token)
    if strong:
        # After "is" or a colon a plain short word is more often prose ("Password: never share it").
        return has_digit or has_symbol or mixed_case or len(token) >= 8
    # After a bare space ("password hunter2") only what no sentence would say.
    return len(token) >= 6 and has_alpha and (has_digit or has_symbol)


def _password_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for match in _PASSWORD_RE.finditer(text):
        for group in ("quoted", "single"):
            if match.group(group) is not None and match.group(group).strip():
                spans.append(_Span(*match.span(group), PASSWORD))
        token = match.group("token")
        if token is None or token.startswith("[redacted:"):
            continue
        if _looks_like_password(token, strong=match.group("strong") is not None):
            start = match.start("token")
            inner = token.lstrip("*_~`([{<")
            start += len(token) - len(inner)
            inner = inner.rstrip(_WRAPPING) or inner
            spans.append(_Span(start, start + len(inner), PASSWORD))
    return spans


# --- Putting it together -----------------------------------------------------------------------------

_TAG_RE = re.compile(r"<[^<>]{0,2000}>|&(?:nbsp|#160|#xa0|#12288);", re.IGNORECASE)


def _html_view(text: str) -> str:
    """The text with every tag and space entity blanked, position for position."""
    return _TAG_RE.sub(lambda m: " " * len(m.group()), text)


def _merged(spans: list[_Span]) -> list[_Span]:
    order = {kind: i for i, kind in enumerate(KINDS)}
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, order[s.kind])):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            # Overlaps become one marker, of the kind found first in KINDS' order (a phrase over a code).
            kind = last.kind if order[last.kind] <= order[span.kind] else span.kind
            merged[-1] = _Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def find(text: str, *, html: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every secret in `text`, in order, not overlapping."""
    if not text:
        return []
    view = _html_view(text) if html else text
    spans = _seed_spans(view) + _key_spans(view) + _code_spans(view) + _password_spans(view)
    return [(s.start, s.end, s.kind) for s in _merged(spans)]


def redact(text: str, *, html: bool = False) -> Redaction:
    found = find(text, html=html)
    if not found:
        return Redaction(text=text)
    pieces: list[str] = []
    at = 0
    for start, end, kind in found:
        pieces += [text[at:start], marker(kind)]
        at = end
    pieces.append(text[at:])
    kinds = tuple(k for k in KINDS if any(kind == k for _s, _e, kind in found))
    return Redaction(text="".join(pieces), kinds=kinds, count=len(found))
