"""Messaging channels (Telegram, WhatsApp, Messenger, X, SMS, voice): the accounts the helpdesk runs on
each provider, the people who write through them, every message in and out, and the replay guard.

Providers are adapters (messaging/providers/); nothing here knows one provider from another.
"""

import json
import re
import secrets
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from mail.sealing import SealedCharField


class ChannelKind(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "messenger", _("Facebook Messenger")
    X = "x", _("X direct messages")
    SMS = "sms", _("SMS")
    VOICE = "voice", _("Phone calls")


# Kinds whose sender id is the customer's phone number: shown through the viewer's ContactMask.
PHONE_KINDS = frozenset({ChannelKind.SMS, ChannelKind.VOICE, ChannelKind.WHATSAPP})
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{6,}$")


def phone_like(value: str) -> bool:
    """A name that is a phone number (a contact named after its sender id)."""
    return bool(_PHONE_LIKE.match((value or "").strip()))


def contact_name_safe(kind: str, sender_id: str, name: str = "") -> str:
    """A contact's name fit for places every viewer sees (a placeholder customer, a ticket subject):
    never a phone number, which is shown only through the viewer's mask."""
    name = (name or "").strip()
    if name and not phone_like(name):
        return name
    if kind in PHONE_KINDS or phone_like(sender_id):
        digits = [c for c in sender_id if c.isdigit()]
        return _("%(channel)s contact •••• %(tail)s") % {
            "channel": ChannelKind(kind).label if kind in ChannelKind.values else kind,
            "tail": "".join(digits[-2:]),
        }
    return name or sender_id


def new_webhook_key() -> str:
    return secrets.token_urlsafe(24)


class ChannelAccount(models.Model):
    """One bot, number or page the helpdesk answers on, with the provider's credentials."""

    kind = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The provider's settings (token, secrets, API base URL) as JSON, encrypted at rest (mail.sealing):
    # a dump of the database holds no usable token. Read and written through `credentials`.
    sealed_credentials = SealedCharField(_("credentials"), blank=True)
    # In the webhook's URL (/hooks/<kind>/<webhook_key>/): which account a delivery is for. Not a secret
    # that proves anything: the provider's signature does that.
    webhook_key = models.CharField(max_length=64, unique=True, default=new_webhook_key, editable=False)
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team it feeds"),
        help_text=_("New tickets go to this team unless a routing rule decides otherwise."),
    )
    language = models.CharField(_("default language"), max_length=16, default="en")
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What the helpdesk learnt from the provider about this account, nothing secret (WhatsApp's
    # approved templates under "whatsapp_templates"), written by tasks, read by pages with the row.
    provider_data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("channel account")
        verbose_name_plural = _("channel accounts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def credentials(self) -> dict[str, str]:
        if not self.sealed_credentials:
            return {}
        value = json.loads(self.sealed_credentials)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    @credentials.setter
    def credentials(self, value: dict[str, Any]) -> None:
        self.sealed_credentials = json.dumps({str(k): str(v) for k, v in value.items()}, sort_keys=True)


class Contact(models.Model):
    """Someone who writes through a channel account: a Telegram user, a phone number, a page-scoped id.

    Every contact has a customer: the exchange's customer when the exchange vouched for the identity
    (verified) or an agent linked it (linked_by), else a placeholder customer of its own, like the
    strangers' customers of email, so a contact who is not linked never reaches another's tickets."""

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="contacts")
    external_id = models.CharField(_("id at the provider"), max_length=128)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="channel_contacts",
        verbose_name=_("customer"),
    )
    # The exchange vouched that this identity belongs to `customer` (verified in the exchange's app).
    verified = models.BooleanField(_("verified by the exchange"), default=False)
    linked_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    # The case the contact's next message threads onto while it is not closed.
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("first seen"))
    last_inbound_at = models.DateTimeField(_("last wrote"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["account", "external_id"], name="contact_unique_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.external_id} ({self.account.kind})"


class Direction(models.TextChoices):
    IN = "in", _("Received")
    OUT = "out", _("Sent")


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")


class ChannelMessage(models.Model):
    """A message in or out through a channel. Outbound rows are the outbox: written in the
    transaction of the reply they carry, sent after commit, retried by the sweep until sent or failed."""

    direction = models.CharField(max_length=3, choices=Direction.choices)
    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="messages")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="channel_messages"
    )
    entry = models.ForeignKey(
        "tickets.TimelineEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="channel_messages",
    )
    provider_message_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    # The outbox: tries so far, when the next one is due (also the lease of a try under way), why not.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    operation = models.CharField(max_length=32, default="message")
    text = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    # A provider-approved template ({"name", "language", "parameters"}), or null.
    template = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("channel message")
        verbose_name_plural = _("channel messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="chmsg_outbox_due_idx",
                condition=models.Q(status="queued"),
            ),
            models.Index(fields=["ticket", "-id"], name="chmsg_ticket_idx"),
            models.Index(
                fields=["account", "provider_message_id"],
                name="chmsg_provider_id_idx",
                condition=~models.Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.account_id}:{self.provider_message_id or self.pk}"


class WebhookEvent(models.Model):
    """Each event a provider delivered, once: the same key again is a retry or a replay and does nothing."""

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="+")
    event_key = models.CharField(max_length=200)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "event_key"], name="webhook_event_once"),
        ]

    def __str__(self) -> str:
        return self.event_key
