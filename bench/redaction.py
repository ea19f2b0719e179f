"""Secret redaction on every customer message: what it finds, what it wrongly takes, and what it costs.

In one run:
- false positives: every example-bank and evaluation message tier 0 learns and is scored on
  (assistant/data/bank/*.jsonl, assistant/data/eval_*.jsonl), none of which holds a secret: any
  redaction there is a wrong one;
- recall on planted secrets: each of those messages with one secret planted in it, by kind (a fresh
  12- or 24-word BIP-39 phrase from the `mnemonic` package in one of its languages, a fresh private key
  as 64 hex with the words that say it is one, a one-time code next to the word "code", a password
  after "password:"), and whether the planted secret is gone from the stored text;
- the time of `approvals.redaction.redact` per message, p50 and p99, beside the bare baseline: one
  precompiled word regex `findall` over the same messages (the least any scan of the text costs).

No database, no network.

    .venv/bin/python bench/redaction.py
    .venv/bin/python bench/redaction.py --passes 3      # quicker
"""

import argparse
import json
import random
import re
import secrets
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import log, timed  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BARE = re.compile(r"\w+")
CODE_WORDS = ["my verification code is", "mi código es", "мой код", "認証コードは"]
PASSWORD_WORDS = ["my password is", "mi contraseña es", "mein Passwort ist", "mot de passe :"]
KEY_WORDS = ["here is my private key", "mi clave privada es", "minha chave privada", "我的私钥是"]


def messages() -> list[str]:
    paths = sorted((ROOT / "assistant" / "data" / "bank").glob("*.jsonl"))
    paths += sorted((ROOT / "assistant" / "data").glob("eval_*.jsonl"))
    texts = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def planted(text: str, rng: random.Random) -> tuple[str, str, str]:
    """(kind, secret, message with the secret in it)."""
    from mnemonic import Mnemonic

    kind = rng.choice(["seed phrase", "private key", "one-time code", "password"])
    if kind == "seed phrase":
        language = rng.choice(["english", "spanish", "french", "italian", "japanese", "korean"])
        secret = Mnemonic(language).generate(strength=rng.choice([128, 256]))
        return kind, secret, f"{text}\n{secret}"
    if kind == "private key":
        secret = secrets.token_hex(32)
        return kind, secret, f"{text} {rng.choice(KEY_WORDS)} {secret}"
    if kind == "one-time code":
        secret = f"{rng.randrange(10**6):06d}"
        return kind, secret, f"{text} {rng.choice(CODE_WORDS)} {secret}"
    secret = "Tr0ub4dor&" + secrets.token_hex(3)
    return kind, secret, f"{text} {rng.choice(PASSWORD_WORDS)} {secret}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passes", type=int, default=10)
    args = parser.parse_args()

    from approvals.redaction import redact

    texts = messages()
    log(f"{len(texts)} messages without secrets")
    wrong = [t for t in texts if redact(t).count]
    log(f"false positives: {len(wrong)} of {len(texts)}")
    for text in wrong[:10]:
        log(f"  taken from: {text[:100]!r}")

    rng = random.Random(14)
    by_kind: dict[str, list[int]] = {}
    misses: list[str] = []
    for text in texts:
        kind, secret, message = planted(text, rng)
        found = redact(message)
        hit = int(secret not in found.text and kind in found.kinds)
        by_kind.setdefault(kind, []).append(hit)
        if not hit:
            misses.append(message)
    recall = {kind: round(sum(hits) / len(hits), 4) for kind, hits in sorted(by_kind.items())}
    for kind, value in recall.items():
        log(f"recall on planted {kind}: {value:.4f} ({len(by_kind[kind])} messages)")
    for message in misses[:8]:
        log(f"  missed: {message[-80:]!r}")

    redact(texts[0])  # word lists loaded before timing
    ours = timed(redact, texts, args.passes, "redact")
    bare = timed(BARE.findall, texts, args.passes, "bare word scan")

    def stats(samples: list[float]) -> dict[str, float]:
        ordered = sorted(samples)
        return {
            "p50_us": round(statistics.median(ordered) * 1e6, 1),
            "p99_us": round(ordered[int(len(ordered) * 0.99)] * 1e6, 1),
        }

    result = {
        "messages": len(texts),
        "false_positives": len(wrong),
        "recall_planted": recall,
        "redact": stats(ours),
        "bare_word_scan": stats(bare),
        "ratio_p50": round(statistics.median(ours) / statistics.median(bare), 1),
        "passes": args.passes,
    }
    log(f"redact p50 {result['redact']['p50_us']} us, p99 {result['redact']['p99_us']} us")
    log(f"bare word scan p50 {result['bare_word_scan']['p50_us']} us; ratio {result['ratio_p50']}x")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "redaction.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
