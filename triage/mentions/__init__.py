"""Mentions in a customer's message: transaction hashes, addresses, memos and tags, amounts, networks.

Pure functions over text, no database: `extract(body, attachment_names=[...])` returns every mention
found, normalised, with the chain families it may belong to and the network when the text names it.
A string that looks like an address but fails its checksum is never an address (it comes back as a
`suspect` with the reason, which callers do not count as a mention).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Found", "extract"]


@dataclass(frozen=True, slots=True)
class Found:
    kind: str  # tx_hash | address | memo | amount | network | suspect
    value: str
    chains: tuple[str, ...]
    network: str
    asset: str
    start: int
    end: int
    source: str  # "body" or "attachment:<name>"
    checksum: str  # "valid" | "none" ("invalid" on a suspect)
    reason: str = ""  # why a suspect is not a mention; empty otherwise


def extract(text: str, *, attachment_names: Sequence[str] = ()) -> list[Found]:
    from triage.mentions.extract import extract_all

    return extract_all(text, attachment_names)
