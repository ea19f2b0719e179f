import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """The audit trail is never edited or deleted, by the app or by anyone through it."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records cannot be updated")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed once written")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted")


def canonical_json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class AuditEvent(AppendOnlyModel):
    """One state change, or one view of sensitive data, by one actor."""

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Who acted, readable even without the user row: "agent:alice", "customer:EX-1001", "system".
    actor_label = models.CharField(_("actor label"), max_length=200)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Why the change was made, as its author gave it (the admin's "reason" box, for instance).
    reason = models.CharField(_("reason"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_repr}"

    def digest(self) -> str:
        payload = {
            "id": self.pk,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "ip": self.ip,
        }
        # Rows written before reasons were recorded were sealed without the key; keep their digest.
        if self.reason:
            payload["reason"] = self.reason
        return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


class AuditSeal(AppendOnlyModel):
    """A hash over a run of audit events, chained to the seal before it.

    Events are sealed in batches by a periodic task rather than chained one by one, so writing an
    event never waits on a global lock; any later edit of a sealed event breaks the chain.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    first_event_id = models.BigIntegerField()
    last_event_id = models.BigIntegerField(unique=True)
    event_count = models.PositiveIntegerField()
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["-last_event_id"]

    def __str__(self) -> str:
        return f"seal {self.first_event_id}-{self.last_event_id} {self.digest[:12]}"


class AuditCheckpoint(AppendOnlyModel):
    """The head of the seal chain and how many events it covers, signed with a key derived from
    SECRET_KEY and kept apart from the events.

    Someone with database access but not the SECRET_KEY can rewrite events and recompute plain seals,
    or delete the newest seals with their events; they cannot write a checkpoint that verifies.
    Each checkpoint signs the one before it, and the newest is also copied out of the database (the
    cache), so removing the newest checkpoints, or wiping all three tables, is seen as well.
    """

    # 1, 2, 3...: signed, so a removed checkpoint leaves a gap that shows.
    number = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField()
    seal_id = models.BigIntegerField(unique=True)
    last_event_id = models.BigIntegerField()
    # Every event from the first one up to last_event_id, over all seals.
    event_count = models.BigIntegerField()
    head_digest = models.CharField(max_length=64)
    previous_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"checkpoint {self.number}: {self.event_count} events to {self.last_event_id}"

    def signed_payload(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "created_at": self.created_at.isoformat(),
            "seal_id": self.seal_id,
            "last_event_id": self.last_event_id,
            "event_count": self.event_count,
            "head_digest": self.head_digest,
            "previous_mac": self.previous_mac,
        }
