"""Raw inbound emails for the email-channel tests, with the outcome each one should have.

`load(name)` gives a file's bytes exactly as a mail server would hand them over; the reply-chain files
carry placeholders for ids only known once the first message became a ticket:

    raw = load("20b_chain_reply_in_reply_to.eml", TICKET_MESSAGE_ID="<hd.1.2.abc@cryptox.example>")

`manifest()` lists every file with its expected outcome (see MANIFEST.md for the fields).
"""

import functools
import json
from pathlib import Path
from typing import Literal, TypedDict

CORPUS_DIR = Path(__file__).resolve().parent
PLACEHOLDERS = ("TICKET_MESSAGE_ID", "TICKET_REF")

Outcome = Literal[
    "new_ticket", "reply", "held", "ignored_auto_reply", "ignored_bounce", "duplicate", "quarantine"
]


# Functional form because one key is "from".
CorpusEntry = TypedDict(
    "CorpusEntry",
    {
        "file": str,
        "expect": Outcome,
        "reason": str,
        "from": str,
        "from_name": str,
        "subject": str,
        "text_contains": list[str],
        "text_not_contains": list[str],
        "html_not_contains": list[str],
        "attachments": list[str],
        "refused_attachments": list[str],
        "cc": list[str],
        "placeholders": list[str],
        "generated_by": str | None,
        "broken": bool,
        "notes": str,
    },
)


def manifest() -> list[CorpusEntry]:
    """Every corpus file with its expectations, in file order (a fresh copy on each call)."""
    entries: list[CorpusEntry] = json.loads((CORPUS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return entries


def entry(name: str) -> CorpusEntry:
    for item in manifest():
        if item["file"] == name:
            return item
    raise KeyError(f"{name} is not in the corpus manifest")


@functools.cache
def _generated(name: str) -> bytes:
    from tests.mail.corpus import make_huge

    if name != make_huge.FILE_NAME:
        raise KeyError(f"no generator for {name}")
    return make_huge.build()


def load(name: str, **placeholders: str) -> bytes:
    """The raw bytes of corpus file `name`, with `{{PLACEHOLDER}}`s replaced.

    TICKET_MESSAGE_ID may be given with or without its angle brackets; TICKET_REF is the bare reference
    such as "HD-000001". Every placeholder the file uses must be given; unknown names are an error, so a
    typo cannot leave a placeholder in a message silently.
    """
    unknown = set(placeholders) - set(PLACEHOLDERS)
    if unknown:
        raise TypeError(f"unknown corpus placeholders {sorted(unknown)}; known: {list(PLACEHOLDERS)}")
    raw = _generated(name) if entry(name)["generated_by"] else (CORPUS_DIR / name).read_bytes()
    values = dict(placeholders)
    if "TICKET_MESSAGE_ID" in values:
        values["TICKET_MESSAGE_ID"] = "<" + values["TICKET_MESSAGE_ID"].strip().strip("<>") + ">"
    for key in PLACEHOLDERS:
        marker = b"{{%s}}" % key.encode()
        if marker not in raw:
            continue
        if key not in values:
            raise KeyError(f"{name} needs the placeholder {key}")
        raw = raw.replace(marker, values[key].encode("ascii"))
    return raw


def write(name: str, directory: Path, **placeholders: str) -> Path:
    """Write corpus file `name` into `directory` (for the file, mbox and Maildir importers)."""
    path = directory / name
    path.write_bytes(load(name, **placeholders))
    return path
