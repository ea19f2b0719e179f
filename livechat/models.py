from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


QUEUED = (ConversationStatus.WAITING, ConversationStatus.OFFERED)


class Conversation(models.Model):
    """The live side of a chat ticket: who the visitor is, where the chat stands and its numbering.

    The messages themselves are the ticket's timeline entries; `last_seq` is the last number given
    out, and this row is locked while the next one is taken so numbers never repeat or skip.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="conversation", verbose_name=_("ticket")
    )
    # False for anonymous visitors: their name and email are their own claims, shown as unverified,
    # and they are never matched to an exchange account.
    is_verified = models.BooleanField(_("verified identity"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=ConversationStatus.choices, default=ConversationStatus.WAITING
    )
    # Tier 0 (the assistant) holds the chat: it is not offered to agents until tier 0 hands it over
    # (or the visitor asks for a person). An agent may still take it from the waiting list.
    with_assistant = models.BooleanField(_("with the assistant"), default=False)
    topic = models.CharField(_("topic"), max_length=100)
    language = models.CharField(_("language"), max_length=16, default="en")

    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered to"),
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    # The agents this round of offers has already tried, so a lapsed offer moves on to someone new.
    offered_before = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(_("started"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    last_seq = models.PositiveIntegerField(_("last message number"), default=0)
    customer_read_seq = models.PositiveIntegerField(default=0)
    agent_read_seq = models.PositiveIntegerField(default=0)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    # The email ticket a visitor left instead of waiting, if any.
    left_message = models.OneToOneField(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="left_from_chat",
        verbose_name=_("message left"),
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        indexes = [
            # The re-offer sweep reads only offers that are due.
            models.Index(
                fields=["offer_expires_at"],
                name="chat_offer_due_idx",
                condition=models.Q(status="offered"),
            ),
            # Queue position and the sweep's pass over waiting chats.
            models.Index(fields=["id"], name="chat_queued_idx", condition=models.Q(status__in=QUEUED)),
            # Recent wait times for the expected-wait estimate.
            models.Index(
                fields=["accepted_at"],
                name="chat_accepted_idx",
                condition=models.Q(accepted_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="chat_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.get_status_display()}"

    @property
    def is_queued(self) -> bool:
        return self.status in QUEUED
