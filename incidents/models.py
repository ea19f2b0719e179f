"""Declared incidents, their public messages per language, the tickets linked to them, and the delivery
of each update to each linked ticket."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGE = "en"


class IncidentStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


ACTIVE_STATUSES = (IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING)
# What a new incident may start as (the API document names this set IncidentOpeningStatusEnum).
OPENING_STATUS_CHOICES = [(s.value, s.label) for s in ACTIVE_STATUSES]


class Feature(models.TextChoices):
    DEPOSITS = "deposits", _("Deposits")
    WITHDRAWALS = "withdrawals", _("Withdrawals")
    TRADING = "trading", _("Trading")
    LOGIN = "login", _("Sign-in")
    API = "api", _("API")
    KYC = "kyc", _("KYC and verification")
    PAYMENTS = "payments", _("Card and fiat payments")


NETWORKS = (
    "ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche",
    "bitcoin", "tron", "solana", "xrp", "ton",
)  # fmt: skip
ASSETS = (
    "BTC", "ETH", "USDT", "USDC", "BNB", "POL", "TRX", "SOL", "XRP", "TON", "ARB", "OP", "AVAX", "DAI",
)  # fmt: skip


class Incident(models.Model):
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.INVESTIGATING
    )
    # Lists of network slugs, asset symbols and Feature values; JSON so the embedded SQLite runs too.
    networks = models.JSONField(_("networks"), default=list, blank=True)
    assets = models.JSONField(_("assets"), default=list, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)
    # Phrases that link a message by its text alone, matched case-insensitively in any language.
    keywords = models.JSONField(_("match keywords"), default=list, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    declared_at = models.DateTimeField(_("declared"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # The update whose public message is the one shown now (banner, auto-answers).
    current_update = models.ForeignKey(
        "IncidentUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["status", "-declared_at"], name="incident_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status != IncidentStatus.RESOLVED


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Posting")
    FINISHED = "finished", _("Finished")


class IncidentUpdate(models.Model):
    """One public step of an incident (its declaration, each update, its resolution) and the progress of
    posting it to every linked ticket."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("posted by")
    )
    posted_at = models.DateTimeField(_("posted"))
    # Whether the update goes to the linked tickets (the declaration has none linked yet).
    broadcast = models.BooleanField(default=True)
    job_state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the job was last queued or last settled a batch: a job quiet for longer was lost (the broker
    # was down at the commit, or its worker died) and the beat sweep queues it again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")

    def __str__(self) -> str:
        return f"{self.incident} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.job_state == JobState.FINISHED else 0
        return min(100, round(100 * (self.done + self.failed) / self.total))


class IncidentMessage(models.Model):
    """The public message of an update in one language; `en` is always there and is the fallback."""

    update = models.ForeignKey(IncidentUpdate, on_delete=models.CASCADE, related_name="messages")
    language = models.CharField(_("language"), max_length=16)
    text = models.TextField(_("public message"))

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["update", "language"], name="incident_message_unique_language")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:40]}"


class LinkSource(models.TextChoices):
    INTAKE = "intake", _("Matched at intake")
    TRIAGE = "triage", _("Matched by on-chain facts")
    AGENT = "agent", _("Linked by an agent")
    DEMO = "demo", _("Demo data")


class IncidentLink(models.Model):
    """A ticket linked to an incident. Unlinking keeps the row (unlinked_at) for the history, and an
    incident never re-links by itself a ticket an agent took off it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="incident_links")
    source = models.CharField(max_length=8, choices=LinkSource.choices)
    reason = models.CharField(max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField()
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlinked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-linked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "ticket"],
                name="incident_link_one_active",
                condition=models.Q(unlinked_at__isnull=True),
            )
        ]
        indexes = [
            models.Index(fields=["incident", "ticket"], name="incident_link_idx"),
            models.Index(fields=["ticket", "incident"], name="incident_link_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} ↔ {self.ticket_id}"

    @property
    def is_active(self) -> bool:
        return self.unlinked_at is None


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
    FAILED = "failed", _("Failed")


class IncidentDelivery(models.Model):
    """One update to one ticket. The unique pair is what makes a rerun, a second worker or a second
    message from the customer post it at most once."""

    update = models.ForeignKey(IncidentUpdate, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    detail = models.CharField(max_length=300, blank=True)
    entry = models.ForeignKey(
        "tickets.TimelineEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    solved = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    # When its posting was last queued (an answer at intake; the update's job queues the rest itself).
    queued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "ticket"], name="incident_delivery_once")]
        indexes = [
            models.Index(
                fields=["update", "id"],
                name="incident_delivery_pending_idx",
                condition=models.Q(state="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"update {self.update_id} → ticket {self.ticket_id}: {self.state}"
