from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRollup(models.Model):
    """One day's core ticket figures for one key of one breakdown, so the dashboard reads a few hundred
    rows for a quarter instead of every ticket (reports/rollup.py fills it; docs in core_metrics.py).

    Cohort columns count the tickets created that day, as they stand at the last sweep (a case solved
    later moves its day's resolution figures). Backlog columns are a snapshot of the cases open at the
    end of that day (or at `backlog_at`, for today), taken by the sweep and not rewritten afterwards.
    `key` is the breakdown's key as text: a team or agent id, a channel, "" for none.
    """

    day = models.DateField(_("day"))
    dimension = models.CharField(_("breakdown"), max_length=16)
    key = models.CharField(_("key"), max_length=64, blank=True)

    created = models.PositiveIntegerField(default=0)
    fr_count = models.PositiveIntegerField(default=0)
    fr_seconds = models.FloatField(default=0)
    fr_sla_decided = models.PositiveIntegerField(default=0)
    fr_sla_met = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolution_seconds = models.FloatField(default=0)
    sla_decided = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    reopen_base = models.PositiveIntegerField(default=0)

    open = models.PositiveIntegerField(default=0)
    open_age_seconds = models.FloatField(default=0)
    zombies = models.PositiveIntegerField(default=0)
    backlog_at = models.DateTimeField(null=True, blank=True)

    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("daily report figures")
        verbose_name_plural = _("daily report figures")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "day", "key"], name="reports_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key}"


class MetricRollup(models.Model):
    """One day's numerator and denominator of one registered metric (FCR, tier 0, CSAT, costs, ...) for
    one key of one breakdown, filled by reports/metric_rollup.py from the metric's own `compute_daily`.

    The day is the UTC day the cases were opened; every value is a sum (a count of cases, seconds, a
    cost), so a period's value is the sum of its days' numerators over the sum of their denominators.
    The totals row of a day (`dimension` "none", `key` "", outside) is written even when zero: it says
    the day was computed, and its `updated_at` when.

    `inside` splits the day's cases by the volatility windows: those opened inside one, and the rest
    (a day no window touches has outside rows only). `windows` is the fingerprint of the windows the day
    was split by ("" for none): when a window that touches the day is marked, changed or deleted, or a
    surge detected, the fingerprint no longer matches, the page reads the sides live until the sweep
    recomputes the day (first thing in its next run).
    """

    metric = models.CharField(_("metric"), max_length=48)
    dimension = models.CharField(_("breakdown"), max_length=16)
    day = models.DateField(_("day"))
    key = models.CharField(_("key"), max_length=64, blank=True)
    inside = models.BooleanField(_("inside the volatility windows"), default=False)
    windows = models.CharField(_("windows"), max_length=32, blank=True, default="")
    numerator = models.FloatField(default=0)
    denominator = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("daily metric figures")
        verbose_name_plural = _("daily metric figures")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "dimension", "day", "key", "inside"], name="reports_metric_rollup_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} {self.dimension}={self.key}"
