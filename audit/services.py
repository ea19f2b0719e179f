import datetime
import hashlib
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from audit.context import current
from audit.models import AuditCheckpoint, AuditEvent, AuditSeal, canonical_json
from helpdesk.bulk import insert_rows
from helpdesk.inserts import row_insert
from helpdesk.rows import unsaved

GENESIS = "0" * 64
# The newest checkpoint is also kept here, outside the database, so wiping the tables shows.
CHECKPOINT_CACHE_KEY = "audit:checkpoint"
_CHECKPOINT_SALT = "cryptodesk.audit.checkpoint"

logger = logging.getLogger(__name__)


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
    reason: str | None = None,
) -> AuditEvent:
    """The single way anything is written to the audit log.

    Callers run inside their own transaction, so the audit row commits or rolls back with the change
    it describes.
    """
    event = audit_event(
        action=action,
        obj=obj,
        actor=actor,
        actor_label=actor_label,
        before=before,
        after=after,
        ip=ip,
        reason=reason,
    )
    # One INSERT prepared on the connection (the ORM compiled it for every record): the same row.
    row_insert(event)
    return event


def audit_event(
    *,
    action: str,
    obj: models.Model,
    actor: Any = None,
    actor_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip: str | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """The record `audit_record` writes, not yet written: for `audit_record_many`."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return unsaved(
        AuditEvent,
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
        reason=(reason if reason is not None else current().reason)[:500],
    )


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Records built with `audit_event`, written in one INSERT (a sweep acting on a batch of cases),
    inside the caller's transaction like `audit_record`."""
    insert_rows(events)
    return events


# Field names whose values never enter the log: the log says that they changed, not to what.
_SECRET_NAME = re.compile(r"password|secret|token|(^|_)key$", re.IGNORECASE)
REDACTED = "[redacted]"


def config_change_record(
    *, actor: Any, obj: models.Model, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> AuditEvent | None:
    """Record a configuration change as a field diff: created (before None), deleted (after None) or
    updated (only the fields that changed; nothing when none did). Secrets are redacted.

    For configuration that has no service of its own (the admin's AuditedAdmin calls it in the same
    transaction as the change); the reason comes from the audit context.
    """
    old, new = _jsonable(before), _jsonable(after)
    if old is None:
        verb = "created"
    elif new is None:
        verb = "deleted"
    else:
        verb = "updated"
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        if not changed:
            return None
        old = {k: old.get(k) for k in changed}
        new = {k: new.get(k) for k in changed}
    meta = obj._meta
    return audit_record(
        action=f"{meta.app_label}.{meta.model_name}.{verb}",
        obj=obj,
        actor=actor,
        before=_redacted(old),
        after=_redacted(new),
    )


def _redacted(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (REDACTED if v and _SECRET_NAME.search(k) else v) for k, v in values.items()}


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return dict(json.loads(canonical_json(value)))


def _chain(previous: str, digests: list[str]) -> str:
    h = hashlib.sha256(previous.encode())
    for digest in digests:
        h.update(digest.encode())
    return h.hexdigest()


def checkpoint_mac(checkpoint: AuditCheckpoint, secret: str | None = None) -> str:
    return salted_hmac(
        _CHECKPOINT_SALT, canonical_json(checkpoint.signed_payload()), secret=secret, algorithm="sha256"
    ).hexdigest()


def _mac_matches(checkpoint: AuditCheckpoint) -> bool:
    # Checkpoints signed before a SECRET_KEY rotation verify with the keys kept in SECRET_KEY_FALLBACKS.
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(checkpoint.mac, checkpoint_mac(checkpoint, key)) for key in keys)


def _checkpoint_write(seal: AuditSeal) -> AuditCheckpoint:
    last = AuditCheckpoint.objects.order_by("-number").first()
    checkpoint = AuditCheckpoint(
        number=last.number + 1 if last else 1,
        created_at=timezone.now(),
        seal_id=seal.pk,
        last_event_id=seal.last_event_id,
        event_count=(
            last.event_count + seal.event_count
            if last
            else AuditEvent.objects.filter(id__lte=seal.last_event_id).count()
        ),
        head_digest=seal.digest,
        previous_mac=last.mac if last else GENESIS,
    )
    checkpoint.mac = checkpoint_mac(checkpoint)
    checkpoint.save()
    copy = {**checkpoint.signed_payload(), "mac": checkpoint.mac}
    transaction.on_commit(lambda: _checkpoint_copy_out(copy))
    return checkpoint


def _checkpoint_copy_out(copy: dict[str, Any]) -> None:
    kept = cache.get(CHECKPOINT_CACHE_KEY)
    if not isinstance(kept, dict) or kept.get("number", 0) < copy["number"]:
        cache.set(CHECKPOINT_CACHE_KEY, copy, timeout=None)
    path = settings.AUDIT_CHECKPOINT_FILE
    if path:
        # Written whole then renamed, so a reader never sees half a file.
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(json.dumps(copy))
        os.replace(temporary, target)
    # Also to the log, which operators ship off the machine: a third copy nobody here can rewrite.
    logger.info(
        "audit checkpoint %(number)s: %(event_count)s events to id %(last_event_id)s, "
        "head %(head_digest)s, mac %(mac)s",
        copy,
    )


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
        # The seal covers every event up to the newest settled one, whatever the other rows' clocks
        # say: a row stamped in the future by a skewed clock is committed and visible, and leaving it
        # out would leave a hole in the sealed range that verification reads as a deleted event.
        settled_to = AuditEvent.objects.filter(id__gt=after_id, created_at__lt=cutoff).aggregate(
            last=Max("id")
        )["last"]
        if settled_to is None:
            return None
        events = list(AuditEvent.objects.filter(id__gt=after_id, id__lte=settled_to).order_by("id")[:batch])
        seal = AuditSeal.objects.create(
            first_event_id=events[0].pk,
            last_event_id=events[-1].pk,
            event_count=len(events),
            previous_digest=previous,
            digest=_chain(previous, [e.digest() for e in events]),
        )
        _checkpoint_write(seal)
        return seal


def audit_verify() -> list[str]:
    """Recompute every seal and check them against the signed checkpoints; returns a line per
    problem found (an empty list means intact)."""
    problems = _verify_seals()
    problems += _verify_checkpoints()
    return problems


def _verify_seals() -> list[str]:
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


def _verify_checkpoints() -> list[str]:
    problems: list[str] = []
    previous: AuditCheckpoint | None = None
    for checkpoint in AuditCheckpoint.objects.order_by("number").iterator():
        label = f"checkpoint {checkpoint.number}"
        if not _mac_matches(checkpoint):
            problems.append(f"{label}: signature does not match (forged, or SECRET_KEY changed)")
        if previous is not None and (
            checkpoint.previous_mac != previous.mac or checkpoint.number != previous.number + 1
        ):
            problems.append(f"{label}: does not follow the checkpoint before it (one was removed)")
        seal = AuditSeal.objects.filter(
            pk=checkpoint.seal_id, last_event_id=checkpoint.last_event_id, digest=checkpoint.head_digest
        ).first()
        if seal is None:
            problems.append(
                f"{label}: the seal it signed (events to {checkpoint.last_event_id}) is missing or rewritten"
            )
        elif previous is not None and checkpoint.event_count != previous.event_count + seal.event_count:
            problems.append(f"{label}: signs {checkpoint.event_count} events, its seals hold another number")
        previous = checkpoint
    if previous is not None:
        # Seals were checked against the rows above; the newest signed total closes the loop.
        present = AuditEvent.objects.filter(id__lte=previous.last_event_id).count()
        if present != previous.event_count:
            problems.append(
                f"checkpoint {previous.number}: {previous.event_count} events signed up to id "
                f"{previous.last_event_id}, {present} present"
            )
        unsigned = AuditSeal.objects.filter(last_event_id__gt=previous.last_event_id).count()
        if unsigned:
            problems.append(f"{unsigned} seal(s) after checkpoint {previous.number} carry no signature")
    problems += _verify_copy_out(previous)
    return problems


def _copies_out() -> list[tuple[str, Any]]:
    copies: list[tuple[str, Any]] = [("the cache", cache.get(CHECKPOINT_CACHE_KEY))]
    path = settings.AUDIT_CHECKPOINT_FILE
    if path:
        try:
            copies.append((str(path), json.loads(Path(path).read_text())))
        except FileNotFoundError:
            copies.append((str(path), None))
        except (OSError, ValueError):
            copies.append((str(path), "unreadable"))
    return copies


def _verify_copy_out(newest: AuditCheckpoint | None) -> list[str]:
    """Compare the newest checkpoint in the database with the copies kept outside it."""
    problems: list[str] = []
    for where, copy in _copies_out():
        if copy is None:
            # Lost with the cache (a Redis restart without persistence); the next seal writes it again.
            continue
        try:
            kept = AuditCheckpoint(
                number=int(copy["number"]),
                created_at=datetime.datetime.fromisoformat(copy["created_at"]),
                seal_id=int(copy["seal_id"]),
                last_event_id=int(copy["last_event_id"]),
                event_count=int(copy["event_count"]),
                head_digest=str(copy["head_digest"]),
                previous_mac=str(copy["previous_mac"]),
                mac=str(copy["mac"]),
            )
        except (KeyError, TypeError, ValueError):
            problems.append(f"the checkpoint copy in {where} is unreadable")
            continue
        if not _mac_matches(kept):
            problems.append(f"the checkpoint copy in {where} has a signature that does not match")
        elif newest is None or newest.number < kept.number:
            problems.append(
                f"checkpoint {kept.number} ({kept.event_count} events to id {kept.last_event_id}), kept in "
                f"{where}, is missing from the database: the audit log was wiped or its newest part removed"
            )
        elif newest.number == kept.number and newest.mac != kept.mac:
            problems.append(f"checkpoint {kept.number} differs from its copy in {where}")
    return problems
