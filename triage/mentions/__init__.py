"""Mentions in a customer's message: transaction hashes, addresses, memos and tags, amounts, networks.

Pure functions over text, no database: `extract(body, attachment_names=[...])` returns every mention
found, normalised, with the chain families it may belong to and the network when the text names it.
A string that looks like an address but fails its checksum is never an address (it comes back as a
`suspect` with the reason, which callers do not count as a mention).
"""

from triage.mentions.extract import extract
from triage.mentions.found import KINDS, SUSPECT, Found

__all__ = ["KINDS", "SUSPECT", "Found", "extract"]
