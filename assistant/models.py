"""Tier 0's record of each customer message it read (`Assessment`), where admins let it answer
(`ChannelSetting`), and the examples agents' corrections add to the bank (`Example`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assistant.taxonomy import INTENT_NAMES, PRIORITIES, SPECIALTIES


class AssessmentState(models.TextChoices):
    PENDING = "pending", _("Reading")
    DONE = "done", _("Done")
    # The worker never read it (down, or the engine failed): the case was routed without tier 0.
    SKIPPED = "skipped", _("Routed without tier 0")


class DecisionKind(models.TextChoices):
    ANSWER = "answer", _("Answered by tier 0")
    HANDOFF = "handoff", _("Handed to a person")


class Outcome(models.TextChoices):
    NONE = "", _("No answer yet")
    SOLVED = "solved", _("The customer said it solved it")
    PERSON = "person", _("The customer asked for a person")
    CAME_BACK = "came_back", _("The customer wrote again")
    AGENT = "agent", _("An agent took over first")


INTENT_CHOICES = [(name, name.replace("_", " ")) for name in INTENT_NAMES]
SPECIALTY_CHOICES = [(name, name.replace("_", " ")) for name in SPECIALTIES]
PRIORITY_CHOICES = [(name, name) for name in PRIORITIES]


class Assessment(models.Model):
    """What tier 0 read off one customer message and what it did: the intent, its confidence and the
    calibrated threshold, the facts behind each flag, the decision and the text the customer got."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="assessments")
    entry = models.OneToOneField(
        "tickets.TimelineEntry", on_delete=models.CASCADE, related_name="assessment", null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=8, choices=AssessmentState.choices, default=AssessmentState.PENDING
    )
    # Whether this message opened the case (its routing waits for this reading).
    first = models.BooleanField(_("first message"), default=True)
    # What routing was asked for when the case was opened, held until the reading is in.
    default_team = models.ForeignKey(
        "routing.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    push = models.BooleanField(default=True)
    # False when the caller chose the team itself: the reading then routes nothing.
    route = models.BooleanField(default=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    language = models.CharField(_("language"), max_length=8, blank=True)
    language_confidence = models.FloatField(default=0.0)
    intent = models.CharField(_("intent"), max_length=40, choices=INTENT_CHOICES, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    threshold = models.FloatField(_("threshold"), default=1.0)
    scores = models.JSONField(default=list, blank=True)
    specialty = models.CharField(_("specialty"), max_length=24, choices=SPECIALTY_CHOICES, blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=PRIORITY_CHOICES, blank=True)
    distress = models.BooleanField(_("distress"), default=False)
    social_engineering_risk = models.BooleanField(_("social-engineering risk"), default=False)
    reasons = models.JSONField(default=list, blank=True)
    mentions = models.JSONField(default=list, blank=True)

    decision = models.CharField(_("decision"), max_length=8, choices=DecisionKind.choices, blank=True)
    why = models.CharField(_("why"), max_length=300, blank=True)
    article = models.CharField(_("article"), max_length=120, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    facts = models.JSONField(default=dict, blank=True)
    # The bot's message on the timeline (an answer, or the hand-off notice).
    reply_entry = models.ForeignKey(
        "tickets.TimelineEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)

    corrected_intent = models.CharField(
        _("corrected intent"), max_length=40, choices=INTENT_CHOICES, blank=True
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("tier-0 assessment")
        verbose_name_plural = _("tier-0 assessments")
        indexes = [
            # The stalled sweep reads only readings still pending.
            models.Index(
                fields=["created_at"], name="assessment_pending_idx", condition=models.Q(state="pending")
            ),
            models.Index(fields=["ticket", "-id"], name="assessment_ticket_idx"),
            models.Index(fields=["intent", "decision"], name="assessment_intent_idx"),
        ]

    def __str__(self) -> str:
        return f"Tier 0 on ticket {self.ticket_id}: {self.intent or self.state}"

    @property
    def answered(self) -> bool:
        return self.decision == DecisionKind.ANSWER

    @property
    def final_intent(self) -> str:
        return self.corrected_intent or self.intent


class ChannelSetting(models.Model):
    """Whether tier 0 may answer on a channel, and in which languages (empty: every language it reads).

    Triage (intent, specialty, priority, flags) runs on every first message whatever this says; this
    only decides whether tier 0 may send an answer."""

    channel = models.CharField(_("channel"), max_length=16, unique=True)
    answers_enabled = models.BooleanField(_("tier 0 answers"), default=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["channel"]
        verbose_name = _("tier-0 channel setting")
        verbose_name_plural = _("tier-0 channel settings")

    def __str__(self) -> str:
        return f"{self.channel}: {'on' if self.answers_enabled else 'off'}"

    def allows(self, language: str) -> bool:
        return self.answers_enabled and (not self.languages or language in self.languages)


class Example(models.Model):
    """A message an agent labelled by correcting tier 0; `tier0_train` adds these to the bank."""

    text = models.TextField(_("text"))
    intent = models.CharField(_("intent"), max_length=40, choices=INTENT_CHOICES)
    language = models.CharField(_("language"), max_length=8, blank=True)
    assessment = models.OneToOneField(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="example"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("tier-0 example")
        verbose_name_plural = _("tier-0 examples")

    def __str__(self) -> str:
        return f"{self.intent}: {self.text[:60]}"
