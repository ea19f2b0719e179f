"""Every write to notifications: telling people (deduplicated, never the actor), marking read, and
each person's mail preferences. Realtime counts leave after commit; mail leaves in the digest
(notifications.digest), never from here."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from helpdesk.on_commit import robust_on_commit
from notifications.events import publish_unread
from notifications.models import EMAIL_DEFAULTS, Kind, Notification, Preference


@dataclass(frozen=True)
class Draft:
    """One person to tell of one event."""

    recipient_id: int
    kind: Kind
    ticket_id: int
    actor_id: int | None = None
    target: str = ""


# All rows in one statement (one JSON parameter, see helpdesk/bulk.py), each with the recipient's mail
# preference for its kind. The partial unique index keeps one unread per (person, kind, case, target):
# a row that would be a second is skipped.
_INSERT = """
INSERT INTO notifications_notification
    (recipient_id, kind, ticket_id, target, actor_id, created_at, email_due)
SELECT v.recipient_id, v.kind, v.ticket_id, v.target, v.actor_id, %s, coalesce(p.email, v.email_default)
FROM jsonb_to_recordset(%s::jsonb)
    AS v (recipient_id bigint, kind varchar, ticket_id bigint, target varchar, actor_id bigint,
          email_default boolean)
LEFT JOIN notifications_preference p ON p.user_id = v.recipient_id AND p.kind = v.kind
ON CONFLICT DO NOTHING
RETURNING recipient_id
"""


def notifications_create(*, drafts: Iterable[Draft]) -> int:
    """Tell each person of each event once; nobody of their own doing. How many were told; after commit
    their bells get the new unread counts."""
    rows = {
        (d.recipient_id, d.kind, d.ticket_id, d.target): d for d in drafts if d.recipient_id != d.actor_id
    }
    if not rows:
        return 0
    records = [
        {
            "recipient_id": d.recipient_id,
            "kind": str(d.kind),
            "ticket_id": d.ticket_id,
            "target": d.target,
            "actor_id": d.actor_id,
            "email_default": EMAIL_DEFAULTS[d.kind],
        }
        for d in rows.values()
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(_INSERT, [timezone.now(), json.dumps(records)])
                told = {row[0] for row in cursor.fetchall()}
        else:
            told = _create_one_by_one(records)
        if told:
            robust_on_commit(publish_unread, unread_counts(told), added=True)
    return len(told)


def _create_one_by_one(records: list[dict]) -> set[int]:
    """The same rows as `_INSERT` on a database without `jsonb_to_recordset` (the demo's SQLite): each in
    its own savepoint, a second unread of an event skipped by the same unique constraint."""
    preferences = {
        (user_id, kind): email
        for user_id, kind, email in Preference.objects.filter(
            user_id__in={r["recipient_id"] for r in records}
        ).values_list("user_id", "kind", "email")
    }
    now = timezone.now()
    told: set[int] = set()
    for r in records:
        email = preferences.get((r["recipient_id"], r["kind"]), r["email_default"])
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient_id=r["recipient_id"],
                    kind=r["kind"],
                    ticket_id=r["ticket_id"],
                    target=r["target"],
                    actor_id=r["actor_id"],
                    created_at=now,
                    email_due=email,
                )
        except IntegrityError:
            continue
        told.add(r["recipient_id"])
    return told


def unread_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Each person's unread count, in one statement (zero for those with none)."""
    wanted = list(user_ids)
    counts = dict.fromkeys(wanted, 0)
    rows = (
        Notification.objects.filter(recipient_id__in=wanted, read_at__isnull=True)
        .values("recipient_id")
        .annotate(n=Count("id"))
        .values_list("recipient_id", "n")
    )
    counts.update(dict(rows))
    return counts


def notifications_mark_read(*, user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the person's own notifications read: those in `ids` (others' ids are ignored), or all when
    `ids` is None. How many changed; after commit each of their pages gets the new count.

    Not audited: it is the reader's own place in their list, like a read marker, and changes nothing
    anyone else sees."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
        if ids is not None:
            unread = unread.filter(pk__in=list(ids))
        changed = unread.update(read_at=timezone.now())
        if changed:
            left = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
            robust_on_commit(publish_unread, {user.pk: left}, added=False)
    return changed


def email_preferences(user: User) -> dict[str, bool]:
    """Which kinds the person gets by mail: their choices over the defaults."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, default) for kind, default in EMAIL_DEFAULTS.items()}


def email_preferences_set(*, user: User, email: Iterable[str]) -> dict[str, bool]:
    """Store which kinds the person wants by mail (every kind gets a row: a later change of the
    defaults leaves their choice alone)."""
    wanted = set(email)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    with transaction.atomic():
        before = email_preferences(user)
        after = {kind: kind in wanted for kind in Kind.values}
        Preference.objects.bulk_create(
            [Preference(user=user, kind=kind, email=on) for kind, on in after.items()],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["email"],
        )
        if before != after:
            audit_record(
                action="notifications.preferences.changed", obj=user, actor=user, before=before, after=after
            )
    return after
