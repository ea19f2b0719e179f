"""Surges detected from arrivals, market events marked by supervisors, and the sweep's cursor."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SurgeWindow(models.Model):
    """Adjacent 15-minute buckets whose arrivals were at least a multiple of the usual, merged.

    Half-open: [start, end). The sweep extends the window whose `end` is the first bucket it looks
    at, so a surge that lasts across sweeps stays one window.
    """

    start = models.DateTimeField(_("start"), unique=True)
    end = models.DateTimeField(_("end"))
    arrivals = models.PositiveIntegerField(_("arrivals"), default=0)
    # The busiest bucket of the window: its arrivals, the usual for its slot, and their ratio.
    peak_arrivals = models.PositiveIntegerField(_("peak arrivals"))
    usual = models.FloatField(_("usual arrivals"))
    ratio = models.FloatField(_("ratio to usual"))
    detected_at = models.DateTimeField(_("detected"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("surge window")
        verbose_name_plural = _("surge windows")
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="surge_window_order")]
        indexes = [models.Index(fields=["end", "start"], name="surge_window_end_idx")]

    def __str__(self) -> str:
        return f"{self.start.isoformat()} - {self.end.isoformat()}"


class MarketEvent(models.Model):
    """A period a supervisor marked: a crash, a listing, a network halt. `end` is empty while ongoing."""

    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    # Asset symbols in upper case ("BTC", "ETH"); JSON so the embedded SQLite runs too.
    assets = models.JSONField(_("assets"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("market event")
        verbose_name_plural = _("market events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")), name="market_event_order"
            )
        ]
        indexes = [models.Index(fields=["start", "end"], name="market_event_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ongoing(self) -> bool:
        return self.end is None


class SweepCursor(models.Model):
    """One row: the end of the last bucket the surge sweep has judged. Locked by each sweep, so two
    workers judge each bucket once."""

    swept_until = models.DateTimeField(_("swept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("surge sweep cursor")

    def __str__(self) -> str:
        return f"swept until {self.swept_until}"
