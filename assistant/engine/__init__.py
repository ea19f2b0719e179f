"""The tier-0 engine: reads one customer message offline on the CPU.

Contract (implemented in this package):

    read(text: str, *, channel: str = "") -> assistant.types.Reading

language (ISO 639-1), intent (taxonomy), confidence (top-1 minus top-2 probability) and the intent's
calibrated threshold, specialty, priority, distress, social-engineering risk with reasons, and the
transaction mentions in the taxonomy's kinds. Loads its model once per process.
"""

from assistant.types import Reading


def read(text: str, *, channel: str = "") -> Reading:
    raise NotImplementedError
