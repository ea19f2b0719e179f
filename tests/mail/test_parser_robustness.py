"""Broken mail never crashes the parser: mangled copies of the corpus parse, or are refused with a
reason for the quarantine, never with an exception from deep inside the email library."""

import random

import pytest

from mail.parsing import ParseError, parse
from tests.mail import corpus

FILES = [e["file"] for e in corpus.manifest() if not e.get("generated_by") and not e.get("placeholders")]
INSERTS = [
    b"\r\n",
    b"\n\n",
    b"=?",
    b"?=",
    b"--",
    b"<",
    b">",
    b"\x00",
    b'; charset="x\x00"',
    b"Content-Disposition: ;",
]


def _mangle(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    op = rng.random()
    if op < 0.3:
        return bytes(data[: rng.randrange(len(data) + 1)])
    if op < 0.6:
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if op < 0.8:
        pos = rng.randrange(len(data))
        data[pos:pos] = rng.choice(INSERTS)
        return bytes(data)
    a, b = sorted((rng.randrange(len(data)), rng.randrange(len(data))))
    return bytes(data[:a] + data[b:])


@pytest.mark.parametrize("seed", range(4))
def test_mangled_mail_parses_or_is_refused_with_a_reason(seed):
    rng = random.Random(seed)
    outcomes = {"parsed": 0, "refused": 0}
    for _ in range(500):
        raw = _mangle(rng, corpus.load(rng.choice(FILES)))
        try:
            parse(raw)
        except ParseError as exc:
            assert str(exc)
            outcomes["refused"] += 1
        else:
            outcomes["parsed"] += 1
    assert outcomes["parsed"] > 0
