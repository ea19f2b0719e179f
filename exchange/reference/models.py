"""The reference exchange's own records: what a real exchange's backend would hold for the helpdesk to read.

None of these tables belongs to the helpdesk; the helpdesk sees them only through the signed API
(docs/exchange-api.yaml), exactly as it would see a real exchange.
"""

from django.db import models
from django.utils import timezone

from exchange.types import SECURITY_EVENT_KINDS, TRANSFER_DIRECTIONS, TRANSFER_STATUSES


class Account(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    vip_level = models.CharField(max_length=16, default="standard")
    kyc_level = models.PositiveSmallIntegerField(default=0)
    flags = models.JSONField(default=list, blank=True)
    withdrawals_locked = models.BooleanField(default=False)
    lock_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["external_id"]

    def __str__(self) -> str:
        return self.external_id


class AssetNetwork(models.Model):
    asset = models.CharField(max_length=16)
    network = models.CharField(max_length=32)
    contract_address = models.CharField(max_length=128, blank=True)
    memo_required = models.BooleanField(default=False)
    min_deposit = models.DecimalField(max_digits=38, decimal_places=18, default=0)
    min_withdrawal = models.DecimalField(max_digits=38, decimal_places=18, default=0)
    confirmations_required = models.PositiveIntegerField(default=1)
    deposits_enabled = models.BooleanField(default=True)
    withdrawals_enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["asset", "network"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "network"], name="refex_asset_network_unique")
        ]

    def __str__(self) -> str:
        return f"{self.asset} on {self.network}"


class NetworkStatus(models.Model):
    network = models.CharField(max_length=32, unique=True)
    congested = models.BooleanField(default=False)
    deposits_suspended = models.BooleanField(default=False)
    withdrawals_suspended = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["network"]

    def __str__(self) -> str:
        return self.network


class DepositAddress(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="deposit_addresses")
    asset = models.CharField(max_length=16)
    network = models.CharField(max_length=32)
    address = models.CharField(max_length=128)
    memo = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["asset", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "asset", "network"], name="refex_deposit_address_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset}/{self.network} {self.address}"


class Transfer(models.Model):
    public_id = models.CharField(max_length=64, unique=True)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="transfers")
    direction = models.CharField(max_length=16, choices=[(d, d) for d in TRANSFER_DIRECTIONS])
    asset = models.CharField(max_length=16)
    network = models.CharField(max_length=32)
    amount = models.DecimalField(max_digits=38, decimal_places=18)
    address = models.CharField(max_length=128)
    memo = models.CharField(max_length=128, blank=True)
    # Stored as the chain writes it; hex hashes lower-cased (see scenario.normalise_tx_hash).
    tx_hash = models.CharField(max_length=128, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=[(s, s) for s in TRANSFER_STATUSES])
    confirmations = models.PositiveIntegerField(default=0)
    required_confirmations = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="refex_transfer_recent")]

    def __str__(self) -> str:
        return self.public_id


class SecurityEvent(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="security_events")
    kind = models.CharField(max_length=32, choices=[(k, k) for k in SECURITY_EVENT_KINDS])
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class VerifiedIdentity(models.Model):
    """A phone number, WhatsApp number or messaging account the customer proved in the exchange's app (a
    code sent to it, a login with it): the exchange vouches that it is this account's."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=16)  # exchange.types.IDENTITY_KINDS
    value = models.CharField(max_length=64)  # as exchange.types.identity_normalise gives it
    verified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="refex_identity_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


class SeenNonce(models.Model):
    """A signed request's nonce, kept for the signature's lifetime: the same request twice is a replay."""

    key_id = models.CharField(max_length=64)
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key_id", "nonce"], name="refex_nonce_once")]

    def __str__(self) -> str:
        return self.nonce


class Action(models.Model):
    """A high-risk action applied once per idempotency key; a repeat answers what the first did."""

    key_id = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=128)
    request_digest = models.CharField(max_length=64)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=32)
    reason = models.CharField(max_length=1000)
    approver_ids = models.JSONField(default=list)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key_id", "idempotency_key"], name="refex_action_idempotent")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key}"


class Fault(models.Model):
    """A misbehaviour the API shows for the next ``remaining`` signed requests: how the helpdesk copes with
    an exchange that is down, slow or answering nonsense is shown (and tested) against the real thing."""

    class Mode(models.TextChoices):
        UNAVAILABLE = "unavailable"  # 503 problem document
        SLOW = "slow"  # answers normally after ``delay_seconds``
        MALFORMED_JSON = "malformed_json"  # 200, a body that is not JSON
        WRONG_SHAPE = "wrong_shape"  # 200, JSON without the contract's fields
        HTML = "html"  # 200, an HTML error page from a proxy

    mode = models.CharField(max_length=16, choices=Mode.choices)
    remaining = models.PositiveIntegerField(default=1)
    delay_seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.mode} x{self.remaining}"
