from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyChannel(models.TextChoices):
    """How a survey reaches the customer, and how they answer it."""

    EMAIL = "email", _("Email")
    WIDGET = "widget", _("Chat widget")
    PORTAL = "portal", _("Customer portal")


class SkipReason(models.TextChoices):
    FATIGUE = "fatigue", _("Surveyed recently")
    UNREACHABLE = "unreachable", _("No way to reach the customer")


class Survey(models.Model):
    """The satisfaction survey of one solved ticket: sent once, answered once (docs/csat.md).

    A ticket the fatigue rule or an unreachable customer kept from a survey still has its row, with
    `skip_reason` set, so the sweep never looks at it again. The link's token is never stored: only its
    SHA-256, which is what a request's token is looked up by.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="survey", verbose_name=_("ticket")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("customer")
    )
    channel = models.CharField(_("sent by"), max_length=8, choices=SurveyChannel.choices, blank=True)
    language = models.CharField(_("language"), max_length=16, default="en")
    skip_reason = models.CharField(
        _("not sent because"), max_length=16, choices=SkipReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_via = models.CharField(
        _("answered by"), max_length=8, choices=SurveyChannel.choices, blank=True
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        indexes = [
            # The fatigue rule: this customer's last survey actually sent.
            models.Index(
                fields=["customer", "-sent_at"],
                name="csat_fatigue_idx",
                condition=models.Q(sent_at__isnull=False),
            ),
            # The supervisors' list of recent answers.
            models.Index(
                fields=["-responded_at"],
                name="csat_answered_idx",
                condition=models.Q(responded_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="csat_score_range",
            ),
            # A score and its time and channel come together, or not at all.
            models.CheckConstraint(
                condition=models.Q(score__isnull=True, responded_at__isnull=True, responded_via="")
                | models.Q(score__isnull=False, responded_at__isnull=False) & ~models.Q(responded_via=""),
                name="csat_response_whole",
            ),
            # A skipped survey was never sent; a sent one has a channel.
            models.CheckConstraint(
                condition=(~models.Q(skip_reason="") & models.Q(sent_at__isnull=True))
                | (models.Q(skip_reason="") & models.Q(sent_at__isnull=False) & ~models.Q(channel="")),
                name="csat_sent_or_skipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score or '-'}"

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None

    @property
    def is_skipped(self) -> bool:
        return bool(self.skip_reason)
