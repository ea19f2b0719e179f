"""Build the labelled mention set `triage/data/mentions_set.jsonl` from the hand-written messages in
`triage/data/messages.py`, filling their placeholders with real-format values from `make_values.Values`.

    .venv/bin/python -m triage.data.make_set

The expected mentions come from the markup a person wrote around each value, never from the extractor.
Markup in a message:
  {name}            a valid value (make_values.Values.<name>), expected with its format's network
  {name:net}        the same, expected on network `net` (the message names it)
  {name@explorer}   the value inside an explorer link; expected on the explorer's network
  {!name}           a decoy value: rendered, expected nowhere
  <net:slug|a|b>    a network name written as a or b; expected as a network mention
  <amt:v:ASSET|a|b> an amount written as a or b; expected as amount v of ASSET
  <tag>             an XRP destination tag value; <memo:net> a memo value (random digits);
  <memo:net:VALUE>  a memo written as VALUE
  <|a|b>            variety with nothing expected
Attachments follow " @@ ", separated by " ;; ".
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from triage.data.make_values import Values
from triage.data.messages import HARD, HELDOUT, MESSAGES
from triage.mentions.codecs import eip55

OUT = Path(__file__).with_name("mentions_set.jsonl")

_FAMILY_NETWORK = {
    "btc_p2pkh": "bitcoin",
    "btc_p2sh": "bitcoin",
    "btc_wpkh": "bitcoin",
    "btc_wpkh_upper": "bitcoin",
    "btc_wsh": "bitcoin",
    "btc_tr": "bitcoin",
    "tron_addr": "tron",
    "sol_addr": "solana",
    "sol_sig": "solana",
    "xrp_addr": "xrp",
    "xrp_x": "xrp",
    "ton_addr": "ton",
    "ton_raw": "ton",
}
_EVM_NETWORKS = {"ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche"}
_EXPLORERS: dict[str, tuple[str, str, str]] = {
    # name: (network, tx url, address url)
    "etherscan": ("ethereum", "https://etherscan.io/tx/{}", "https://etherscan.io/address/{}"),
    "bscscan": ("bsc", "https://bscscan.com/tx/{}", "https://bscscan.com/address/{}"),
    "polygonscan": ("polygon", "https://polygonscan.com/tx/{}", "https://polygonscan.com/address/{}"),
    "arbiscan": ("arbitrum", "https://arbiscan.io/tx/{}", "https://arbiscan.io/address/{}"),
    "opscan": (
        "optimism",
        "https://optimistic.etherscan.io/tx/{}",
        "https://optimistic.etherscan.io/address/{}",
    ),
    "basescan": ("base", "https://basescan.org/tx/{}", "https://basescan.org/address/{}"),
    "snowtrace": ("avalanche", "https://snowtrace.io/tx/{}", "https://snowtrace.io/address/{}"),
    "mempool": ("bitcoin", "https://mempool.space/tx/{}", "https://mempool.space/address/{}"),
    "blockstream": ("bitcoin", "blockstream.info/tx/{}", "blockstream.info/address/{}"),
    "blockchair": (
        "bitcoin",
        "https://blockchair.com/bitcoin/transaction/{}",
        "https://blockchair.com/bitcoin/address/{}",
    ),
    "tronscan": ("tron", "https://tronscan.org/#/transaction/{}", "https://tronscan.org/#/address/{}"),
    "solscan": ("solana", "https://solscan.io/tx/{}", "https://solscan.io/account/{}"),
    "solexplorer": ("solana", "https://explorer.solana.com/tx/{}", "https://explorer.solana.com/address/{}"),
    "xrpscan": ("xrp", "https://xrpscan.com/tx/{}", "https://xrpscan.com/account/{}"),
    "tonviewer": ("ton", "https://tonviewer.com/transaction/{}", "https://tonviewer.com/{}"),
}
_PLACEHOLDER = re.compile(r"\{(!?)(\w+)(?::(\w*))?(?:@(\w+))?\}")
_SPAN = re.compile(r"<(net|amt|tag|memo|)(?::([^|>]*))?((?:\|[^|>]*)*)>")


def _kind(name: str) -> str:
    return "tx_hash" if name.endswith(("_tx", "_tx_upper", "_sig")) else "address"


def _expected_value(name: str, raw: str, network: str) -> str:
    if name.startswith("evm_addr"):
        return eip55(raw[2:])
    if name == "evm_tx":
        return raw.lower()
    if name.startswith("hex_tx"):
        return ("0x" if network in _EVM_NETWORKS else "") + raw.lower()
    if name.startswith("btc_") and raw.lower().startswith("bc1"):
        return raw.lower()
    return raw


def render(template: str, values: Values, rng: random.Random) -> dict[str, Any]:
    expected: list[dict[str, str]] = []

    def expect(kind: str, value: str, network: str = "", asset: str = "") -> None:
        item = {"kind": kind, "value": value, "network": network, "asset": asset}
        if item not in expected:
            expected.append(item)

    def placeholder(m: re.Match[str]) -> str:
        decoy, name, net, explorer = m.group(1), m.group(2), m.group(3), m.group(4)
        raw = getattr(values, name)()
        if decoy:
            return str(raw)
        network = net if net is not None else _FAMILY_NETWORK.get(name, "")
        text = raw
        if explorer:
            network, tx_url, address_url = _EXPLORERS[explorer]
            text = (tx_url if _kind(name) == "tx_hash" else address_url).format(raw)
        expect(_kind(name), _expected_value(name, raw, network), network)
        return str(text)

    def span(m: re.Match[str]) -> str:
        kind, arg, choices = m.group(1), m.group(2) or "", m.group(3)
        options = [c for c in choices.split("|")[1:]] if choices else []
        text = rng.choice(options) if options else ""
        if kind == "net":
            expect("network", arg, arg)
        elif kind == "amt":
            value, asset = arg.rsplit(":", 1) if ":" in arg else (arg, "")
            expect("amount", value, "", asset)
        elif kind == "tag":
            text = values.tag()
            expect("memo", text, "xrp")
        elif kind == "memo":
            network, _, fixed = arg.partition(":")
            text = fixed or values.tag()
            expect("memo", text, network)
        return text

    body, _, attachments = template.partition(" @@ ")

    def fill(text: str) -> str:
        # spans first: an amount's "value:ASSET" must not be read as a placeholder
        return _PLACEHOLDER.sub(placeholder, _SPAN.sub(span, text))

    text = fill(body)
    names = [fill(a) for a in attachments.split(" ;; ")] if attachments else []
    return {"text": text, "attachments": names, "expected": expected}


def build() -> list[dict[str, Any]]:
    values, rng = Values(seed=12), random.Random(12)
    rows = []
    for lang, templates in MESSAGES.items():
        for i, template in enumerate(templates):
            row = {"id": f"{lang}-{i + 1:03d}", "lang": lang, **render(template, values, rng)}
            rows.append(row)
    for lang, templates in HARD.items():
        for i, template in enumerate(templates):
            rows.append({"id": f"{lang}-h{i + 1:02d}", "lang": lang, **render(template, values, rng)})
    for lang, templates in HELDOUT.items():
        for i, template in enumerate(templates):
            rows.append({"id": f"{lang}-x{i + 1:02d}", "lang": lang, **render(template, values, rng)})
    return rows


def main() -> None:
    rows = build()
    texts = {r["text"] for r in rows}
    assert len(texts) == len(rows), "every message must be distinct"
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    langs = {r["lang"] for r in rows}
    mentions = sum(len(r["expected"]) for r in rows)
    print(f"{len(rows)} messages in {len(langs)} languages, {mentions} expected mentions -> {OUT}")


if __name__ == "__main__":
    main()
