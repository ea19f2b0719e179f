from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.IntegerChoices):
    SELF_SERVICE = 0, _("Tier 0 - self-service")
    GENERAL = 1, _("Tier 1 - general support")
    SPECIALIST = 2, _("Tier 2 - specialists")
    EXECUTIVE = 3, _("Tier 3 - executive escalation")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, default=Tier.GENERAL)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=32, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_outsourced = models.BooleanField(
        _("outsourced partner"),
        default=False,
        help_text=_("Agents of partner teams see only their own team's work and never unmasked data."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams", blank=True
    )

    class Meta:
        ordering = ["tier", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"
