"""A bulk action: one job, one row per ticket. The row's outcome is written in the same transaction as
the ticket's change, so a job that stops half way (a worker killed) resumes at the first row still
pending and never changes a ticket twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ASSIGN = "assign", _("Assign")
    STATUS = "status", _("Change status")
    PRIORITY = "priority", _("Change priority")
    TEAM = "team", _("Move to team")
    ADD_TAGS = "add_tags", _("Add tags")
    REMOVE_TAGS = "remove_tags", _("Remove tags")
    MACRO = "macro", _("Apply a macro")
    MERGE = "merge", _("Merge into a ticket")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class BulkJob(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    params = models.JSONField(_("parameters"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(_("tickets"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    created_at = models.DateTimeField(_("created"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the job last moved (created, or a row handled): a job left unfinished and still for a while
    # lost its worker (or its task never reached the broker), and the stalled-job sweep queues it again.
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["actor", "-id"], name="bulkjob_actor_idx"),
            models.Index(
                fields=["progressed_at"],
                name="bulkjob_unfinished_idx",
                condition=~models.Q(state="finished"),
            ),
        ]

    def __str__(self) -> str:
        return f"bulk #{self.pk} {self.action}"

    @property
    def processed(self) -> int:
        return self.done + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)


class BulkJobItem(models.Model):
    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="items")
    # The id as selected: a ticket the actor may not see is reported, never looked up for them.
    ticket_id = models.BigIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "ticket_id"], name="bulk_item_unique")]
        indexes = [
            models.Index(
                fields=["job", "id"], name="bulk_item_pending_idx", condition=models.Q(outcome="pending")
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.ticket_id} {self.outcome}"
