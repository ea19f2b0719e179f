"""First pass: EVM hashes and addresses."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eth_utils import to_checksum_address

from triage.mentions import Found

_EVM = re.compile(r"(?<![0-9A-Za-z])0x([0-9a-fA-F]{64}|[0-9a-fA-F]{40})(?![0-9A-Za-z])")
EVM_CHAINS = ("evm",)


def _scan(text: str, source: str, out: list[Found], seen: set[tuple[str, str]]) -> None:
    for m in _EVM.finditer(text):
        body = m.group(1)
        if len(body) == 64:
            value, kind, checksum = "0x" + body.lower(), "tx_hash", "none"
        else:
            value = to_checksum_address("0x" + body.lower())
            mixed = body != body.lower() and body != body.upper()
            if mixed and value[2:] != body:
                out.append(
                    Found(
                        "suspect",
                        "0x" + body,
                        EVM_CHAINS,
                        "",
                        "",
                        m.start(),
                        m.end(),
                        source,
                        "invalid",
                        "EIP-55 checksum mismatch",
                    )
                )
                continue
            kind, checksum = "address", "valid" if mixed else "none"
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        out.append(Found(kind, value, EVM_CHAINS, "", "", m.start(), m.end(), source, checksum))


def extract_all(text: str, attachment_names: Sequence[str]) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[str, str]] = set()
    _scan(text, "body", out, seen)
    for name in attachment_names:
        _scan(name, f"attachment:{name}", out, seen)
    return out
