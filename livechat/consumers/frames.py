"""Checking what a socket sends before any work: the rate limit, and each frame's shape and fields."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from helpdesk.parsing import INT_MAX, InvalidJSON, json_loads, text_problem


class TokenBucket:
    """At most `rate` frames a second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.clock = clock
        self.updated = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _int(value: object, *, minimum: int = 0) -> int:
    # Ids and numbers are PostgreSQL integers: anything larger is a bad frame, not a database error.
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= INT_MAX:
        raise DomainError(
            _("Expected a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": INT_MAX},
            code="bad_frame",
        )
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise DomainError(_("Expected text."), code="bad_frame")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise DomainError(_("Expected true or false."), code="bad_frame")
    return value


def _conversation_of(content: dict[str, Any]) -> int | None:
    value = content.get("conversation")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INT_MAX:
        return value
    return None


def _client_id(content: dict[str, Any]) -> str | None:
    value = content.get("client_id")
    return value if isinstance(value, str) else None


def _parse(text_data: str | None) -> dict[str, Any]:
    """The frame as a dict with a `type`, or DomainError(bad_frame / too_large)."""
    if text_data is None:
        raise DomainError(_("Frames are JSON text."), code="bad_frame")
    limit = settings.LIVECHAT_MAX_FRAME_BYTES
    if len(text_data) > limit or (
        len(text_data) * 4 > limit and len(text_data.encode("utf-8", "surrogatepass")) > limit
    ):
        raise DomainError(_("Frames are limited to 16 KiB."), code="too_large")
    try:
        content = json_loads(text_data)
    except InvalidJSON as exc:
        raise DomainError(_("The frame is %(problem)s.") % {"problem": exc}, code="bad_frame") from None
    except ValueError:
        content = None
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        raise DomainError(_("Each frame is a JSON object with a type."), code="bad_frame")
    # Text PostgreSQL cannot store (NUL, a lone surrogate such as "\ud800") is refused here, whatever
    # field carries it, before any service sees it.
    for value in content.values():
        if isinstance(value, str) and (problem := text_problem(value)):
            raise DomainError(problem, code="bad_frame")
    return content
