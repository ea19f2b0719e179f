"""Two-person approval of high-risk account actions, and the risk assessments that inform them.

A request is made from a ticket by one person (the maker) and decided by others (the checkers); the
action runs through the exchange connector only once every approval it needs is in, exactly once,
under the request's idempotency key. Policies (per action, optionally per VIP level) say what evidence
a request must carry, how many approvers it needs, whether partner agents may approve, and when it
expires. A risk assessment is a list of facts, each with its source, and the score they add up to.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import VipLevel


class ActionKind(models.TextChoices):
    """The high-risk actions the exchange connector (exchange.client.ExchangeClient) can apply."""

    UNLOCK_WITHDRAWALS = "unlock_withdrawals", _("Unlock withdrawals")
    RESET_2FA = "reset_2fa", _("Reset two-factor authentication")
    CHANGE_EMAIL = "change_email", _("Change the primary email")
    REVOKE_API_KEYS = "revoke_api_keys", _("Revoke API keys")
    RAISE_WITHDRAWAL_LIMIT = "raise_withdrawal_limit", _("Raise the withdrawal limit")


class Evidence(models.TextChoices):
    """What the requester confirms before asking; the policy for the action says which are required."""

    ID_REVERIFIED = "id_reverified", _("ID document re-verified on the exchange")
    SELFIE_LIVENESS = "selfie_liveness", _("Selfie liveness check passed on the exchange")
    REGISTERED_EMAIL_CONFIRMED = "registered_email_confirmed", _("Confirmed from the registered email")
    REGISTERED_PHONE_CALLBACK = "registered_phone_callback", _("Called back on the registered phone number")
    NEW_EMAIL_VERIFIED = "new_email_verified", _("New email address verified by a link sent to it")
    DEVICE_RECOGNISED = "device_recognised", _("Request made from a device the account has used before")
    SOURCE_OF_FUNDS = "source_of_funds", _("Source of funds reviewed")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskTrigger(models.TextChoices):
    CHAT = "chat", _("A live chat started")
    MESSAGE = "message", _("A customer message")
    ACTION_REQUEST = "action_request", _("A high-risk action was requested")
    MANUAL = "manual", _("An agent asked for it")


class RiskAssessment(models.Model):
    """One assessment of a case's account-takeover risk. `facts` is a list of
    {"source": "exchange" | "contact" | "text", "code": str, "label": str, "detail": str,
     "weight": int, "at": iso-8601 | None}: every fact that counted, shown to agents as it is."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="risk_assessments")
    trigger = models.CharField(_("trigger"), max_length=16, choices=RiskTrigger.choices)
    level = models.CharField(_("level"), max_length=8, choices=RiskLevel.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    facts = models.JSONField(_("facts"), default=list, blank=True)
    # What could not be read (the exchange was down): the score is then a floor, not the whole picture.
    gaps = models.JSONField(_("what could not be checked"), default=list, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ticket", "-created_at"], name="risk_ticket_newest_idx")]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.score}) on ticket {self.ticket_id}"


class ApprovalPolicy(models.Model):
    """How one action is approved, for one VIP level or (vip_level "") for every level without its own."""

    action = models.CharField(_("action"), max_length=32, choices=ActionKind.choices)
    vip_level = models.CharField(
        _("VIP level"), max_length=16, choices=VipLevel.choices, blank=True, default="",
        help_text=_("Empty: the policy for every level that has none of its own."),
    )  # fmt: skip
    enabled = models.BooleanField(_("may be requested"), default=True)
    evidence = models.JSONField(_("evidence required"), default=list, blank=True)
    approvers_required = models.PositiveSmallIntegerField(
        _("approvers required"), default=1, help_text=_("1, or 2 for a second approver.")
    )
    in_house_only = models.BooleanField(
        _("in-house approvers only"), default=True, help_text=_("Agents of partner teams may not approve.")
    )
    cooling_off_hours = models.PositiveIntegerField(
        _("cooling-off (hours)"), default=0, help_text=_("The action runs no sooner than this.")
    )
    expires_after_hours = models.PositiveIntegerField(_("expires after (hours)"), default=48)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["action", "vip_level"]
        constraints = [
            models.UniqueConstraint(fields=["action", "vip_level"], name="approval_policy_unique"),
            models.CheckConstraint(
                condition=models.Q(approvers_required__gte=1, approvers_required__lte=2),
                name="approval_policy_approvers_1_or_2",
            ),
        ]
        verbose_name = _("approval policy")
        verbose_name_plural = _("approval policies")

    def __str__(self) -> str:
        level = self.get_vip_level_display() if self.vip_level else _("every level")
        return f"{self.get_action_display()} ({level})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    # Every approval is in; the action is queued (or waits for the cooling-off to end).
    APPROVED = "approved", _("Approved, running")
    EXECUTED = "executed", _("Done")
    FAILED = "failed", _("Failed")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.APPROVED)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class ApprovalRequest(models.Model):
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="approval_requests")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=ActionKind.choices)
    # The action's arguments: {"new_email": ...} for change_email, {"new_limit": "25000", "currency": "USD"}
    # for raise_withdrawal_limit; empty for the others.
    params = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    # {evidence value: true/false} as the requester confirmed it, and which the policy required then.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    evidence_required = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("requested"), db_index=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    # The policy as it stood when the request was made (a later policy edit does not move the goalposts),
    # raised by the risk assessment: high risk needs the security team and a cooling-off.
    approvers_required = models.PositiveSmallIntegerField(default=1)
    in_house_only = models.BooleanField(default=True)
    needs_security_team = models.BooleanField(default=False)
    cooling_off_until = models.DateTimeField(null=True, blank=True)
    risk = models.ForeignKey(
        RiskAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_level = models.CharField(max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW)
    # Sent with the action to the exchange; the same key on a retry cannot apply it twice.
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_idempotency_key)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # {"action_id": ..., "status": ..., "replayed": ...} as the exchange answered.
    result = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    customer_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="approval_open_expiry_idx",
                condition=models.Q(status="pending"),
            ),
        ]
        # approve_<action>: who may be a checker for that action (given to people or groups).
        permissions = [(f"approve_{value}", f"Can approve: {label}") for value, label in ActionKind.choices]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"{self.get_action_display()} for ticket {self.ticket_id} ({self.get_status_display()})"


class Verdict(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")


class ApprovalDecision(models.Model):
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="decisions")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    # The approver confirmed with a fresh second factor (the device's name, for the record).
    second_factor = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "approver"], name="approval_one_decision_per_person")
        ]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.approver_id}"
