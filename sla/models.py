import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.validation import check_time_zone
from routing.models import Shift, Team


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


TARGETS: tuple[Target, ...] = (Target.FIRST_RESPONSE, Target.NEXT_RESPONSE, Target.RESOLUTION)


# --- Business calendars ---------------------------------------------------------------------------


class BusinessCalendar(models.Model):
    """When the SLA clock counts: weekly hours in a time zone, minus holidays; or around the clock.

    Teams are linked to a calendar (several teams may share one); a team without one works 24/7.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    always_open = models.BooleanField(
        _("open 24/7"),
        default=False,
        help_text=_("Every hour of every day counts, except holidays; the weekly hours are ignored."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Not ZoneInfo(name): a folder such as "America" raises OSError there, a 500 in the admin.
        try:
            check_time_zone(self.time_zone)
        except ValidationError as exc:
            raise ValidationError({"time_zone": exc}) from None


class BusinessHours(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Shift.Weekday.choices)
    start = models.TimeField(_("opens"))
    end = models.TimeField(
        _("closes"), help_text=_("A closing time at or before the opening runs past midnight.")
    )

    class Meta:
        ordering = ["calendar", "weekday", "start"]
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class CalendarHoliday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="sla_unique_holiday")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()


class TeamCalendar(models.Model):
    """Which calendar a team's SLA clocks follow; at most one per team."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, primary_key=True, related_name="sla_calendar", verbose_name=_("team")
    )
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="team_links", verbose_name=_("calendar")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.team_id} → {self.calendar_id}"


# --- Policies -------------------------------------------------------------------------------------


class SlaPolicy(models.Model):
    """Targets for a kind of case. Active policies are tried by position; the first whose conditions
    all hold applies, else the default one. An empty condition matches every case."""

    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Applies when no other policy matches; one at most.")
    )
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    vip_levels = models.JSONField(_("VIP levels"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="sla_policies", verbose_name=_("teams"))

    first_response_target = models.DurationField(
        _("first response within"), null=True, blank=True, help_text=_("Business time; empty: no target.")
    )
    next_response_target = models.DurationField(
        _("next response within"),
        null=True,
        blank=True,
        help_text=_("After each customer message that waits for an answer. Empty: no target."),
    )
    resolution_target = models.DurationField(
        _("resolved within"), null=True, blank=True, help_text=_("Business time; empty: no target.")
    )
    warning_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("warn at (% elapsed)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Empty: the site-wide default."),
    )

    warn_notify_assignee = models.BooleanField(_("warning: notify the assignee"), default=True)
    breach_notify_assignee = models.BooleanField(_("breach: notify the assignee"), default=True)
    breach_notify_leads = models.BooleanField(
        _("breach: notify the team's leads and supervisors"), default=True
    )
    breach_raise_priority = models.BooleanField(_("breach: raise the priority one step"), default=False)
    breach_escalate = models.BooleanField(_("breach: escalate to the next tier"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="sla_one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A DurationField takes "-1 00:00:00"; a target at or below zero would breach every case at once.
        errors = {
            name: _("A target must be longer than zero; leave it empty for no target.")
            for name in ("first_response_target", "next_response_target", "resolution_target")
            if getattr(self, name) is not None and getattr(self, name) <= dt.timedelta(0)
        }
        if errors:
            raise ValidationError(errors)

    def target_seconds(self, target: str) -> int | None:
        value: dt.timedelta | None = getattr(self, f"{target}_target")
        return None if value is None else int(value.total_seconds())


# --- Clocks ---------------------------------------------------------------------------------------


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


def _open(field: str) -> models.Q:
    return models.Q(**{f"{field}__isnull": False})


class TicketClock(models.Model):
    """A ticket's SLA deadlines, kept beside the ticket so sweeps read a narrow, indexed table.

    `consumed_seconds` is the business time the ticket has spent running, counted up to
    `counted_until`; targets are marks on that clock, so a pause or a change of calendar moves the
    deadlines without touching what was already counted. A due or warning timestamp is set while
    its target is open (not met), and stays set once passed until the sweep has acted on it.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, primary_key=True, related_name="sla_clock"
    )
    policy = models.ForeignKey(SlaPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    state = models.CharField(_("clock"), max_length=8, choices=ClockState.choices, default=ClockState.RUNNING)
    paused_at = models.DateTimeField(_("stopped counting at"), null=True, blank=True)
    consumed_seconds = models.FloatField(_("business seconds counted"), default=0)
    counted_until = models.DateTimeField()

    first_response_target = models.PositiveIntegerField(null=True, blank=True)
    first_response_warn_at = models.DateTimeField(null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_warned_at = models.DateTimeField(null=True, blank=True)
    first_response_breached_at = models.DateTimeField(null=True, blank=True)

    # The next-response clock restarts with each customer message that waits for an answer.
    next_response_target = models.PositiveIntegerField(null=True, blank=True)
    next_response_warn_at = models.DateTimeField(null=True, blank=True)
    next_response_due_at = models.DateTimeField(_("next response due"), null=True, blank=True)
    next_response_warned_at = models.DateTimeField(null=True, blank=True)
    next_response_breached_at = models.DateTimeField(null=True, blank=True)
    awaiting_since = models.DateTimeField(null=True, blank=True)
    next_response_from_seconds = models.FloatField(null=True, blank=True)
    next_response_cycle = models.PositiveIntegerField(default=0)
    next_response_met = models.PositiveIntegerField(default=0)
    next_response_missed = models.PositiveIntegerField(default=0)

    resolution_target = models.PositiveIntegerField(null=True, blank=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warned_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)

    # The earliest warning of an open target (the "breaching soon" queue) and the earliest moment the
    # sweep has something to do (a warning or breach not yet acted on).
    attention_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    exec_due_at = models.DateTimeField(_("executive escalation due"), null=True, blank=True)
    exec_escalated_at = models.DateTimeField(_("executive escalation"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ticket clock")
        verbose_name_plural = _("ticket clocks")
        # Partial: a clock enters an index only while it has something pending there, so the sweeps
        # and the "breaching soon" queue read the few due rows, never every open ticket.
        indexes = [
            models.Index(
                fields=["next_check_at"], name="sla_clock_check_idx", condition=_open("next_check_at")
            ),
            models.Index(fields=["exec_due_at"], name="sla_clock_exec_idx", condition=_open("exec_due_at")),
            models.Index(
                fields=["attention_at"], name="sla_clock_attention_idx", condition=_open("attention_at")
            ),
            models.Index(
                fields=["first_response_due_at"],
                name="sla_clock_fr_due_idx",
                condition=_open("first_response_due_at"),
            ),
            models.Index(
                fields=["next_response_due_at"],
                name="sla_clock_nr_due_idx",
                condition=_open("next_response_due_at"),
            ),
            models.Index(
                fields=["resolution_due_at"],
                name="sla_clock_res_due_idx",
                condition=_open("resolution_due_at"),
            ),
        ]

    def __str__(self) -> str:
        return f"SLA clock of ticket {self.ticket_id}"

    @property
    def is_running(self) -> bool:
        return self.state == ClockState.RUNNING


class NoticeKind(models.TextChoices):
    WARNING = "warning", _("SLA warning")
    BREACH = "breach", _("SLA breach")
    EXECUTIVE = "executive", _("Executive escalation")


class SlaNotification(models.Model):
    """Who was told about a warning, breach or executive escalation; also the outbox of their email."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="sla_notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sla_notifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    target = models.CharField(_("target"), max_length=16, choices=Target.choices, blank=True)
    cycle = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("time"))
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("SLA notification")
        verbose_name_plural = _("SLA notifications")
        constraints = [
            # Belt and braces behind the sweep's markers: one notice per person per event.
            models.UniqueConstraint(
                fields=["ticket", "recipient", "kind", "target", "cycle"], name="sla_notice_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="sla_notice_outbox_idx",
                condition=models.Q(emailed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_id} on ticket {self.ticket_id}"
