"""The email corpus is consistent: its manifest matches the files, and the files say what it claims."""

import re
import struct
import zlib
from email import message_from_bytes, policy
from email.headerregistry import AddressHeader
from email.message import EmailMessage
from typing import cast

import pytest

from tests.mail.corpus import CORPUS_DIR, PLACEHOLDERS, CorpusEntry, load, manifest
from tests.mail.corpus.make_huge import HUGE_PDF_BYTES

SAMPLE = {"TICKET_MESSAGE_ID": "<hd.1.2.abcdef@cryptox.example>", "TICKET_REF": "HD-000001"}
OUTCOMES = {"new_ticket", "reply", "held", "ignored_auto_reply", "ignored_bounce", "duplicate", "quarantine"}
ENTRIES = manifest()
COMMITTED = [entry for entry in ENTRIES if not entry["generated_by"]]
PARSEABLE = [entry for entry in ENTRIES if not entry["broken"]]


def _parse(entry: CorpusEntry) -> EmailMessage:
    raw = load(entry["file"], **SAMPLE)
    return cast(EmailMessage, message_from_bytes(raw, policy=policy.default))


def _expected(text: str) -> str:
    for key, value in SAMPLE.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _decoded(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def _attachment_names(message: EmailMessage) -> list[str]:
    return [name for part in message.walk() if (name := part.get_filename())]


def test_every_manifest_entry_has_its_file_and_every_file_has_an_entry() -> None:
    listed = [entry["file"] for entry in ENTRIES]
    on_disk = sorted(path.name for path in CORPUS_DIR.glob("*.eml"))

    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(entry["file"] for entry in COMMITTED) == on_disk
    assert all(entry["generated_by"] == "make_huge.py" for entry in ENTRIES if entry not in COMMITTED)


def test_the_readable_manifest_lists_every_file() -> None:
    table = (CORPUS_DIR / "MANIFEST.md").read_text(encoding="utf-8")

    missing = [entry["file"] for entry in ENTRIES if f"`{entry['file']}`" not in table]
    assert missing == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["file"])
def test_manifest_entries_are_well_formed(entry: CorpusEntry) -> None:
    assert entry["expect"] in OUTCOMES
    assert set(entry["placeholders"]) <= set(PLACEHOLDERS)
    assert not set(entry["attachments"]) & set(entry["refused_attachments"])
    if entry["expect"] == "quarantine" or entry["expect"].startswith("ignored"):
        assert entry["reason"], "say why it is ignored or quarantined"
    if entry["expect"] != "quarantine":
        assert re.fullmatch(r"[^@\s]+@[^@\s]+", entry["from"]), "every handled message has a sender"


@pytest.mark.parametrize("entry", PARSEABLE, ids=lambda entry: entry["file"])
def test_each_message_parses_with_the_listed_subject_sender_and_recipients(entry: CorpusEntry) -> None:
    message = _parse(entry)

    assert str(message["Subject"] or "") == _expected(entry["subject"])
    # Compared with the raw header, not the parsed address: 12's From is junk the parser gets wrong.
    raw_from = message_from_bytes(load(entry["file"], **SAMPLE), policy=policy.compat32)["From"]
    assert entry["from"].lower() in str(raw_from).lower()
    cc = cast(AddressHeader | None, message["Cc"])
    assert ([address.addr_spec for address in cc.addresses] if cc else []) == entry["cc"]
    names = _attachment_names(message)
    for name in entry["attachments"] + entry["refused_attachments"]:
        assert name in names


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["broken"]], ids=lambda entry: entry["file"])
def test_the_deliberately_broken_files_have_no_sender_to_find(entry: CorpusEntry) -> None:
    message = _parse(entry)

    assert message["From"] is None
    assert message.defects, "the parser should notice the missing header section"
    assert entry["expect"] == "quarantine"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["placeholders"]], ids=lambda e: e["file"])
def test_placeholders_are_substituted_and_required(entry: CorpusEntry) -> None:
    raw = load(entry["file"], **SAMPLE)
    assert b"{{" not in raw
    for key in entry["placeholders"]:
        assert SAMPLE[key].encode() in raw
        with pytest.raises(KeyError, match=key):
            load(entry["file"], **{other: v for other, v in SAMPLE.items() if other != key})


def test_a_ticket_message_id_is_accepted_with_or_without_angle_brackets() -> None:
    bare = load("20b_chain_reply_in_reply_to.eml", TICKET_MESSAGE_ID="hd.9.9.x@cryptox.example")
    bracketed = load("20b_chain_reply_in_reply_to.eml", TICKET_MESSAGE_ID="<hd.9.9.x@cryptox.example>")

    assert bare == bracketed
    assert b"In-Reply-To: <hd.9.9.x@cryptox.example>\n" in bare


def test_an_unknown_placeholder_name_is_refused() -> None:
    with pytest.raises(TypeError, match="TICKET_REFF"):
        load("20c_chain_reply_subject_ref_only.eml", TICKET_REFF="HD-000001")


def test_the_duplicate_is_byte_for_byte_the_first_message() -> None:
    assert load("22_duplicate_of_01.eml") == load("01_plain_text_utf8.eml")


def _check_pdf(data: bytes) -> None:
    """Structure of a classic PDF: header, trailer, and an xref whose offsets land on the objects."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    start = re.search(rb"startxref\n(\d+)\n%%EOF", data[-64:])
    assert start is not None
    xref = int(start.group(1))
    assert data[xref : xref + 5] == b"xref\n"
    count = int(data[xref:].split(b"\n")[1].split()[1])
    rows = data[xref:].split(b"\n")[3 : 3 + count - 1]
    for number, row in enumerate(rows, 1):
        offset = int(row.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number)


def _check_png(data: bytes) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, kinds = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        kinds.append(kind)
        position += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["attachments"]], ids=lambda e: e["file"])
def test_pdf_and_png_attachments_are_real_files(entry: CorpusEntry) -> None:
    checked = 0
    for part in _parse(entry).walk():
        name = part.get_filename() or ""
        if name.endswith(".pdf"):
            _check_pdf(_decoded(part))
            checked += 1
        elif name.endswith(".png"):
            _check_png(_decoded(part))
            checked += 1
    if entry["file"] != "17_forwarded_phishing.eml":
        assert checked > 0


def test_the_generated_huge_attachment_is_over_the_limit_and_the_rest_is_small() -> None:
    message = _parse(next(e for e in ENTRIES if e["generated_by"]))
    sizes = {part.get_filename(): len(_decoded(part)) for part in message.iter_attachments()}

    assert sizes["statement-2024-full.pdf"] == HUGE_PDF_BYTES > 10 * 1024 * 1024
    assert sizes["statement-summary.png"] < 1024
