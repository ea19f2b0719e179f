"""The tier-0 engine: reads one customer message offline on the CPU.

Contract:

    read(text: str, *, channel: str = "") -> assistant.types.Reading

language (ISO 639-1), intent (taxonomy), confidence (top-1 minus top-2 probability) and the intent's
calibrated threshold, specialty, priority, distress, social-engineering risk with reasons, and the
transaction mentions in the taxonomy's kinds. Loads its model once per process (docs/tier0.md).
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.types import Reading


def read(text: str, *, channel: str = "") -> Reading:
    from assistant.engine.core import engine

    return engine().read(text or "", channel=channel)
