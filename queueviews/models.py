"""Saved queue views, and the words of the timeline that typo-tolerant search corrects a query to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    # Shared views are kept by supervisors and admins; personal ones by their owner alone.
    SHARED = "shared", _("Shared")
    PERSONAL = "personal", _("Personal")


class Direction(models.TextChoices):
    ASC = "asc", _("Ascending")
    DESC = "desc", _("Descending")


class SavedView(models.Model):
    """A named queue: filters, a sort and the columns shown (validated by queueviews.filters)."""

    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.PERSONAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    # A shared view for one team: its members (and supervisors and admins) see it.
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_views",
        verbose_name=_("team"),
    )
    # {"status": ["new", "open"], "assignee": "me", "q": "withdrawal", ...}; see queueviews.filters.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    sort = models.CharField(_("sort by"), max_length=16, default="updated")
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.DESC
    )
    columns = models.JSONField(_("columns"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["scope", "name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="shared", owner__isnull=True)
                | models.Q(scope="personal", owner__isnull=False, team__isnull=True),
                name="savedview_owner_matches_scope",
            ),
        ]
        indexes = [models.Index(fields=["owner", "scope"], name="savedview_owner_idx")]

    def __str__(self) -> str:
        return self.name


class SearchWord(models.Model):
    """A word that occurs in some ticket's subject or timeline (PostgreSQL only: a trigger adds each new
    word in the transaction that writes it). A misspelt query word is matched to its trigram
    neighbours here, a small table, instead of to every message body."""

    word = models.CharField(max_length=32, primary_key=True)

    def __str__(self) -> str:
        return self.word


class VocabularySweep(models.Model):
    """Where the vocabulary sweep (queueviews.vocabulary) has got to in one table of texts: every row
    with an id up to `mark` has had its words added. `pending_high` is the highest id read by the last
    pass, at `pending_at`; it becomes the mark once every transaction open at that moment has ended, so
    a row whose transaction took its id earlier but committed later is read again, never skipped."""

    name = models.CharField(max_length=16, primary_key=True)
    mark = models.BigIntegerField(default=0)
    pending_high = models.BigIntegerField(null=True)
    pending_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.name} up to {self.mark}"
