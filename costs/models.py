"""Agents' measured work on cases (work spans) and the loaded hourly costs of teams and agents.

Handle time is defined in docs/costs.md: the union, per agent and case, of the spans below, summed
over agents. A span is either time with the case's page (or its chat column) open, visible and in
use, sent as heartbeats by static/costs/worktime.js, or a live chat from the agent's join to its end.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SpanSource(models.TextChoices):
    PAGE = "page", _("Case open in the workspace")
    CHAT = "chat", _("Live chat")


class WorkSpan(models.Model):
    """One stretch of an agent's work on one case: [started_at, ended_at).

    A page span is extended by heartbeats; its length is the time credited to it (each beat adds at
    most the beat interval), so `ended_at` may trail `last_beat_at` when the agent paused less than
    the gap that opens a new span. A chat span is written once, when the chat has ended.
    """

    # Both foreign keys lead the composite indexes below, which serve their look-ups: no index of
    # their own, one less to write on every heartbeat.
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket"), db_index=False
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
        db_index=False,
    )
    source = models.CharField(_("source"), max_length=8, choices=SpanSource.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"))
    # Page spans: when the last heartbeat arrived (the gap to the next one decides extend or split).
    last_beat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("work span")
        verbose_name_plural = _("work spans")
        indexes = [
            # The heartbeat finds the agent's latest page span on the case.
            models.Index(fields=["agent", "ticket", "-last_beat_at"], name="costs_span_beat_idx"),
            # Metrics read every span of the cases in scope, in order, per agent.
            models.Index(fields=["ticket", "agent", "started_at"], name="costs_span_ticket_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")), name="costs_span_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} on {self.ticket_id}: {self.started_at:%Y-%m-%d %H:%M} ({self.source})"


class ChatWorkRecorded(models.Model):
    """An ended chat whose spans the sweep has written: each chat is turned into spans once."""

    conversation = models.OneToOneField(
        "livechat.Conversation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    spans = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"chat {self.conversation_id}: {self.spans} spans"


class CostRate(models.Model):
    """A fully loaded hourly cost for a team or for one agent, from a date until the next rate of the
    same team or agent. An agent's own rate overrides their team's. Rates are never edited: a change
    is a new row from a later date, so past months keep the cost they had."""

    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    hourly_cost = models.DecimalField(_("hourly cost"), max_digits=9, decimal_places=2)
    effective_from = models.DateField(_("effective from"))
    created_at = models.DateTimeField(_("entered"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("hourly cost")
        verbose_name_plural = _("hourly costs")
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=False) & Q(agent__isnull=True))
                | (Q(team__isnull=True) & Q(agent__isnull=False)),
                name="costs_rate_one_subject",
            ),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="costs_rate_not_negative"),
            models.UniqueConstraint(
                fields=["team", "effective_from"],
                name="costs_rate_team_date",
                condition=Q(team__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["agent", "effective_from"],
                name="costs_rate_agent_date",
                condition=Q(agent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        who = f"team {self.team_id}" if self.team_id else f"agent {self.agent_id}"
        return f"{who}: {self.hourly_cost}/h from {self.effective_from}"
