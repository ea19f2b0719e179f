"""Raw RFC 5322 bytes -> what the helpdesk needs to know about a message. Pure: no database.

Built on the standard library's modern email API (`policy.default`). Real mail is often broken, so
every header is read defensively: a header the strict parser rejects is decoded best-effort from its
raw text instead of failing the whole message. Only a message with no sender address at all cannot
become a ticket; the caller quarantines it.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html import escape
from typing import Any

import charset_normalizer
from inscriptis import get_text

MAX_IDS = 50
_ID_RE = re.compile(r"<([^<>\s]{1,900})>")
_ADDR_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# The line the helpdesk puts above every reply it sends; whatever the customer quotes below it is
# the conversation the ticket already has.
REPLY_MARKER = "##- Please type your reply above this line -##"
_MARKER_RE = re.compile(r"##-[^\n#]{0,120}-##")
_BOUNCE_SENDERS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}
_AUTO_PRECEDENCE = {"bulk", "junk", "auto_reply", "list"}


class _RememberingHeaders(HeaderRegistry):
    """`policy.default`'s header factory, remembering what it made. The standard one builds a new class
    and parses the value again on every read of a header, and reading a message asks for the same
    few (Content-Type above all) many times; header objects are immutable, so one can be shared."""

    MAX_KEPT = 4096
    MAX_VALUE = 2000

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}
        self._made: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls

    def __call__(self, name: str, value: str) -> BaseHeader:
        key = (name, value)
        header = self._made.get(key)
        if header is None:
            header = self[name](name, value)
            if len(value) <= self.MAX_VALUE:
                if len(self._made) >= self.MAX_KEPT:
                    self._made.clear()
                self._made[key] = header
        return header


# The modern API's policy, with headers parsed once each (see `_RememberingHeaders`).
POLICY = policy.default.clone(header_factory=_RememberingHeaders())


class ParseError(Exception):
    """The bytes are not a message the helpdesk can take: kept in quarantine with this reason."""


_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ESCAPED_BYTES = re.compile(r"[\udc80-\udcff]+")


def storable(value: str) -> str:
    """Text PostgreSQL can store. The parser keeps raw 8-bit header bytes sent without a charset
    (`Subject: R\\xc3\\xbcck`) as lone surrogates ("surrogateescape"), and psycopg refuses them, as it
    refuses NUL: the bytes are read again as UTF-8 (Windows-1252 when they are not), and whatever
    is left becomes U+FFFD."""
    if not value or not (_SURROGATES.search(value) or "\x00" in value):
        return value

    def bytes_again(match: re.Match[str]) -> str:
        data = match.group(0).encode("utf-8", "surrogateescape")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")

    value = _ESCAPED_BYTES.sub(bytes_again, value)
    return _SURROGATES.sub("\ufffd", value).replace("\x00", "")


@dataclass(frozen=True)
class Address:
    name: str
    addr: str

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True)
class MailPart:
    filename: str
    content: bytes
    content_type: str
    content_id: str = ""
    inline: bool = False


@dataclass
class Bounce:
    original_ids: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    status: str = ""
    diagnostic: str = ""
    # Where the bounce was sent: the outer To and the receiving server's Delivered-To/X-Original-To
    # (mail/bounces.py checks them for the bounce address of a message the helpdesk sent).
    sent_to: list[str] = field(default_factory=list)


@dataclass
class ParsedMessage:
    message_id: str
    message_id_synthesized: bool
    sender: Address | None
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    subject: str
    date: dt.datetime | None
    in_reply_to: list[str]
    references: list[str]
    text: str
    html: str
    attachments: list[MailPart]
    language: str
    # Why the helpdesk must not treat this as a person writing: "" for a person, else
    # "auto_reply", "bounce" or "mailing_list" (loops need the mailbox list: see `is_own_message`).
    automatic: str
    automatic_reason: str
    suppress_auto_response: bool
    x_loop: list[str]
    bounce: Bounce | None
    # spf/dkim/dmarc results from the receiving server's Authentication-Results header (RFC 8601).
    auth: dict[str, str] = field(default_factory=dict)

    @property
    def spoofing_suspected(self) -> bool:
        """The receiving server found the sender's domain did not send it: the From may be forged."""
        return self.auth.get("dmarc") == "fail" or (
            self.auth.get("spf") == "fail" and self.auth.get("dkim") not in ("pass", None)
        )

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this one answers, the most specific first."""
        seen: list[str] = []
        for mid in [*self.in_reply_to, *reversed(self.references)]:
            if mid not in seen:
                seen.append(mid)
        return seen[:MAX_IDS]

    def recipients(self) -> list[Address]:
        return [*self.to, *self.cc]


def message_key(message_id: str) -> str:
    return hashlib.sha256(normalize_id(message_id).encode()).hexdigest()


def normalize_id(message_id: str) -> str:
    return message_id.strip().strip("<>").strip()


def identify(message_id_header: str, raw: bytes) -> tuple[str, bool]:
    """(Message-ID, whether it was made up). A message without one gets an id made from its bytes,
    so the same bytes arriving twice are still recognised."""
    found = _ids(storable(message_id_header))
    if found:
        return found[0][:998], False
    return f"{hashlib.sha256(raw).hexdigest()[:40]}@synthesized.invalid", True


def read(raw: bytes) -> EmailMessage:
    """The message's tree (what `parse` reads; `mail.redaction.raw_redact` may look at it too)."""
    if not raw or not raw.strip():
        raise ParseError("the message is empty")
    try:
        msg = BytesParser(policy=POLICY).parsebytes(raw)
    except Exception as exc:  # the parser is lenient; this is for the truly unreadable
        raise ParseError(f"not a readable message: {exc}") from exc
    assert isinstance(msg, EmailMessage)
    if not msg.keys():
        raise ParseError("no headers: this is not an email message")
    return msg


def parse(raw: bytes, msg: EmailMessage | None = None) -> ParsedMessage:
    """What the helpdesk needs to know of `raw`; `msg`: its tree, when the caller has read it."""
    if msg is None:
        msg = read(raw)

    heads = _Headers(msg)
    message_id, synthesized = identify(heads.text("Message-ID"), raw)

    body = _Body()
    body.collect(msg)
    text, html = body.text(), body.html()
    if not text and html:
        text = html_to_text(html)

    sender = _first(_addresses(heads, "From")) or _first(_addresses(heads, "Reply-To"))
    sender = sender or _first(_addresses(heads, "Sender"))
    automatic, reason = _automatic(heads, sender)
    return ParsedMessage(
        message_id=message_id,
        message_id_synthesized=synthesized,
        sender=sender,
        reply_to=_addresses(heads, "Reply-To"),
        to=_addresses(heads, "To"),
        cc=_addresses(heads, "Cc"),
        subject=" ".join(heads.text("Subject").split()),
        date=_date(heads),
        in_reply_to=_ids(heads.text("In-Reply-To"))[:MAX_IDS],
        references=_ids(heads.text("References"))[-MAX_IDS:],
        text=text,
        html=html,
        attachments=body.attachments,
        language=heads.text("Content-Language").split(",")[0].strip().lower()[:16],
        automatic=automatic,
        automatic_reason=reason,
        suppress_auto_response=bool(automatic)
        or any(v in heads.text("X-Auto-Response-Suppress").lower() for v in ("all", "oof", "autoreply")),
        x_loop=[a.lower() for a in _ADDR_RE.findall(heads.text("X-Loop"))],
        bounce=_bounce(heads, body) if automatic == "bounce" else None,
        auth=_auth_results(heads),
    )


# --- Headers --------------------------------------------------------------------------------------


class _Headers:
    """A message's headers by their lower-cased names, the first of each (the one `Message.get` gives),
    listed once: parsing asks for some twenty headers, most of them absent, and each ask walked every
    header of the message, twice for one that is there."""

    def __init__(self, msg: Message) -> None:
        self.msg = msg
        self.first: dict[str, tuple[str, Any]] = {}
        for key, value in msg.raw_items():
            self.first.setdefault(key.lower(), (key, value))

    def parsed(self, name: str) -> Any:
        """`msg.get(name)`."""
        found = self.first.get(name.lower())
        return None if found is None else self.msg.policy.header_fetch_parse(*found)

    def text(self, name: str) -> str:
        """A header's decoded text; a value the strict parser rejects is decoded best-effort instead."""
        found = self.first.get(name.lower())
        if found is None:
            return ""
        raw = str(found[1])
        if _ESCAPED_BYTES.search(raw):
            # 8-bit bytes with no charset: the library shows them as U+FFFD; read the bytes instead.
            return _decode_raw_header(storable(raw))
        try:
            return storable(str(self.msg.policy.header_fetch_parse(*found)))
        except Exception:
            return _decode_raw_header(raw)


def _header(msg: Message, name: str) -> str:
    """A header's decoded text (`_Headers.text`), for a message asked once or twice."""
    return _Headers(msg).text(name)


def _decode_raw_header(raw: str) -> str:
    try:
        return storable(str(make_header(decode_header(raw))))
    except Exception:
        return storable(raw)


def _addresses(heads: _Headers, name: str) -> list[Address]:
    msg = heads.msg
    found: list[Address] = []
    try:
        header = heads.parsed(name)
        groups = getattr(header, "addresses", ()) if header is not None else ()
        # A mangled header can parse into a "valid" but absurd address ('"Mike Tan x"@host'): only a
        # plain address counts, anything else is looked for again in the raw text below.
        found = [Address(a.display_name, a.addr_spec) for a in groups if _ADDR_RE.fullmatch(a.addr_spec)]
    except Exception:
        found = []
    if not found:
        raw = " ".join(str(v) for k, v in msg.raw_items() if k.lower() == name.lower())
        if raw:
            pairs = getaddresses([_decode_raw_header(raw)])
            found = [Address(n, a) for n, a in pairs if _ADDR_RE.fullmatch(a or "")]
            if not found:
                found = [Address("", a) for a in _ADDR_RE.findall(raw)]
    seen: set[str] = set()
    unique = []
    for a in found:
        clean = Address(" ".join(storable(a.name).split())[:200], storable(a.addr).strip().strip(".")[:254])
        if clean.addr.lower() not in seen:
            seen.add(clean.addr.lower())
            unique.append(clean)
    return unique


def _first(addresses: list[Address]) -> Address | None:
    return addresses[0] if addresses else None


def _ids(value: str) -> list[str]:
    ids = _ID_RE.findall(value)
    if not ids and "@" in value and len(value.split()) == 1:
        ids = [value.strip()]
    return [normalize_id(i) for i in ids if normalize_id(i)]


def _date(heads: _Headers) -> dt.datetime | None:
    value = heads.text("Date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


# --- Bodies and attachments -----------------------------------------------------------------------


class _Body:
    """Walks a message once: the readable text, the HTML, files, forwarded messages, report parts."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.attachments: list[MailPart] = []
        self.report_parts: list[tuple[str, str]] = []
        self.inner_headers: list[Message] = []
        self.forwarded: list[str] = []

    def text(self) -> str:
        return "\n\n".join(t for t in [*self.texts, *self.forwarded] if t.strip()).strip()

    def html(self) -> str:
        parts = [h for h in self.htmls if h.strip()]
        if parts:
            # A forwarded message is shown as the plain text it was, never as live markup or links.
            parts += [f"<blockquote><pre>{escape(f)}</pre></blockquote>" for f in self.forwarded]
        return "\n<hr>\n".join(parts).strip()

    def collect(self, part: Message, depth: int = 0) -> None:
        if depth > 20:
            return
        ctype = _ctype(part)
        if ctype in _REPORT_TYPES:
            self.report_parts.append((ctype, _report_text(part)))
        elif ctype == "multipart/alternative":
            self._alternative(part, depth)
        elif part.is_multipart() and ctype != "message/rfc822":
            for sub in _subparts(part):
                self.collect(sub, depth + 1)
        elif ctype == "message/rfc822":
            self._forwarded(part, depth)
        else:
            self._leaf(part)

    def _alternative(self, part: Message, depth: int) -> None:
        """One readable version of each kind: the last plain and the last HTML (RFC 2046: best last)."""
        subs = list(_subparts(part))
        plain = [s for s in subs if _ctype(s) == "text/plain"]
        rich = [s for s in subs if _ctype(s) == "text/html"]
        if plain:
            self.texts.append(_decode_text(plain[-1]))
        if rich:
            self.htmls.append(_decode_text(rich[-1]))
        for sub in subs:
            if sub.is_multipart():
                nested = _Body()
                nested.collect(sub, depth + 1)
                if not rich and nested.htmls:
                    self.htmls.extend(nested.htmls)
                if not plain and nested.texts:
                    self.texts.extend(nested.texts)
                self.attachments.extend(nested.attachments)

    def _forwarded(self, part: Message, depth: int) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, Message):
            self._leaf(part)
            return
        self.inner_headers.append(inner)
        nested = _Body()
        nested.collect(inner, depth + 1)
        text = nested.text() or html_to_text(nested.html())
        head = "\n".join(
            f"{label}: {value}"
            for label, value in (
                ("From", _header(inner, "From")),
                ("Date", _header(inner, "Date")),
                ("Subject", _header(inner, "Subject")),
                ("To", _header(inner, "To")),
            )
            if value
        )
        self.forwarded.append(f"---------- Forwarded message ----------\n{head}\n\n{text}")
        self.attachments.extend(nested.attachments)
        # The original too, as a file, so it can be opened or reported with every header intact.
        subject = " ".join(re.sub(r"[^\w .,()-]+", " ", _header(inner, "Subject")).split())[:150]
        try:
            original = inner.as_bytes(policy=policy.default.clone(linesep="\r\n"))
        except Exception:
            original = b""
        if original:
            name = f"{subject or 'forwarded message'}.eml"
            self.attachments.append(MailPart(filename=name, content=original, content_type="message/rfc822"))

    def _leaf(self, part: Message) -> None:
        ctype = _ctype(part)
        filename = _filename(part)
        disposition = _disposition(part)
        if ctype in ("text/plain", "text/html") and not filename and disposition != "attachment":
            (self.texts if ctype == "text/plain" else self.htmls).append(_decode_text(part))
            return
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            content = str(part.get_payload()).encode("utf-8", "replace")
        if not isinstance(content, bytes):
            content = b""
        cid = normalize_id(_header(part, "Content-ID"))
        self.attachments.append(
            MailPart(
                filename=filename or _default_name(ctype, len(self.attachments) + 1),
                content=content,
                content_type=ctype,
                content_id=cid,
                inline=disposition == "inline" or (bool(cid) and disposition != "attachment"),
            )
        )


_REPORT_TYPES = ("message/delivery-status", "text/rfc822-headers", "message/disposition-notification")


def _report_text(part: Message) -> str:
    """The header blocks of a delivery report; the library parses message/delivery-status into a list
    of header-only messages, one per block (RFC 3464)."""
    blocks = _subparts(part)
    if not blocks:
        return _decode_text(part)
    lines = []
    for block in blocks:
        lines += [f"{k}: {storable(str(v))}" for k, v in block.items()]
        lines.append("")
    return "\n".join(lines)


def _ctype(part: Message) -> str:
    """The part's content type; a Content-Type header the library cannot parse counts as absent."""
    try:
        return part.get_content_type()
    except Exception:
        return "text/plain" if not part.is_multipart() else "multipart/mixed"


def _disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return "attachment"


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    return _decode_raw_header(name).strip() if name else ""


def _default_name(ctype: str, n: int) -> str:
    ext = {
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/gif": "gif",
        "application/pdf": "pdf",
        "text/calendar": "ics",
        "message/rfc822": "eml",
    }.get(ctype, "bin")
    return f"attachment-{n}.{ext}"


# Declared as Latin-1, sent as Windows-1252: what every mail client and browser assumes (WHATWG).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}


def _decode_text(part: Message) -> str:
    return storable(_decoded(part))


def _decoded(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if not isinstance(data, bytes):
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    try:
        declared = (part.get_content_charset() or "").lower()
    except Exception:
        declared = ""
    charset = _CHARSET_ALIASES.get(declared, declared)
    if charset:
        try:
            return data.decode(charset).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError, ValueError):  # ValueError: a charset name with NUL
            pass
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    text = str(best) if best is not None else data.decode("utf-8", "replace")
    return text.replace("\r\n", "\n")


def html_to_text(html: str) -> str:
    if not html.strip():
        return ""
    try:
        text = get_text(html)
    except Exception:
        text = re.sub(r"<[^>]+>", " ", html)
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- What kind of sender ---------------------------------------------------------------------------


def _automatic(heads: _Headers, sender: Address | None) -> tuple[str, str]:
    """RFC 3834 and the de-facto headers of the big mail systems; never the subject line alone."""
    msg = heads.msg
    ctype = _ctype(msg)
    try:
        report = (msg.get_param("report-type") or "") if ctype == "multipart/report" else ""
    except Exception:
        report = ""
    if ctype == "multipart/report" and str(report).lower() == "delivery-status":
        return "bounce", "delivery status notification"
    local = sender.addr.split("@")[0].lower() if sender else ""
    if local in _BOUNCE_SENDERS:
        return "bounce", f"sent by {local}"
    if ctype == "multipart/report":
        return "auto_reply", f"automatic report ({report or 'unknown type'})"
    auto = heads.text("Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return "auto_reply", f"Auto-Submitted: {auto}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"):
        if heads.text(name):
            return "auto_reply", f"{name} header"
    if heads.text("X-MS-Exchange-Inbox-Rules-Loop"):
        return "auto_reply", "generated by a mailbox rule"
    precedence = heads.text("Precedence").strip().lower()
    if precedence in _AUTO_PRECEDENCE:
        kind = "mailing_list" if precedence in ("list", "bulk", "junk") else "auto_reply"
        return kind, f"Precedence: {precedence}"
    if heads.text("List-Id") or heads.text("List-Unsubscribe"):
        return "mailing_list", "mailing list headers"
    return "", ""


def _auth_results(heads: _Headers) -> dict[str, str]:
    """The topmost Authentication-Results: the one the helpdesk's own receiving server added (it
    must remove any the sender forged, as RFC 8601 asks; every major mail server does)."""
    value = heads.text("Authentication-Results")
    results: dict[str, str] = {}
    for method, result in re.findall(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", value, re.IGNORECASE):
        results.setdefault(method.lower(), result.lower())
    return results


def is_own_message(parsed: ParsedMessage, own_addresses: set[str]) -> bool:
    """Mail the helpdesk sent coming back: answering it would start a loop."""
    if any(a in own_addresses for a in parsed.x_loop):
        return True
    return parsed.sender is not None and parsed.sender.addr.lower() in own_addresses


_SENT_TO_HEADERS = ("To", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")


def _bounce(heads: _Headers, body: "_Body") -> Bounce:
    msg = heads.msg
    info = Bounce()
    for key, value in msg.raw_items():
        if key.lower() in (h.lower() for h in _SENT_TO_HEADERS):
            info.sent_to.extend(_ADDR_RE.findall(storable(str(value)))[:MAX_IDS])
    info.sent_to = info.sent_to[:MAX_IDS]
    ids: list[str] = []
    for inner in body.inner_headers:
        ids.extend(_ids(_header(inner, "Message-ID")))
    for ctype, text in body.report_parts:
        if ctype == "text/rfc822-headers":
            ids.extend(_ids(_value_of(text, "Message-ID")))
        if ctype == "message/delivery-status":
            info.status = info.status or _value_of(text, "Status")
            info.diagnostic = info.diagnostic or _value_of(text, "Diagnostic-Code")
            recipient = _value_of(text, "Final-Recipient") or _value_of(text, "Original-Recipient")
            if recipient:
                info.recipients.append(recipient.split(";")[-1].strip())
    # Non-standard bounces quote the original somewhere in their text; take every id they mention.
    ids.extend(_ids(heads.text("In-Reply-To")))
    ids.extend(_ids(heads.text("References")))
    ids.extend(normalize_id(i) for i in _ID_RE.findall(body.text()) if "@" in i)
    info.original_ids = list(dict.fromkeys(i for i in ids if i))[:MAX_IDS]
    if not info.diagnostic:
        for line in body.text().splitlines():
            if re.match(r"\s*(5\d\d|4\d\d)[ -]", line):
                info.diagnostic = line.strip()[:500]
                break
    return info


def _value_of(block: str, name: str) -> str:
    match = re.search(rf"^{re.escape(name)}:\s*(.+(?:\n[ \t].+)*)", block, re.IGNORECASE | re.MULTILINE)
    return " ".join(match.group(1).split()) if match else ""


# --- Quoted history -------------------------------------------------------------------------------


def strip_quoted(text: str, html: str) -> tuple[str, str]:
    """Cut a reply at the helpdesk's marker line: what is below it is already on the ticket."""
    match = _MARKER_RE.search(text)
    if match:
        text = text[: match.start()]
        # The client's "On <date>, <name> wrote:" line sits just above the quote.
        lines = text.rstrip().splitlines()
        while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
            lines.pop()
        if lines and re.search(
            r"(wrote|schrieb|escribió|a écrit|написал)\s*:?\s*$", lines[-1], re.IGNORECASE
        ):
            lines.pop()
        text = "\n".join(lines).rstrip()
    hmatch = _MARKER_RE.search(html)
    if hmatch:
        html = html[: hmatch.start()]
    return text, html
