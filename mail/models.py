from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helpdesk.validation import check_language
from mail.sealing import SealedCharField


class Mailbox(models.Model):
    """A support address the helpdesk reads (over IMAP, or fed by a pipe or HTTP) and answers from."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(_("address"), unique=True, help_text=_("The address customers write to."))
    from_name = models.CharField(_("sender name"), max_length=100, default="Support")
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailboxes",
        verbose_name=_("team it feeds"),
        help_text=_("New tickets go to this team unless a routing rule decides otherwise."),
    )
    language = models.CharField(_("default language"), max_length=16, default="en")
    send_acknowledgement = models.BooleanField(
        _("acknowledge new tickets"),
        default=True,
        help_text=_("Send the customer a notice with the ticket reference when a new ticket arrives."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # IMAP over TLS. Empty host: the mailbox is fed only by the pipe command or the HTTP endpoint.
    imap_host = models.CharField(_("IMAP host"), max_length=200, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_username = models.CharField(_("IMAP user"), max_length=200, blank=True)
    # Encrypted at rest (mail/sealing.py): a dump of the database holds no usable credentials.
    imap_password = SealedCharField(_("IMAP password"), blank=True)
    imap_folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    imap_processed_folder = models.CharField(
        _("move processed mail to"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to keep processed mail in the folder, marked as read."),
    )
    poll_every = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    # Where the last poll stopped: UIDs only grow while UIDVALIDITY stays the same (RFC 3501).
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    imap_last_uid = models.BigIntegerField(default=0, editable=False)
    # A lease, not a lock held across the network: a poll owns the mailbox until this time.
    polling_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    # For the HTTP endpoint: only a hash is kept; the token is shown once when it is set.
    ingest_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    def clean(self) -> None:
        errors: dict[str, ValidationError | str | Promise] = {}
        try:
            check_language(self.language)
        except ValidationError as exc:
            errors["language"] = exc
        if not 1 <= (self.imap_port or 0) <= 65535:
            errors["imap_port"] = _("A port is 1 to 65535.")
        if (self.poll_every or 0) < 10:
            errors["poll_every"] = _("Poll at most every 10 seconds.")
        if errors:
            raise ValidationError(errors)

    @property
    def polls_imap(self) -> bool:
        return bool(self.imap_host and self.imap_username)


class Source(models.TextChoices):
    IMAP = "imap", _("IMAP")
    PIPE = "pipe", _("Mail server pipe")
    FILE = "file", _("File import")
    HTTP = "http", _("HTTP endpoint")


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored")
    QUARANTINED = "quarantined", _("Quarantined")


class Outcome(models.TextChoices):
    NEW_TICKET = "new_ticket", _("New ticket")
    REPLY = "reply", _("Added to a ticket")
    FOLLOW_UP = "follow_up", _("Follow-up of a closed ticket")
    HELD = "held", _("Held on a ticket: the sender is not on it")
    OUTSIDE_REPLY = "outside_reply", _("Reply sent from the support mailbox outside the helpdesk")
    AUTO_REPLY = "auto_reply", _("Automatic reply")
    BOUNCE = "bounce", _("Bounce")
    LOOP = "loop", _("Sent by the helpdesk itself")
    MAILING_LIST = "mailing_list", _("Mailing list or bulk mail")


class InboundMessage(models.Model):
    """Every message that reached the helpdesk, kept with its raw bytes before anything else happens.

    A message is stored first and processed second, so a crash or a bug between the two leaves it
    here, received or quarantined, never lost.
    """

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    # sha256 of the normalised Message-ID (or of the raw bytes when there is none): the same message
    # arriving twice, by two mailboxes or two polls, is stored once.
    message_key = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=998)
    message_id_synthesized = models.BooleanField(default=False)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size"))
    sender = models.CharField(_("from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_mail"
    )
    entry = models.ForeignKey(
        "tickets.TimelineEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    duplicates = models.PositiveIntegerField(_("copies received again"), default=0)
    received_at = models.DateTimeField(_("received"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        indexes = [
            models.Index(
                fields=["status", "id"],
                name="inbound_open_idx",
                condition=models.Q(status__in=["received", "quarantined"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender or '?'}: {self.subject or self.message_id}"


class Direction(models.TextChoices):
    IN = "in", _("Received")
    OUT = "out", _("Sent")


class MessageRef(models.Model):
    """A Message-ID the helpdesk has seen or sent, and the ticket it belongs to: what threading reads."""

    message_key = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=998)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)

    def __str__(self) -> str:
        return self.message_id


class MailThread(models.Model):
    """How an email ticket is answered: through which mailbox, to whom, with whom in copy."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="mail_thread")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reply_to = models.EmailField(_("customer address"), blank=True)
    cc = models.JSONField(_("in copy"), default=list, blank=True)
    # The newest message of the conversation, which the next reply answers.
    last_message_id = models.CharField(max_length=998, blank=True)
    references = models.JSONField(default=list, blank=True)
    # The new ticket's acknowledgement waits while tier 0 decides what it says: its answer, or the
    # usual words with who will answer and when (mail.services.outbound.acknowledgement_release).
    acknowledgement_held = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"mail thread of ticket {self.ticket_id}"


class OutboundKind(models.TextChoices):
    REPLY = "reply", _("Agent reply")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of a new ticket")
    TRANSCRIPT = "transcript", _("Chat transcript")
    SURVEY = "survey", _("Satisfaction survey")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")


class OutboundMessage(models.Model):
    """The outbox: written in the transaction of the reply it carries, sent after commit by a worker."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="outbound_mail")
    entry = models.ForeignKey(
        "tickets.TimelineEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="outbound_mail"
    )
    mailbox = models.ForeignKey(Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=16, choices=OutboundKind.choices)
    from_address = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    message_id = models.CharField(max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.JSONField(default=list, blank=True)
    auto_submitted = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbound_queued_idx",
                condition=models.Q(status="queued"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"
