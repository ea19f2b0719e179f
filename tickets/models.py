from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.parsing import parse_id
from tickets.querysets import TicketQuerySet


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


# The only moves a ticket can make. Solved -> open is a reopen; closed is final (a follow-up is a
# new ticket).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
UNRESOLVED = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Channel(models.TextChoices):
    CHAT = "chat", _("Live chat")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Social")
    WEB = "web", _("Web form")
    API = "api", _("API")
    # Messaging channels (messaging/): each provider's webhook opens and threads these tickets.
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "messenger", _("Facebook Messenger")
    X = "x", _("X direct messages")


class Category(models.TextChoices):
    ACCOUNT_ACCESS = "account_access", _("Account access and 2FA")
    SECURITY = "security", _("Account security")
    DEPOSIT = "deposit", _("Deposits")
    WITHDRAWAL = "withdrawal", _("Withdrawals")
    KYC = "kyc", _("KYC and verification")
    TRADING = "trading", _("Trading")
    PAYMENTS = "payments", _("Payments and fiat")
    API = "api", _("API")
    FEES = "fees", _("Fees")
    OTHER = "other", _("Other")


# Routing and SLA read the tier; the core owns it because every ticket has one.
class Tier(models.IntegerChoices):
    SELF_SERVICE = 0, _("Tier 0 - self-service")
    GENERAL = 1, _("Tier 1 - general support")
    SPECIALIST = 2, _("Tier 2 - specialists")
    EXECUTIVE = 3, _("Tier 3 - executive escalation")


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    subject = models.CharField(_("subject"), max_length=250)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, default=Tier.GENERAL)
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("customer")
    )
    language = models.CharField(_("language"), max_length=16, default="en")
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets", verbose_name=_("tags"))
    reopen_count = models.PositiveIntegerField(_("reopened"), default=0)
    # Routing: the skill the case needs, the customer's VIP rank when routed, and the decision with
    # its reasons and the facts it read, so it can be shown and replayed.
    skill = models.CharField(_("skill"), max_length=16, blank=True)
    vip_rank = models.PositiveSmallIntegerField(_("VIP rank"), default=0)
    routing = models.JSONField(_("routing decision"), default=dict, blank=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)

    # A duplicate merged into another case: closed, its timeline kept and shown on the target, and
    # what its customer sends on its thread lands on the target (casework.merging).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_sources",
        verbose_name=_("merged into"),
    )

    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # Queue pages: "mine", "my team", "unassigned" and "all", newest first.
            models.Index(fields=["assignee", "status", "-id"], name="ticket_assignee_idx"),
            models.Index(fields=["team", "status", "-id"], name="ticket_team_idx"),
            models.Index(fields=["status", "-id"], name="ticket_status_idx"),
            models.Index(fields=["customer", "-id"], name="ticket_customer_idx"),
            models.Index(fields=["status", "solved_at"], name="ticket_solved_idx"),
            # The open cases, newest first (`?status=open`). ticket_status_idx holds them too, but the
            # planner costs its table reads as scattered (the status, its first column, follows no
            # order on disk) and walks the primary key instead, filtering out every newer case that is
            # not open; this index is ordered by id alone, which does follow the table.
            models.Index(fields=["-id"], name="ticket_open_idx", condition=models.Q(status="open")),
            # "Get next": the waiting, unassigned cases of a team, most urgent and oldest first.
            models.Index(
                fields=["team", "-priority", "-vip_rank", "id"],
                name="ticket_waiting_idx",
                condition=models.Q(assignee__isnull=True, status__in=["new", "open"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return format_reference(self.pk)

    @property
    def is_unresolved(self) -> bool:
        return self.status in UNRESOLVED


def format_reference(pk: int | None) -> str:
    return f"{settings.HELPDESK_TICKET_PREFIX}-{pk or 0:06d}"


def parse_reference(value: str) -> int | None:
    """`HD-000123`, `hd-123` or `123` -> 123; anything else -> None."""
    text = value.strip().upper()
    prefix = settings.HELPDESK_TICKET_PREFIX + "-"
    if text.startswith(prefix):
        text = text[len(prefix) :]
    return parse_id(text)


class EntryKind(models.TextChoices):
    CUSTOMER_MESSAGE = "customer_message", _("Customer message")
    AGENT_REPLY = "agent_reply", _("Public reply")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    SYSTEM_EVENT = "system_event", _("System event")
    # Mail on a ticket's thread from someone not on the ticket: agents see it, it goes to nobody and
    # changes nothing of the case (status, SLA, copy list) until an agent acts.
    HELD_MESSAGE = "held_message", _("Held: email from an unknown sender")


class BodyFormat(models.TextChoices):
    TEXT = "text", _("Plain text")
    HTML = "html", _("HTML")


class TimelineEntry(models.Model):
    """One item on a ticket's timeline. Bodies are stored as received and sanitised when rendered."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    body = models.TextField(_("body"), blank=True)
    body_format = models.CharField(max_length=8, choices=BodyFormat.choices, default=BodyFormat.TEXT)
    # For system events: what happened, as data ({"event": "status_changed", "from": ..., "to": ...}).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))
    # Live chat: each conversation numbers its messages so a client that reconnects asks for
    # everything after the last number it saw; `client_id` makes a resent message land once.
    seq = models.PositiveIntegerField(null=True, blank=True)
    client_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="entry_timeline_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "seq"], name="entry_unique_seq", condition=models.Q(seq__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["ticket", "client_id"],
                name="entry_unique_client_id",
                condition=~models.Q(client_id=""),
            ),
        ]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {format_reference(self.ticket_id)}"

    @property
    def is_public(self) -> bool:
        return self.kind in (EntryKind.CUSTOMER_MESSAGE, EntryKind.AGENT_REPLY)


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Attachment(models.Model):
    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename


class TicketLink(models.Model):
    """Two related cases (not duplicates): shown on both pages. Kept once, lower id first."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    other = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("linked"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "other"], name="ticket_link_unique"),
            models.CheckConstraint(
                condition=models.Q(ticket__lt=models.F("other")), name="ticket_link_ordered"
            ),
        ]
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")

    def __str__(self) -> str:
        return f"{format_reference(self.ticket_id)} ~ {format_reference(self.other_id)}"
