"""Phone calls: each call through a voice channel account, the callbacks callers asked for, and the
phone each agent takes calls on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import Category


class CallStatus(models.TextChoices):
    MENU = "menu", _("In the menu")
    WAITING = "waiting", _("Waiting")
    CONNECTING = "connecting", _("Putting through")
    ENDED = "ended", _("Ended")
    MISSED = "missed", _("Hung up before anyone answered")
    CALLBACK = "callback", _("Callback requested")
    VOICEMAIL = "voicemail", _("Voicemail")


# A caller still on the line before an agent has them: what the Calls page lists.
LIVE = (CallStatus.MENU, CallStatus.WAITING)


class Call(models.Model):
    """One inbound call, from its first ring to its end, and what it left on the caller's ticket."""

    account = models.ForeignKey("messaging.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    sid = models.CharField(_("call id"), max_length=64, unique=True)
    contact = models.ForeignKey("messaging.Contact", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    # The call's entry on the ticket's timeline, whose data follows the call (duration, recording, ...).
    entry = models.ForeignKey(
        "tickets.TimelineEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "routing.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_number = models.CharField(_("caller's number"), max_length=32)
    language = models.CharField(_("language"), max_length=16, blank=True)
    category = models.CharField(_("topic"), max_length=32, choices=Category.choices, blank=True)
    vip_rank = models.PositiveSmallIntegerField(_("VIP rank"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=CallStatus.choices, default=CallStatus.MENU)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("rang"))
    queued_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    recording_duration = models.PositiveIntegerField(null=True, blank=True)
    transcription = models.TextField(_("transcription"), blank=True)
    voicemail = models.BooleanField(_("voicemail"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            # The Calls page: callers on the line, VIPs first, then who has waited longest.
            models.Index(
                fields=["-vip_rank", "created_at"],
                name="call_live_idx",
                condition=models.Q(status__in=["menu", "waiting"]),
            ),
            models.Index(fields=["ticket", "-id"], name="call_ticket_idx"),
        ]

    def __str__(self) -> str:
        return self.sid


class CallbackStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a callback")
    CALLING = "calling", _("Calling back")
    DONE = "done", _("Called back")


class CallbackOutcome(models.TextChoices):
    """How an attempt to call back ended, in Twilio's words (the customer's leg, or the agent's when
    their phone did not pick up)."""

    COMPLETED = "completed", _("Reached")
    NO_ANSWER = "no-answer", _("No answer")
    BUSY = "busy", _("Busy")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Cancelled")
    AGENT_MISSED = "agent-missed", _("The agent's phone did not answer")


class Callback(models.Model):
    """A caller who chose to be called back rather than wait: due within the callback SLA."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="callback")
    status = models.CharField(
        _("status"), max_length=8, choices=CallbackStatus.choices, default=CallbackStatus.WAITING
    )
    requested_at = models.DateTimeField(_("requested"))
    due_at = models.DateTimeField(_("due"))
    # Set once by the sweep when the callback passed its due time still waiting (and people were told).
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    called_at = models.DateTimeField(_("called back"), null=True, blank=True)
    # The outbox's row of the call placed for it (messaging.ChannelMessage, operation "call_create").
    message = models.ForeignKey(
        "messaging.ChannelMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Each Call back is an attempt; Twilio reports the outcome of the latest (earlier ones' late
    # reports name an older attempt and change nothing).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    outcome = models.CharField(_("last outcome"), max_length=12, choices=CallbackOutcome.choices, blank=True)
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    # Set once VOICE_CALLBACK_MAX_ATTEMPTS attempts failed: the customer stays in the queue, flagged.
    flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        indexes = [
            models.Index(
                fields=["due_at", "id"], name="callback_waiting_idx", condition=models.Q(status="waiting")
            ),
            # The overdue sweep reads only callbacks past due that nobody was told of yet.
            models.Index(
                fields=["due_at"],
                name="callback_overdue_due_idx",
                condition=models.Q(status="waiting", overdue_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"callback for {self.call_id}"


class AgentLine(models.Model):
    """The phone an agent takes calls on: a waiting caller they answer, or a callback, rings it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voice_line")
    phone = models.CharField(
        _("phone number"), max_length=32, help_text=_("In international format: +4420...")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agent phone line")
        verbose_name_plural = _("agent phone lines")

    def __str__(self) -> str:
        return f"{self.user}: {self.phone}"
