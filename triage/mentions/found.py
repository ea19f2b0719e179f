from __future__ import annotations

from dataclasses import dataclass

KINDS = ("tx_hash", "address", "memo", "amount", "network")
SUSPECT = "suspect"


@dataclass(frozen=True, slots=True)
class Found:
    """One mention in a message.

    `kind` is one of KINDS, or "suspect" for a string shaped like an address or hash that is not one
    (checksum mismatch, testnet, labelled as an API key, ...; `reason` says which). Suspects are never
    counted as mentions. `value` is normalised: an EVM address EIP-55 checksummed, a hex hash lowercase
    (0x-prefixed when the chain is EVM), a tag or memo as written, an amount as a plain decimal string
    with `asset` set, a network as its slug. `chains` are the candidate chain families; `network` is the
    slug when the format or the text settles it. `start`/`end` index into the body or the attachment
    name named by `source` ("body" or "attachment:<name>"). `checksum` is "valid" when one was verified,
    "none" when the format (or the way it was written) carries none, "invalid" on a suspect.
    """

    kind: str
    value: str
    chains: tuple[str, ...]
    network: str
    asset: str
    start: int
    end: int
    source: str
    checksum: str
    reason: str = ""
