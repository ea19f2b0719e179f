"""Two-person approval's API shapes: a request as read, the bodies that make, decide and cancel one, and
the policies. Contact data (the customer's email, a new email) follows customers.contacts' mask."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approvals.models import ActionKind, ApprovalDecision, ApprovalPolicy, Evidence, RequestStatus, Verdict
from customers.contacts import MASKED, ContactMask
from customers.models import VipLevel
from helpdesk.api import StrictFieldsMixin

MAX_REASON = 1000
MAX_NOTE = 2000


class ApprovalPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "username": user.username, "name": user.display_name}


class ApprovalRiskFactSerializer(serializers.Serializer):
    # Named as RiskAssessment.facts names them (Field has attributes of these names too).
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="exchange, contact or text: where the fact was read."
    )
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    detail = serializers.CharField(allow_blank=True)
    weight = serializers.IntegerField(help_text="What the fact added to the score.")
    at = serializers.DateTimeField(allow_null=True, help_text="When it happened, where known.")


class ApprovalRiskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.CharField(help_text="low, medium or high.")
    score = serializers.IntegerField()
    trigger = serializers.CharField()
    created_at = serializers.DateTimeField()
    facts = ApprovalRiskFactSerializer(many=True)
    gaps = serializers.ListField(
        child=serializers.CharField(), help_text="What could not be checked: the score is then a floor."
    )


class ApprovalDecisionSerializer(serializers.Serializer):
    approver = ApprovalPersonSerializer()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(allow_blank=True)
    second_factor = serializers.BooleanField(help_text="The approver confirmed with a fresh second factor.")
    created_at = serializers.DateTimeField()


class ApprovalCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    vip_level = serializers.ChoiceField(choices=VipLevel.choices)
    email = serializers.CharField(allow_blank=True, help_text="Masked unless your role shows it.")


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "new_email": {"type": "string"},
            "new_limit": {"type": "string", "example": "25000"},
            "currency": {"type": "string", "example": "USD"},
        },
    }
)
class ParamsField(serializers.DictField):
    pass


class ApprovalRequestSerializer(serializers.Serializer):
    """A request as approvals.queue loads it (ticket, customer, requester, risk and decisions)."""

    id = serializers.IntegerField()
    ticket = serializers.IntegerField(source="ticket_id")
    ticket_reference = serializers.CharField(source="ticket.reference", help_text="HD-000123")
    customer = serializers.SerializerMethodField()
    action = serializers.ChoiceField(choices=ActionKind.choices)
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    reason = serializers.CharField()
    params = serializers.SerializerMethodField()
    evidence = serializers.DictField(child=serializers.BooleanField(), help_text="What the requester ticked.")
    evidence_required = serializers.ListField(
        child=serializers.JSONField(), help_text="Evidence values; a list among them is any one of it."
    )
    requested_by = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    approvers_required = serializers.IntegerField()
    in_house_only = serializers.BooleanField()
    needs_security_team = serializers.BooleanField()
    cooling_off_until = serializers.DateTimeField(allow_null=True)
    risk_level = serializers.CharField()
    risk = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    attempts = serializers.IntegerField()
    last_error = serializers.CharField(allow_blank=True)
    result = serializers.DictField(help_text="The exchange's answer: action_id, status, replayed.")
    decided_at = serializers.DateTimeField(allow_null=True)
    executed_at = serializers.DateTimeField(allow_null=True)

    def _mask(self) -> ContactMask:
        mask = self.context.get("contact_mask")
        return mask if isinstance(mask, ContactMask) else MASKED

    @extend_schema_field(ApprovalCustomerSerializer)
    def get_customer(self, obj: Any) -> dict[str, Any]:
        c = obj.customer
        return {
            "id": c.pk,
            "external_id": c.external_id,
            "name": c.name,
            "vip_level": c.vip_level,
            "email": self._mask().email(c.email),
        }

    @extend_schema_field(ParamsField)
    def get_params(self, obj: Any) -> dict[str, Any]:
        params = dict(obj.params or {})
        if params.get("new_email"):
            params["new_email"] = self._mask().email(params["new_email"])
        return params

    @extend_schema_field(ApprovalPersonSerializer)
    def get_requested_by(self, obj: Any) -> dict[str, Any]:
        return _person(obj.requested_by)

    @extend_schema_field(ApprovalRiskSerializer(allow_null=True))
    def get_risk(self, obj: Any) -> dict[str, Any] | None:
        risk = obj.risk
        if risk is None:
            return None
        return {
            "id": risk.pk,
            "level": risk.level,
            "score": risk.score,
            "trigger": risk.trigger,
            "created_at": serializers.DateTimeField().to_representation(risk.created_at),
            "facts": [
                {
                    "source": str(f.get("source", "")),
                    "code": str(f.get("code", "")),
                    "label": str(f.get("label", "")),
                    "detail": str(f.get("detail", "") or ""),
                    "weight": _int(f.get("weight")),
                    "at": f.get("at"),
                }
                for f in risk.facts or []
                if isinstance(f, dict)
            ],
            "gaps": [str(g) for g in risk.gaps or []],
        }

    @extend_schema_field(ApprovalDecisionSerializer(many=True))
    def get_decisions(self, obj: Any) -> list[dict[str, Any]]:
        decisions: list[ApprovalDecision] = list(obj.decisions.all())
        return [
            {
                "approver": _person(d.approver),
                "verdict": d.verdict,
                "note": d.note,
                "second_factor": bool(d.second_factor),
                "created_at": serializers.DateTimeField().to_representation(d.created_at),
            }
            for d in decisions
        ]


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class ApprovalParamsSerializer(serializers.Serializer):
    new_email = serializers.EmailField(required=False, max_length=254, help_text="For change_email.")
    new_limit = serializers.DecimalField(
        required=False,
        max_digits=18,
        decimal_places=2,
        min_value=0,
        coerce_to_string=True,
        help_text="For raise_withdrawal_limit: the new daily limit.",
    )
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$", required=False, help_text="For raise_withdrawal_limit: USD, EUR..."
    )

    def to_internal_value(self, data: Any) -> Any:
        # StrictFieldsMixin reads the top-level body only; a nested object checks its own keys.
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class ApprovalRequestCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    ticket = serializers.CharField(max_length=32, help_text="Ticket id or reference: 123 or HD-000123.")
    action = serializers.ChoiceField(choices=ActionKind.choices)
    reason = serializers.CharField(max_length=MAX_REASON, help_text="Why, and how the customer was verified.")
    evidence = serializers.ListField(
        child=serializers.ChoiceField(choices=Evidence.choices),
        required=False,
        default=list,
        max_length=len(Evidence.values),
        help_text="The evidence confirmed; the action's policy says which are required.",
    )
    params = ApprovalParamsSerializer(required=False, help_text="The action's parameters, where it has any.")

    def params_as_text(self) -> dict[str, str]:
        params = self.validated_data.get("params") or {}
        return {key: str(value) for key, value in params.items()}


class ApprovalDecisionCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")
    otp = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text="A current code from your authenticator app: required to approve when you have one, "
        "and always when the helpdesk requires a second factor of staff.",
    )


class ApprovalCancelSerializer(StrictFieldsMixin, serializers.Serializer):
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class ApprovalPolicySerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ActionKind.choices)
    vip_level = serializers.CharField(allow_blank=True, help_text="A VIP level, or blank for every level.")
    saved = serializers.BooleanField(help_text="False: the built-in default, not yet saved.")
    enabled = serializers.BooleanField()
    evidence = serializers.ListField(
        child=serializers.JSONField(), help_text="Evidence values; a list among them is any one of it."
    )
    approvers_required = serializers.IntegerField(min_value=1, max_value=2)
    in_house_only = serializers.BooleanField()
    cooling_off_hours = serializers.IntegerField()
    expires_after_hours = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def of(policy: ApprovalPolicy) -> dict[str, Any]:
        return {
            "action": policy.action,
            "vip_level": policy.vip_level,
            "saved": policy.pk is not None,
            "enabled": policy.enabled,
            "evidence": list(policy.evidence or []),
            "approvers_required": policy.approvers_required,
            "in_house_only": policy.in_house_only,
            "cooling_off_hours": policy.cooling_off_hours,
            "expires_after_hours": policy.expires_after_hours,
            "updated_at": policy.updated_at,
        }


class EvidenceItemField(serializers.Field):
    """One evidence value, or a list of two or more of them (any one will do)."""

    default_error_messages = {"invalid": "Give an evidence value, or a list of two or more of them."}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and data in Evidence.values:
            return data
        if (
            isinstance(data, list)
            and len(data) >= 2
            and all(isinstance(v, str) and v in Evidence.values for v in data)
        ):
            return list(data)
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "enum": list(Evidence.values)},
            {"type": "array", "items": {"type": "string", "enum": list(Evidence.values)}, "minItems": 2},
        ]
    }
)
class DocumentedEvidenceItemField(EvidenceItemField):
    pass


class ApprovalPolicySaveSerializer(StrictFieldsMixin, serializers.Serializer):
    """Send the action, the level (blank: every level), a reason, and the fields that change."""

    action = serializers.ChoiceField(choices=ActionKind.choices)
    vip_level = serializers.ChoiceField(choices=[("", "every level"), *VipLevel.choices], allow_blank=True)
    reason = serializers.CharField(max_length=500, help_text="Kept in the audit log with the change.")
    enabled = serializers.BooleanField(required=False)
    evidence = serializers.ListField(
        child=DocumentedEvidenceItemField(), required=False, max_length=len(Evidence.values)
    )
    approvers_required = serializers.IntegerField(required=False, min_value=1, max_value=2)
    in_house_only = serializers.BooleanField(required=False)
    cooling_off_hours = serializers.IntegerField(required=False, min_value=0, max_value=168)
    expires_after_hours = serializers.IntegerField(required=False, min_value=1, max_value=720)
