import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from helpdesk.validation import check_time_zone


class VipLevel(models.TextChoices):
    STANDARD = "standard", _("Standard")
    VIP1 = "vip1", _("VIP 1")
    VIP2 = "vip2", _("VIP 2")
    VIP3 = "vip3", _("VIP 3")
    INSTITUTIONAL = "institutional", _("Institutional")


class KycStatus(models.TextChoices):
    NONE = "none", _("Not started")
    PENDING = "pending", _("Pending review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class AccountFlag(models.TextChoices):
    WITHDRAWALS_LOCKED = "withdrawals_locked", _("Withdrawals locked")
    TRADING_DISABLED = "trading_disabled", _("Trading disabled")
    UNDER_REVIEW = "under_review", _("Under compliance review")
    COMPROMISED = "suspected_compromise", _("Suspected compromise")
    API_DISABLED = "api_disabled", _("API access disabled")


class Customer(models.Model):
    """A user of the exchange, as the exchange's backend describes them."""

    external_id = models.CharField(_("exchange user id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("preferred language"), max_length=16, default="en")
    region = models.CharField(_("region"), max_length=8, blank=True, help_text=_("ISO country code"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    vip_level = models.CharField(
        _("VIP level"), max_length=16, choices=VipLevel.choices, default=VipLevel.STANDARD, db_index=True
    )
    kyc_status = models.CharField(
        _("KYC status"), max_length=16, choices=KycStatus.choices, default=KycStatus.NONE
    )
    account_flags = models.JSONField(_("account flags"), default=list, blank=True)
    # Account activity, as the exchange last pushed it; routing rules read only these stored facts.
    account_opened_at = models.DateTimeField(_("account opened"), null=True, blank=True)
    pending_withdrawal_usd = models.DecimalField(
        _("pending withdrawals (USD)"), max_digits=18, decimal_places=2, default=0
    )
    last_2fa_change_at = models.DateTimeField(_("last 2FA change"), null=True, blank=True)
    last_new_device_login_at = models.DateTimeField(_("last new-device login"), null=True, blank=True)
    account_manager = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_customers",
        verbose_name=_("account manager"),
    )
    backup_account_manager = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backup_managed_customers",
        verbose_name=_("backup account manager"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        # Inbound mail finds its sender by address whatever the case (email__iexact is UPPER(email)).
        indexes = [models.Index(Upper("email"), name="customer_email_upper_idx")]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name or self.external_id

    def clean(self) -> None:
        # The customer page shows their local time from this; an unknown zone would read as UTC.
        try:
            check_time_zone(self.time_zone)
        except ValidationError as exc:
            raise ValidationError({"time_zone": exc}) from None

    @property
    def is_vip(self) -> bool:
        return self.vip_level != VipLevel.STANDARD

    def flag_labels(self) -> list[str]:
        labels = dict(AccountFlag.choices)
        return [str(labels.get(flag, flag)) for flag in self.account_flags]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return "•••" if value else ""
    local, _sep, domain = value.partition("@")
    return f"{local[:1]}•••@{domain}"


# An address inside free text ("550 <jo@example.com>: no such user", a name typed as an address).
ADDRESS_IN_TEXT = re.compile(r"[^\s<>()\[\]@,;:\"']+@[^\s<>()\[\]@,;:\"']+")


def mask_addresses_in(text: str) -> str:
    return ADDRESS_IN_TEXT.sub(lambda m: mask_email(m.group(0)), text)


def mask_phone(value: str) -> str:
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 4:
        return "•••" if value else ""
    return f"•••• {''.join(digits[-2:])}"
