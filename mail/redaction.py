"""The raw bytes of an inbound email, with the secrets its sender pasted taken out.

The stored message is kept for quarantine and reprocessing, so a seed phrase must not survive in it
either. Every text part (forwarded messages' included) is decoded, redacted (`approvals.redaction`), and
encoded again the way it came (base64, quoted-printable, 7/8-bit, in its own charset); the new encoded
body then replaces the old one where it stands in the bytes, so headers, attachments and every other
part stay byte for byte. A part whose encoded body cannot be found as it was parsed (an odd layout) is
handled by writing the whole message out again; a secret in the Subject is replaced where it appears.
"""

from __future__ import annotations

import base64
import logging
import quopri
from email import message_from_bytes, policy
from email.message import Message

from approvals.redaction import redact

log = logging.getLogger(__name__)


def _text_of(part: Message) -> tuple[str, str] | None:
    """(decoded text, charset) of a text leaf, or None when it cannot be read."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    for candidate in (charset, "utf-8", "latin-1"):
        try:
            return data.decode(candidate), candidate
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def _encoded(text: str, charset: str, transfer: str, newline: bytes) -> bytes:
    """The body as it goes in the message: the part's own charset and transfer encoding."""
    try:
        data = text.encode(charset)
    except (LookupError, UnicodeEncodeError):
        data = text.encode("utf-8")
    if transfer == "base64":
        return base64.encodebytes(data).replace(b"\n", newline)
    if transfer == "quoted-printable":
        return quopri.encodestring(data).replace(b"\n", newline)
    return data.replace(b"\r\n", b"\n").replace(b"\n", newline)


def raw_redact(raw: bytes, tree: Message | None = None) -> tuple[bytes, int]:
    """(the message without the secrets, how many were taken out). Never raises: a message it cannot
    read comes back as it was, with 0.

    `tree`: the message as the caller parsed it (`mail.parsing.read`). Most mail holds no secret, and
    that is decided on it without parsing the bytes again; only a message with one is parsed again
    here, to be rewritten."""
    try:
        if tree is not None and not _holds_secrets(tree):
            return raw, 0
        return _raw_redact(raw)
    except Exception:
        log.exception("the raw message could not be redacted")
        return raw, 0


def _holds_secrets(msg: Message) -> bool:
    """Whether `_raw_redact` would take anything out: the same text parts and Subject, read the same way."""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        decoded = _text_of(part)
        if decoded is not None and redact(decoded[0], html=part.get_content_subtype() == "html").count:
            return True
    # The Subject as it stands in the bytes (what `_raw_redact` reads with compat32): the raw value,
    # which compat32 gives as text unless it carries 8-bit bytes.
    subject = next((value for key, value in msg.raw_items() if key.lower() == "subject"), None)
    if isinstance(subject, str) and not _has_surrogates(subject):
        return bool(redact(str(subject)).count)
    return False


def _has_surrogates(value: str) -> bool:
    # As compat32 decides it (email.utils._has_surrogates): only such a value is not given as text.
    try:
        value.encode()
    except UnicodeEncodeError:
        return True
    return False


def _raw_redact(raw: bytes) -> tuple[bytes, int]:
    msg = message_from_bytes(raw, policy=policy.compat32)
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    out, count, rewrite = raw, 0, False
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        decoded = _text_of(part)
        if decoded is None:
            continue
        text, charset = decoded
        result = redact(text, html=part.get_content_subtype() == "html")
        if not result.count:
            continue
        count += result.count
        transfer = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
        # The body as parsed, surrogate escapes and all (get_payload() would decode an 8-bit one).
        old = getattr(part, "_payload", None)
        new = _encoded(result.text.replace("\r\n", "\n"), charset, transfer, newline)
        # The parser read the bytes as ASCII with surrogate escapes: the same turns them back.
        part.set_payload(new.decode("ascii", "surrogateescape"))
        old_bytes = old.encode("ascii", "surrogateescape") if isinstance(old, str) else b""
        if old_bytes.strip() and out.count(old_bytes) == 1:
            out = out.replace(old_bytes, new)
        else:
            rewrite = True
    subject = msg.get("Subject")
    if isinstance(subject, str) and (found := redact(subject)).count:
        count += found.count
        if subject.encode("ascii", "surrogateescape") in out and not rewrite:
            out = out.replace(subject.encode("ascii", "surrogateescape"), found.text.encode("utf-8"), 1)
        else:
            msg.replace_header("Subject", found.text)
            rewrite = True
    if rewrite:
        out = msg.as_bytes(policy=policy.compat32)
    return out, count
