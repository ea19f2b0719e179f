"""Mentions found in customers' messages, and each ticket's triage: what was looked up and what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MentionKind(models.TextChoices):
    TX_HASH = "tx_hash", _("Transaction hash")
    ADDRESS = "address", _("Address")
    MEMO = "memo", _("Memo or tag")
    AMOUNT = "amount", _("Amount")
    NETWORK = "network", _("Network")


# What a look-up starts from; memos, amounts and networks only narrow it.
LOOKED_UP_KINDS = (MentionKind.TX_HASH, MentionKind.ADDRESS)


class Mention(models.Model):
    """One thing a customer's message (or an attachment's file name) names, normalised."""

    entry = models.ForeignKey("tickets.TimelineEntry", on_delete=models.CASCADE, related_name="mentions")
    # Denormalised from the entry so "tickets mentioning X" is one index scan, no join.
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(_("kind"), max_length=16, choices=MentionKind.choices)
    value = models.CharField(_("value"), max_length=200)
    network = models.CharField(_("network"), max_length=16, blank=True)
    chains = models.JSONField(_("chain families"), default=list, blank=True)
    asset = models.CharField(_("asset"), max_length=16, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=40, decimal_places=18, null=True, blank=True)
    source = models.CharField(_("source"), max_length=250, default="body")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    checksum = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["entry_id", "source", "start", "id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        indexes = [
            # "Which tickets mention this hash / address / memo", newest first.
            models.Index(fields=["value", "kind", "-ticket"], name="mention_value_idx"),
            # "Which tickets mention this network" (incident matching).
            models.Index(fields=["network", "-ticket"], name="mention_network_idx"),
            models.Index(fields=["ticket", "kind"], name="mention_ticket_idx"),
        ]
        constraints = [
            # An entry extracted twice (a retried intake) keeps one row per mention.
            models.UniqueConstraint(fields=["entry", "source", "start", "kind"], name="mention_unique_span"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class TriageState(models.TextChoices):
    PENDING = "pending", _("Looking up")
    DONE = "done", _("Done")
    PARTIAL = "partial", _("Partial: a source did not answer")
    FAILED = "failed", _("Failed")


class TicketTriage(models.Model):
    """The latest look-up of everything a ticket's messages mention, and the diagnoses drawn from it."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="triage")
    state = models.CharField(
        _("state"), max_length=16, choices=TriageState.choices, default=TriageState.PENDING
    )
    # Bumped by every message that asks for a look-up: a look-up only stores its result when no newer
    # one was asked for meanwhile, so an older, slower look-up never overwrites a newer one.
    generation = models.PositiveIntegerField(default=0)
    diagnoses = models.JSONField(_("diagnoses"), default=list, blank=True)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    requested_at = models.DateTimeField(_("requested"))
    looked_up_at = models.DateTimeField(_("looked up"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    # A look-up that ended partial or failed because a source could not be reached is looked up again
    # automatically (the stalled sweep), a few times with backoff: how many times so far for the current
    # request, and when the next one is due (null: none planned).
    unreachable_retries = models.PositiveSmallIntegerField(
        _("retries after a source was unreachable"), default=0
    )
    retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket triage")
        verbose_name_plural = _("ticket triages")
        indexes = [
            models.Index(
                fields=["requested_at"],
                name="triage_pending_idx",
                condition=models.Q(state="pending"),
            ),
            models.Index(
                fields=["retry_at"],
                name="triage_retry_idx",
                condition=models.Q(retry_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Triage of ticket {self.ticket_id}: {self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state == TriageState.PENDING
