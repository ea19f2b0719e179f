"""Macros: replies an agent inserts into a ticket's composer or a chat, with placeholders and actions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    # Shared macros are kept by supervisors and admins; personal ones by their owner alone.
    SHARED = "shared", _("Shared")
    PERSONAL = "personal", _("Personal")


class Macro(models.Model):
    title = models.CharField(_("title"), max_length=120)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.PERSONAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("owner"),
    )
    # A shared macro for one team only: its members (and supervisors and admins) see it. Partner agents
    # see no shared macro but their own teams'.
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("team"),
    )
    # Validated data (macros.actions): {"status": "pending", "tags": ["kyc"], "assign": "me",
    # "team": 3, "priority": 3}; every key optional.
    actions = models.JSONField(_("actions"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    usage_count = models.PositiveIntegerField(_("used"), default=0)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="shared", owner__isnull=True)
                | models.Q(scope="personal", owner__isnull=False),
                name="macro_owner_matches_scope",
            ),
        ]
        indexes = [models.Index(fields=["scope", "is_active", "owner"], name="macro_scope_idx")]

    def __str__(self) -> str:
        return self.title


class MacroVariant(models.Model):
    """The macro's text in one language; `language=""` is the default every macro has."""

    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="variants")
    language = models.CharField(_("language"), max_length=16, blank=True)
    body = models.TextField(_("body"), max_length=5000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["macro", "language"], name="macro_variant_unique_language"),
        ]

    def __str__(self) -> str:
        return f"{self.macro_id} {self.language or 'default'}"
