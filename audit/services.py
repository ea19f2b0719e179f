import datetime
import hashlib
import json
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from audit.context import current
from audit.models import AuditEvent, AuditSeal, canonical_json

GENESIS = "0" * 64


def actor_label_for(actor: AbstractBaseUser | AnonymousUser | None) -> str:
    if actor is None or not actor.is_authenticated:
        return "system"
    return f"agent:{actor.get_username()}"


def audit_record(
    *,
    action: str,
    obj: models.Model,
    actor: Any = None,
    actor_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """The single way anything is written to the audit log.

    Callers run inside their own transaction, so the audit row commits or rolls back with the change
    it describes.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        created_at=timezone.now(),
        actor=user,
        actor_label=actor_label or actor_label_for(user),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        ip=ip if ip is not None else current().ip,
    )


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return dict(json.loads(canonical_json(value)))


def _chain(previous: str, digests: list[str]) -> str:
    h = hashlib.sha256(previous.encode())
    for digest in digests:
        h.update(digest.encode())
    return h.hexdigest()


def audit_seal_pending(*, settle_seconds: int = 60, batch: int = 10_000) -> AuditSeal | None:
    """Seal the events written since the last seal, leaving the newest `settle_seconds` alone.

    Ids are handed out before commit, so a slow transaction can commit a low id after a higher one;
    waiting until events have settled keeps the sealed range free of gaps that fill in later.
    """
    with transaction.atomic():
        last = AuditSeal.objects.select_for_update().order_by("-last_event_id").first()
        after_id = last.last_event_id if last else 0
        previous = last.digest if last else GENESIS
        cutoff = timezone.now() - datetime.timedelta(seconds=settle_seconds)
        events = list(
            AuditEvent.objects.filter(id__gt=after_id, created_at__lt=cutoff).order_by("id")[:batch]
        )
        if not events:
            return None
        return AuditSeal.objects.create(
            first_event_id=events[0].pk,
            last_event_id=events[-1].pk,
            event_count=len(events),
            previous_digest=previous,
            digest=_chain(previous, [e.digest() for e in events]),
        )


def audit_verify() -> list[str]:
    """Recompute every seal; returns a line per problem found (an empty list means intact)."""
    problems: list[str] = []
    previous = GENESIS
    after_id = 0
    for seal in AuditSeal.objects.order_by("last_event_id").iterator():
        if seal.previous_digest != previous:
            problems.append(f"seal {seal.pk}: chain broken before event {seal.first_event_id}")
        events = list(AuditEvent.objects.filter(id__gt=after_id, id__lte=seal.last_event_id).order_by("id"))
        if len(events) != seal.event_count:
            problems.append(
                f"seal {seal.pk}: {seal.event_count} events sealed, {len(events)} present "
                f"in {seal.first_event_id}..{seal.last_event_id}"
            )
        if _chain(seal.previous_digest, [e.digest() for e in events]) != seal.digest:
            problems.append(f"seal {seal.pk}: events {seal.first_event_id}..{seal.last_event_id} altered")
        previous = seal.digest
        after_id = seal.last_event_id
    return problems
