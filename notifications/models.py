"""A person's notifications: what happened to them (a case assigned, a mention, an SLA warning, an
approval), as ids. The text is written when it is shown, in the reader's language, from the ticket's
reference and the staff names involved: nothing of the customer is stored or shown here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Case assigned to me")
    MENTIONED = "mentioned", _("Mentioned in a note")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decided")


# Mail is off unless a person turns it on, except a request waiting for an approver's verdict (only
# approvers are told of those).
EMAIL_DEFAULTS: dict[str, bool] = {kind: kind == Kind.APPROVAL_REQUESTED for kind in Kind.values}


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    # What on the ticket, when one ticket can tell a person of several things of one kind: an SLA
    # target ("first_response"), an approval request ("approval:12"). Empty otherwise.
    target = models.CharField(max_length=64, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # The recipient wants this kind by mail (their preference when it was made); the digest sends it.
    email_due = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A storm (a case re-assigned ten times, a note thread of mentions) leaves one unread.
            models.UniqueConstraint(
                fields=["recipient", "kind", "ticket", "target"],
                condition=Q(read_at__isnull=True),
                name="notification_one_unread_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["created_at"],
                condition=Q(email_due=True, emailed_at__isnull=True, read_at__isnull=True),
                name="notification_mail_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.ticket_id} for {self.recipient_id}"


class Preference(models.Model):
    """A person's choice to get one kind by mail (or not); no row means EMAIL_DEFAULTS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    email = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.kind} by mail for {self.user_id}: {self.email}"
