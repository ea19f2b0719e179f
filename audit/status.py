"""The audit log's integrity as the log pages show it.

audit_verify recomputes every seal, which grows with the log, so pages show its last result (kept in
the cache for AUDIT_INTEGRITY_CACHE_SECONDS) and an auditor may ask for a fresh check.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from audit.models import AuditCheckpoint, AuditSeal
from audit.services import audit_verify

INTEGRITY_CACHE_KEY = "audit:integrity"


@dataclass(frozen=True)
class Integrity:
    problems: list[str]
    checked_at: dt.datetime

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SealingStatus:
    last_seal_at: dt.datetime | None
    last_checkpoint_at: dt.datetime | None
    last_checkpoint_number: int | None


def integrity(*, refresh: bool = False) -> Integrity:
    kept = None if refresh else cache.get(INTEGRITY_CACHE_KEY)
    if isinstance(kept, dict):
        return Integrity(problems=list(kept["problems"]), checked_at=kept["checked_at"])
    result = Integrity(problems=audit_verify(), checked_at=timezone.now())
    cache.set(
        INTEGRITY_CACHE_KEY,
        {"problems": result.problems, "checked_at": result.checked_at},
        timeout=settings.AUDIT_INTEGRITY_CACHE_SECONDS,
    )
    return result


def sealing_status() -> SealingStatus:
    seal = AuditSeal.objects.order_by("-last_event_id").values("created_at").first()
    checkpoint = AuditCheckpoint.objects.order_by("-number").values("created_at", "number").first()
    return SealingStatus(
        last_seal_at=seal["created_at"] if seal else None,
        last_checkpoint_at=checkpoint["created_at"] if checkpoint else None,
        last_checkpoint_number=checkpoint["number"] if checkpoint else None,
    )
