"""Routing configuration, presence and the agents overview as the API shows and accepts them."""

import functools
import json
import zoneinfo
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from accounts.models import User
from customers.models import VipLevel
from helpdesk.api import LanguageField
from helpdesk.parsing import parse_id
from helpdesk.validation import language_codes
from routing.models import Presence, RoutingRule, Shift, Skill, Team, Tier, VipPolicy
from routing.rules import RuleError, parse_actions, parse_rule
from routing.services import TEAM_FIELDS
from routing.services.config import RULE_POSITION_MAX
from tickets.models import parse_reference

MAX_SHIFTS = 50
MAX_HOLIDAYS = 366
MAX_MEMBERS = 500


@functools.cache
def known_time_zones() -> frozenset[str]:
    # Membership, not ZoneInfo(name): a directory such as "America" or an over-long name makes
    # ZoneInfo raise OSError, and routing would then fail on every case sent to the team.
    return frozenset(zoneinfo.available_timezones())


# Refuses keys the serializer does not know, at every level of nesting, so a typo is a 400. (A comment,
# not a docstring: the schema would show it as the description of every serializer using it.)


class TeamSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "slug", "tier", "is_outsourced"]
        read_only_fields = fields


class StrictKeysMixin:
    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


# --- Teams ----------------------------------------------------------------------------------------


def _at_most(limit: int, value: list[Any]) -> list[Any]:
    if len(value) > limit:
        raise serializers.ValidationError(_("At most %(limit)d items.") % {"limit": limit})
    return value


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "08:00",
    }
)
class ClockTimeField(serializers.TimeField):
    """A wall-clock time, answered as HH:MM. Not OpenAPI's `time` format, which wants seconds and
    an offset: a shift's times have neither (they are in the team's time zone)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class ShiftSerializer(StrictKeysMixin, serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Shift.Weekday.choices, help_text="0 is Monday, 6 Sunday.")
    start = ClockTimeField(help_text="In the team's time zone: 08:00")
    end = ClockTimeField(help_text="An end at or before the start runs past midnight: 22:00-06:00.")


class HolidaySerializer(StrictKeysMixin, serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")


class MemberSerializer(StrictKeysMixin, serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="Agent id."
    )
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    is_lead = serializers.BooleanField(required=False, default=False)


class TeamSerializer(StrictKeysMixin, serializers.ModelSerializer):
    """A team with its shifts, holidays and members. Each nested list sent replaces the whole list;
    one left out stays as it is."""

    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    skills = serializers.ListField(
        child=serializers.ChoiceField(choices=Skill.choices),
        required=False,
        max_length=len(Skill.choices),
        help_text="What the team's specialists handle; only tier 2 teams are chosen by skill.",
    )
    languages = serializers.ListField(
        child=LanguageField(),
        required=False,
        max_length=50,
        help_text="Languages the team answers in; empty means any.",
    )
    time_zone = serializers.CharField(max_length=64, required=False, help_text="An IANA name: Europe/Berlin")
    wait_target_seconds = serializers.IntegerField(
        min_value=0,
        max_value=7 * 24 * 3600,
        required=False,
        help_text="A case waiting longer than this with nobody free overflows to another team.",
    )
    chat_capacity = serializers.IntegerField(min_value=0, max_value=100, required=False)
    ticket_capacity = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    vip_reserved_capacity = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    shifts = ShiftSerializer(
        many=True,
        required=False,
        help_text="Weekly hours; none means around the clock.",
    )
    holidays = HolidaySerializer(many=True, required=False)
    members = MemberSerializer(
        source="memberships",
        many=True,
        required=False,
        help_text="Agents in the team.",
    )

    class Meta:
        model = Team
        fields = ["id", *TEAM_FIELDS, "shifts", "holidays", "members"]
        read_only_fields = ["id"]

    def validate_time_zone(self, value: str) -> str:
        if value not in known_time_zones():
            raise serializers.ValidationError(_("Unknown time zone; use an IANA name such as Europe/Berlin."))
        return value

    def validate_skills(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate_languages(self, value: list[str]) -> list[str]:
        # Intake reduces every case's language to one of LANGUAGES; another code would match nothing.
        unknown = sorted(set(value) - language_codes())
        if unknown:
            raise serializers.ValidationError(
                _("Not one of the helpdesk's languages: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(value))

    def validate_shifts(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return _at_most(MAX_SHIFTS, value)

    def validate_holidays(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _at_most(MAX_HOLIDAYS, value)
        dates = [h["date"] for h in value]
        if len(set(dates)) != len(dates):
            raise serializers.ValidationError(_("Each date can be a holiday only once."))
        return value

    def validate_members(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _at_most(MAX_MEMBERS, value)
        users = [m["user"].pk for m in value]
        if len(set(users)) != len(users):
            raise serializers.ValidationError(_("Each agent can be listed only once."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance if isinstance(self.instance, Team) else None

        def value(name: str) -> Any:
            if name in attrs:
                return attrs[name]
            return (
                getattr(instance, name) if instance else cast(Field, Team._meta.get_field(name)).get_default()
            )

        reserved = value("vip_reserved_capacity")
        if reserved > max(value("chat_capacity"), value("ticket_capacity")):
            raise serializers.ValidationError(
                {"vip_reserved_capacity": [_("Cannot be more than the team's chat or ticket capacity.")]}
            )
        return attrs


# Only the fields of TeamSerializer that are optional in its response schema are left out, so one
# documented shape serves both. (A comment, not a docstring: see StrictKeysMixin.)
class TeamDirectorySerializer(TeamSerializer):
    class Meta(TeamSerializer.Meta):
        fields = ["id", "name", "slug", "tier", "skills", "languages", "region", "is_outsourced"]
        read_only_fields = fields


# --- VIP policies ---------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "enum": VipLevel.values})
class VipLevelField(serializers.ChoiceField):
    """A VIP level; documented inline so that the schema keeps one named enum for VIP levels."""


class VipPolicySerializer(StrictKeysMixin, serializers.ModelSerializer):
    level = VipLevelField(
        choices=VipLevel.choices,
        validators=[
            UniqueValidator(VipPolicy.objects.all(), message=_("This VIP level already has a policy."))
        ],
    )
    rank = serializers.IntegerField(min_value=0, max_value=100, help_text="0 for standard; higher first.")
    priority_boost = serializers.IntegerField(
        min_value=0, max_value=3, help_text="Steps added to a case's priority, up to urgent."
    )

    class Meta:
        model = VipPolicy
        fields = ["id", "level", "rank", "priority_boost"]
        read_only_fields = ["id"]


# --- Rules ----------------------------------------------------------------------------------------

CONDITION_SCHEMA = {
    "type": "object",
    "properties": {
        "field": {"type": "string", "description": "vip_level, kyc_status, category, language, ..."},
        "op": {"type": "string", "description": "eq, ne, in, not_in, gt, gte, lt, lte, contains, is_set..."},
        "value": {"description": "A value, or a list for in and not_in; none for is_set and not_set."},
    },
    "required": ["field", "op"],
}
ACTIONS_SCHEMA = {
    "type": "object",
    "properties": {
        "tier": {"type": "integer", "minimum": 0, "maximum": 3},
        "team": {"type": "string", "description": "A team's slug."},
        "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "to_account_manager": {"type": "boolean"},
    },
}


def _storable_text(value: Any) -> bool:
    """No NUL and no lone surrogate, in any string or key: PostgreSQL refuses both in JSON."""
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return all(_storable_text(k) and _storable_text(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable_text(v) for v in value)
    return True


class StorableJSONField(serializers.JSONField):
    """JSON that PostgreSQL can store: `1e999` parses to infinity, and "\u0000" to a NUL byte."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            json.dumps(data, allow_nan=False)
        except ValueError:
            raise serializers.ValidationError(_("Numbers must be finite.")) from None
        if not _storable_text(data):
            raise serializers.ValidationError(_("Text may not contain NUL or unpaired surrogate characters."))
        return super().to_internal_value(data)


@extend_schema_field({"type": "array", "items": CONDITION_SCHEMA})
class ConditionsField(StorableJSONField):
    pass


@extend_schema_field(ACTIONS_SCHEMA)
class ActionsField(StorableJSONField):
    pass


def check_conditions(value: Any) -> Any:
    try:
        rule = parse_rule(id=0, name="", conditions=value, actions={})
    except RuleError as exc:
        raise serializers.ValidationError(str(exc)) from None
    for number, condition in enumerate(rule.conditions, start=1):
        # "NaN" parses as a Decimal, but comparing with it raises: every case routed would fail.
        if isinstance(condition.value, Decimal) and not condition.value.is_finite():
            raise serializers.ValidationError(
                _("condition %(number)d: %(value)s is not a finite number")
                % {"number": number, "value": condition.value}
            )
    return value


def check_actions(value: Any) -> Any:
    try:
        actions = parse_actions(value)
    except RuleError as exc:
        raise serializers.ValidationError(str(exc)) from None
    if actions.team and not Team.objects.filter(slug=actions.team).exists():
        raise serializers.ValidationError(_("No team has the slug %(slug)s.") % {"slug": actions.team})
    # A null action is one not given; stored as sent, it would come back where a value is documented.
    return {key: item for key, item in value.items() if item is not None}


class RuleSerializer(StrictKeysMixin, serializers.ModelSerializer):
    """A routing rule: all conditions must hold for its actions to apply."""

    position = serializers.IntegerField(
        min_value=0,
        max_value=RULE_POSITION_MAX,
        required=False,
        help_text="Rules run in this order (then by id); default last.",
    )
    conditions = ConditionsField(
        required=False, help_text='All must hold; an empty list always matches: [{"field", "op", "value"}]'
    )
    actions = ActionsField(help_text="What a match does.")

    class Meta:
        model = RoutingRule
        fields = ["id", "position", "name", "is_active", "conditions", "actions", "stop", "updated_at"]
        read_only_fields = ["id", "updated_at"]

    def validate_conditions(self, value: Any) -> Any:
        return check_conditions(value)

    def validate_actions(self, value: Any) -> Any:
        return check_actions(value)


class RuleReorderSerializer(StrictKeysMixin, serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=10_000,
        help_text="Every rule's id, in the order the rules should run.",
    )


class CandidateRuleSerializer(StrictKeysMixin, serializers.Serializer):
    """A rule as it would be saved, to try before saving it."""

    name = serializers.CharField(max_length=120, required=False, default="candidate")
    position = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    conditions = ConditionsField(required=False)
    actions = ActionsField(required=False)
    stop = serializers.BooleanField(required=False, default=False)

    def validate_conditions(self, value: Any) -> Any:
        return check_conditions(value)

    def validate_actions(self, value: Any) -> Any:
        return check_actions(value)


@extend_schema_field(OpenApiTypes.STR)
class TicketReferenceField(serializers.Field):
    """A ticket id or its reference: 123 or "HD-000123"."""

    default_error_messages = {"invalid": _("Give a ticket id or reference such as HD-000123.")}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        pk = parse_reference(str(data))
        if pk is None:
            self.fail("invalid")
        return pk

    def to_representation(self, value: Any) -> str:
        return str(value)


class DryRunRequestSerializer(StrictKeysMixin, serializers.Serializer):
    ticket = TicketReferenceField(help_text="Ticket id or reference: 123 or HD-000123.")
    rule = CandidateRuleSerializer(required=False, help_text="A rule to try as if it were saved.")
    replaces = serializers.PrimaryKeyRelatedField(
        queryset=RoutingRule.objects.all(),
        required=False,
        allow_null=True,
        help_text="The id of the saved rule the candidate would replace, when editing one.",
    )


class DecisionSerializer(serializers.Serializer):
    tier = serializers.IntegerField(allow_null=True)
    team = serializers.CharField(allow_null=True, help_text="The team's slug.")
    team_name = serializers.CharField(allow_null=True)
    priority = serializers.CharField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    to_account_manager = serializers.BooleanField()
    matched = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the rules that applied; 0 is the candidate."
    )
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why, rule by rule.")


class DryRunSerializer(serializers.Serializer):
    decision = DecisionSerializer()
    facts = serializers.DictField(help_text="The facts of the case the rules read.")


# --- Presence and agents --------------------------------------------------------------------------


class PresenceSerializer(StrictKeysMixin, serializers.Serializer):
    presence = serializers.ChoiceField(choices=Presence.choices)
    last_seen_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CapacitySerializer(serializers.Serializer):
    chats = serializers.IntegerField()
    tickets = serializers.IntegerField()
    vip_reserved = serializers.IntegerField(help_text="Slots of each kind only VIP cases may take.")


class LoadSerializer(serializers.Serializer):
    chats = serializers.IntegerField(help_text="Open chats assigned.")
    tickets = serializers.IntegerField(help_text="Open tickets of other channels assigned.")


class AgentOverviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    presence = serializers.ChoiceField(
        choices=Presence.choices, help_text="As routing sees it: offline once heartbeats stop."
    )
    last_seen_at = serializers.DateTimeField(allow_null=True)
    teams = TeamSummarySerializer(many=True)
    capacity = CapacitySerializer()
    load = LoadSerializer()


class TicketTransferSerializer(StrictKeysMixin, serializers.Serializer):
    team = serializers.CharField(max_length=50, help_text="The team's id or slug.")
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)

    def validate_team(self, value: str) -> Team:
        pk = parse_id(value)
        lookup: dict[str, object] = {"pk": pk} if pk is not None else {"slug": value}
        team = Team.objects.filter(**lookup).first()
        if team is None:
            raise serializers.ValidationError(_("No such team."))
        return team


class TicketEscalateSerializer(StrictKeysMixin, serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
