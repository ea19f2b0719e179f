"""The tier-0 API's shapes: an assessment as assistant.display builds it, and an agent's correction."""

from rest_framework import serializers

from assistant.models import AssessmentState, DecisionKind, Outcome
from assistant.taxonomy import GROUPS, INTENT_NAMES, MENTION_KINDS, PRIORITIES, SPECIALTIES
from helpdesk.api import StrictFieldsMixin


def _one_of(values: tuple[str, ...] | list[str], what: str = "") -> serializers.CharField:
    # Text rather than an enum: several of these share names (priority, state) with other apps'
    # enums in the document. Blank while tier 0 has not read the message.
    listed = ", ".join(v for v in values if v)
    return serializers.CharField(allow_blank=True, help_text=f"{what} One of: {listed}; or blank.".strip())


class Tier0ScoreSerializer(serializers.Serializer):
    intent = serializers.CharField()
    score = serializers.FloatField(help_text="The classifier's probability of this intent.")


class Tier0MentionSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=f"One of: {', '.join(MENTION_KINDS)}.")
    value = serializers.CharField(help_text="Addresses are shortened for partner agents.")


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ticket = serializers.IntegerField()
    state = _one_of(AssessmentState.values, "pending (reading), done, or skipped (routed without tier 0).")
    first = serializers.BooleanField(help_text="The message opened the case: its routing waited for this.")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField(allow_blank=True, help_text="ISO 639-1, e.g. pt, zh.")
    intent = _one_of(INTENT_NAMES, "The taxonomy's intent tier 0 read.")
    group = _one_of(GROUPS, "The intent's group.")
    corrected_intent = _one_of(INTENT_NAMES, "What an agent said the message was really about.")
    corrected_by = serializers.CharField(allow_blank=True)
    corrected_at = serializers.DateTimeField(allow_null=True)
    confidence = serializers.FloatField(help_text="Top-1 minus top-2 probability.")
    threshold = serializers.FloatField(help_text="The intent's calibrated threshold.")
    confident = serializers.BooleanField(help_text="confidence reached threshold.")
    scores = Tier0ScoreSerializer(many=True, help_text="The top three intents, best first.")
    specialty = _one_of(SPECIALTIES)
    priority = _one_of(PRIORITIES)
    distress = serializers.BooleanField()
    social_engineering_risk = serializers.BooleanField()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="The facts behind the flags and the priority."
    )
    mentions = Tier0MentionSerializer(many=True)
    decision = _one_of(DecisionKind.values)
    why = serializers.CharField(allow_blank=True)
    article = serializers.CharField(
        allow_blank=True, help_text="Slug of the article the answer is drawn from."
    )
    article_url = serializers.CharField(allow_blank=True)
    facts = serializers.DictField(help_text="The exchange's facts a status answer showed.")
    reply = serializers.CharField(allow_blank=True, help_text="What the customer was sent.")
    outcome = _one_of(Outcome.values, "What the customer said about an answer.")
    outcome_at = serializers.DateTimeField(allow_null=True)
    correctable = serializers.BooleanField(help_text="Tier 0 read the message, so it can be corrected.")
    masked = serializers.BooleanField(
        help_text="Addresses and memos tier 0 found are shortened for this viewer."
    )


class CorrectionSerializer(StrictFieldsMixin, serializers.Serializer):
    intent = serializers.ChoiceField(choices=INTENT_NAMES, help_text="One of the taxonomy's intents.")
