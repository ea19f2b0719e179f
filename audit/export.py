"""Signed, offline-verifiable records of one case or one period, for auditors and regulators.

The document lists every audit event in scope with the fields its digest covers, the seals that cover
those events (with the digests of every event in each, so a seal's chain can be recomputed without the
content of events outside the scope), the newest signed checkpoint, and for a case the ticket, its
timeline, approvals and risk assessments. An Ed25519 signature covers the canonical JSON of all of it;
audit.verify_export checks it with the public key alone. docs/audit.md describes the format.
"""

import base64
import bisect
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from approvals.models import ApprovalRequest, RiskAssessment
from audit.models import AuditCheckpoint, AuditEvent, AuditSeal, canonical_json
from audit.querysets import ticket_events_q
from audit.services import audit_record
from audit.verify_export import FORMAT, SIGNATURE_ALG, public_key_fingerprint
from customers.contacts import MASKED
from tickets.models import Ticket, TimelineEntry

# Events read from the database per query while an export is built.
CHUNK = 2000


@dataclass(frozen=True)
class ExportScope:
    """A case (ticket) or a period [start, end); never both."""

    ticket: Ticket | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        if self.ticket is not None:
            return {"kind": "ticket", "ticket": self.ticket.reference, "ticket_id": self.ticket.pk}
        return {
            "kind": "period",
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


class ExportTooLarge(Exception):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            _(
                "%(count)s events are in scope, more than the %(limit)s an export from the web may hold; "
                "narrow the period or run the audit_export command."
            )
            % {"count": count, "limit": limit}
        )


# --- The signing key ---------------------------------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    """AUDIT_EXPORT_SIGNING_KEY (PEM) when set; production requires it. The embedded instance makes
    one once under var/ and keeps it, so the exports it signs stay verifiable with the same key."""
    pem = settings.AUDIT_EXPORT_SIGNING_KEY
    if not pem:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("AUDIT_EXPORT_SIGNING_KEY is required in production")
        pem = _development_key(Path(settings.AUDIT_EXPORT_KEY_FILE))
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"AUDIT_EXPORT_SIGNING_KEY is not a PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("AUDIT_EXPORT_SIGNING_KEY is not an Ed25519 private key")
    return key


def _development_key(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once keep one key, the first one written.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text()
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return pem.decode()


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(key: Ed25519PublicKey) -> str:
    return public_key_fingerprint(key).removeprefix("sha256:")[:16]


# --- What is in scope ----------------------------------------------------------------------------------


def events_in_scope(scope: ExportScope) -> QuerySet[AuditEvent]:
    """Every audit event about the case (the ticket, its entries, its chat, its approvals and risk
    assessments), or every event of the period."""
    qs = AuditEvent.objects.all()
    if scope.ticket is not None:
        return qs.filter(ticket_events_q(scope.ticket.pk))
    if scope.start is not None:
        qs = qs.filter(created_at__gte=scope.start)
    if scope.end is not None:
        qs = qs.filter(created_at__lt=scope.end)
    return qs


# --- The document --------------------------------------------------------------------------------------


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "ip": event.ip,
        "reason": event.reason,
        "digest": event.digest(),
    }


def _iter_events(qs: QuerySet[AuditEvent]) -> Iterator[AuditEvent]:
    """By id, in chunks over the id index: a long period never sits in memory as model rows."""
    after = 0
    while True:
        chunk = list(qs.filter(id__gt=after).order_by("id")[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        after = chunk[-1].pk


def _seal_json(seal: AuditSeal) -> dict[str, Any]:
    return {
        "id": seal.pk,
        "created_at": seal.created_at.isoformat(),
        "first_event_id": seal.first_event_id,
        "last_event_id": seal.last_event_id,
        "event_count": seal.event_count,
        "previous_digest": seal.previous_digest,
        "digest": seal.digest,
    }


def seals_covering(event_ids: list[int]) -> list[dict[str, Any]]:
    """The run of seals from the first one covering an exported event to the last one; the seals that
    cover exported events carry the digest of every event in their range, in order."""
    if not event_ids:
        return []
    first = AuditSeal.objects.filter(last_event_id__gte=event_ids[0]).order_by("last_event_id").first()
    if first is None:
        return []
    last = AuditSeal.objects.filter(last_event_id__gte=event_ids[-1]).order_by("last_event_id").first()
    run = AuditSeal.objects.filter(last_event_id__gte=first.last_event_id).order_by("last_event_id")
    if last is not None:
        run = run.filter(last_event_id__lte=last.last_event_id)
    seals = list(run)
    before = (
        AuditSeal.objects.filter(last_event_id__lt=first.last_event_id).order_by("-last_event_id").first()
    )
    after_id = before.last_event_id if before else 0
    out = []
    for seal in seals:
        entry = _seal_json(seal)
        # Does any exported event fall in (after_id, seal.last_event_id]?
        i = bisect.bisect_right(event_ids, after_id)
        if i < len(event_ids) and event_ids[i] <= seal.last_event_id:
            covered = AuditEvent.objects.filter(id__gt=after_id, id__lte=seal.last_event_id)
            entry["events"] = [{"id": e.pk, "digest": e.digest()} for e in _iter_events(covered)]
        out.append(entry)
        after_id = seal.last_event_id
    return out


def _checkpoint_json() -> dict[str, Any] | None:
    checkpoint = AuditCheckpoint.objects.order_by("-number").first()
    if checkpoint is None:
        return None
    return {**checkpoint.signed_payload(), "mac": checkpoint.mac}


def _user_label(user: Any) -> str | None:
    return f"agent:{user.get_username()}" if user is not None else None


def case_json(ticket: Ticket) -> dict[str, Any]:
    """The case as stored: the ticket, its timeline (bodies as stored, contact data masked as agents
    see it), its approval requests with their decisions, and its risk assessments."""
    customer = ticket.customer
    entries = TimelineEntry.objects.filter(ticket=ticket).select_related("author", "customer").order_by("id")
    requests = (
        ApprovalRequest.objects.filter(ticket=ticket)
        .select_related("requested_by")
        .prefetch_related("decisions__approver")
        .order_by("id")
    )
    return {
        "ticket": {
            "id": ticket.pk,
            "reference": ticket.reference,
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "category": ticket.category,
            "channel": ticket.channel,
            "tier": ticket.tier,
            "team": ticket.team.slug if ticket.team else None,
            "assignee": _user_label(ticket.assignee),
            "language": ticket.language,
            "routing": ticket.routing,
            "created_at": ticket.created_at,
            "first_response_at": ticket.first_response_at,
            "solved_at": ticket.solved_at,
            "closed_at": ticket.closed_at,
        },
        "customer": {
            "id": customer.pk,
            "external_id": customer.external_id,
            "name": MASKED.text(customer.name),
            "email": MASKED.email(customer.email),
            "phone": MASKED.phone(customer.phone),
            "vip_level": customer.vip_level,
        },
        "entries": [
            {
                "id": e.pk,
                "kind": e.kind,
                "author": _user_label(e.author),
                "customer": e.customer.external_id if e.customer else None,
                "channel": e.channel,
                "body": e.body,
                "body_format": e.body_format,
                "data": MASKED.entry_data(e.data),
                "created_at": e.created_at,
            }
            for e in entries
        ],
        "approval_requests": [
            {
                "id": r.pk,
                "action": r.action,
                "params": r.params,
                "reason": r.reason,
                "evidence": r.evidence,
                "evidence_required": r.evidence_required,
                "requested_by": _user_label(r.requested_by),
                "created_at": r.created_at,
                "expires_at": r.expires_at,
                "status": r.status,
                "approvers_required": r.approvers_required,
                "needs_security_team": r.needs_security_team,
                "cooling_off_until": r.cooling_off_until,
                "risk_id": r.risk_id,
                "risk_level": r.risk_level,
                "attempts": r.attempts,
                "last_error": r.last_error,
                "result": r.result,
                "decided_at": r.decided_at,
                "executed_at": r.executed_at,
                "decisions": [
                    {
                        "id": d.pk,
                        "approver": _user_label(d.approver),
                        "verdict": d.verdict,
                        "note": d.note,
                        "second_factor": d.second_factor,
                        "created_at": d.created_at,
                    }
                    for d in r.decisions.all()
                ],
            }
            for r in requests
        ],
        "risk_assessments": [
            {
                "id": a.pk,
                "trigger": a.trigger,
                "level": a.level,
                "score": a.score,
                "facts": a.facts,
                "gaps": a.gaps,
                "created_at": a.created_at,
            }
            for a in RiskAssessment.objects.filter(ticket=ticket).order_by("id")
        ],
    }


def export_build(
    *,
    scope: ExportScope,
    actor: User,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The signed document for `scope`, and an "audit.exported" event saying who took it and what it
    covered (written after the document is built, so an export never lists itself)."""
    key = signing_key()
    qs = events_in_scope(scope)
    total = qs.count()
    if limit is not None and total > limit:
        raise ExportTooLarge(total, limit)
    events = []
    for event in _iter_events(qs):
        events.append(event_json(event))
        if progress is not None and len(events) % CHUNK == 0:
            progress(len(events), total)
    if progress is not None:
        progress(len(events), total)
    ids = [e["id"] for e in events]
    unsigned: dict[str, Any] = {
        "format": FORMAT,
        "scope": scope.as_json(),
        "generated_at": timezone.now().isoformat(),
        "generated_by": _user_label(actor),
        "event_count": len(events),
        "events": events,
        "seals": seals_covering(ids),
        "checkpoint": _checkpoint_json(),
    }
    if scope.ticket is not None:
        unsigned["case"] = case_json(scope.ticket)
    # Signed as plain JSON: what the verifier reads back is exactly what was signed.
    document: dict[str, Any] = json.loads(canonical_json(unsigned))
    body = canonical_json(document).encode()
    public = key.public_key()
    document["signature"] = {
        "alg": SIGNATURE_ALG,
        "key_id": key_id(public),
        "key_fingerprint": public_key_fingerprint(public),
        "value": base64.b64encode(key.sign(body)).decode(),
    }
    with transaction.atomic():
        audit_record(
            action="audit.exported",
            # A period's export is about no one object: it is filed under the person who took it.
            obj=scope.ticket if scope.ticket is not None else actor,
            actor=actor,
            after={
                "scope": scope.as_json(),
                "events": len(events),
                "key_id": document["signature"]["key_id"],
                "signature": document["signature"]["value"],
            },
        )
    return document
