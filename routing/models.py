import ipaddress
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from customers.models import VipLevel
from helpdesk.validation import check_choices, check_time_zone, language_codes
from tickets.models import Tier


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, default=Tier.GENERAL)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=32, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    wait_target_seconds = models.PositiveIntegerField(
        _("wait target (seconds)"),
        default=180,
        help_text=_("A case waiting longer than this with nobody free overflows to another team."),
    )
    chat_capacity = models.PositiveSmallIntegerField(_("chats per agent"), default=3)
    ticket_capacity = models.PositiveSmallIntegerField(_("tickets per agent"), default=25)
    vip_reserved_capacity = models.PositiveSmallIntegerField(
        _("capacity reserved for VIPs"),
        default=0,
        help_text=_("Slots per agent that only VIP cases may take, so a surge cannot starve VIPs."),
    )
    accepts_overflow = models.BooleanField(_("takes overflow from other teams"), default=True)
    is_default = models.BooleanField(
        _("default team"),
        default=False,
        help_text=_(
            "Takes the cases no team at their tier fits, such as a language nobody speaks. "
            "One team at a time; marking another moves it."
        ),
    )
    is_outsourced = models.BooleanField(
        _("outsourced partner"),
        default=False,
        help_text=_("Agents of partner teams see only their own team's work and never unmasked data."),
    )
    # The clean room for partner teams: whether their agents may download customers' attachments, and
    # the addresses (CIDR) they may sign in from; an empty list allows every address.
    allows_attachment_download = models.BooleanField(
        _("may download attachments"),
        default=True,
        help_text=_("Off: the team's agents see attachments' names and sizes, never their content."),
    )
    ip_allow_list = models.JSONField(
        _("allowed addresses"),
        default=list,
        blank=True,
        help_text=_("Networks (CIDR, such as 203.0.113.0/24) the team's agents may use; empty for any."),
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

    def clean(self) -> None:
        """What routing cannot use is refused here rather than read as UTC, or as nobody's language."""
        errors: dict[str, list[ValidationError]] = {}
        checks = (
            ("time_zone", lambda: check_time_zone(self.time_zone)),
            ("languages", lambda: check_choices(self.languages, sorted(language_codes()), _("languages"))),
            ("skills", lambda: check_choices(self.skills, Skill.values, _("skills"))),
            ("ip_allow_list", lambda: check_networks(self.ip_allow_list)),
        )
        for field, check in checks:
            try:
                check()
            except ValidationError as exc:
                errors.setdefault(field, []).append(exc)
        if self.chat_capacity == 0 and self.ticket_capacity == 0:
            errors.setdefault("ticket_capacity", []).append(
                ValidationError(_("A team that takes neither chats nor tickets would hold cases forever."))
            )
        if (self.vip_reserved_capacity or 0) > max(self.chat_capacity or 0, self.ticket_capacity or 0):
            errors.setdefault("vip_reserved_capacity", []).append(
                ValidationError(_("Cannot be more than the team's chat or ticket capacity."))
            )
        if errors:
            raise ValidationError(errors)


def check_networks(value: Any) -> None:
    """A list of networks in CIDR notation, each as the network itself (no host bits set): an entry the
    clean room could only guess at would let in addresses nobody meant, or shut out the whole team."""
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise ValidationError(_("Give a list of networks such as 203.0.113.0/24, one per entry."))
    errors = []
    for entry in value:
        try:
            ipaddress.ip_network(entry.strip(), strict=True)
        except ValueError:
            try:
                network = ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                errors.append(
                    ValidationError(
                        _(
                            "“%(entry)s” is not a network in CIDR notation, such as 203.0.113.0/24 "
                            "or 2001:db8::/32."
                        ),
                        params={"entry": entry[:100]},
                    )
                )
            else:
                errors.append(
                    ValidationError(
                        _("“%(entry)s” has host bits set: did you mean %(network)s?"),
                        params={"entry": entry[:100], "network": str(network)},
                    )
                )
    if errors:
        raise ValidationError(errors)


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Skill(models.TextChoices):
    WALLETS = "wallets", _("Wallets and on-chain")
    KYC = "kyc", _("KYC and verification")
    SECURITY = "security", _("Account security")
    PAYMENTS = "payments", _("Payments and fiat")
    TRADING = "trading", _("Trading")
    API = "api", _("API")


class Shift(models.Model):
    """Weekly working hours of a team, in the team's own time zone. A team with none works 24/7."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"), help_text=_("An end at or before the start runs past midnight."))

    class Meta:
        ordering = ["team", "weekday", "start"]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class Holiday(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["team", "date"]
        constraints = [models.UniqueConstraint(fields=["team", "date"], name="unique_team_holiday")]

    def __str__(self) -> str:
        return f"{self.team}: {self.date} {self.name}"


class VipPolicy(models.Model):
    """How much a VIP level lifts a case's priority, and its rank among levels."""

    level = models.CharField(_("VIP level"), max_length=16, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("0 for standard; higher first.")
    )
    priority_boost = models.PositiveSmallIntegerField(
        _("priority boost"), default=0, help_text=_("Steps added to the priority, up to urgent.")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("VIP policy")
        verbose_name_plural = _("VIP policies")

    def __str__(self) -> str:
        return f"{self.level} (+{self.priority_boost})"

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.level not in VipLevel.values:
            errors["level"] = _("%(level)s is not a VIP level a customer can have (%(levels)s).") % {
                "level": self.level,
                "levels": ", ".join(VipLevel.values),
            }
        if self.priority_boost is not None and self.priority_boost > 3:
            errors["priority_boost"] = _("The priority boost is 0 to 3 steps.")
        if errors:
            raise ValidationError(errors)


class RoutingRule(models.Model):
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    conditions = models.JSONField(
        _("conditions"),
        default=list,
        blank=True,
        help_text=_('A list of {"field", "op", "value"}; all must hold. An empty list always matches.'),
    )
    actions = models.JSONField(
        _("actions"),
        default=dict,
        help_text=_('{"tier", "team", "priority", "tags", "to_account_manager"}'),
    )
    stop = models.BooleanField(_("stop after this rule"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from routing.rules import RuleError, parse_rule

        try:
            rule = parse_rule(
                id=self.pk or 0, name=self.name, conditions=self.conditions, actions=self.actions
            )
        except RuleError as exc:
            raise ValidationError(str(exc)) from exc
        _check_condition_values(rule.conditions)
        team = (self.actions or {}).get("team")
        if team and not Team.objects.filter(slug=team).exists():
            raise ValidationError(_("No team has the slug %(slug)s.") % {"slug": team})


def _check_condition_values(conditions: Any) -> None:
    """A condition on a value the fact never takes (VIP level "vip9", language "xx") would never
    hold, and the rule would be skipped without a word; refuse it instead."""
    from customers.models import AccountFlag, KycStatus
    from routing.rules import FIELDS, PRIORITIES
    from tickets.models import Category, Channel

    known: dict[str, list[str]] = {
        "vip_level": list(VipLevel.values),
        "kyc_status": list(KycStatus.values),
        "account_flags": list(AccountFlag.values),
        "category": list(Category.values),
        "channel": list(Channel.values),
        "priority": list(PRIORITIES),
        "language": sorted(language_codes()),
    }
    for number, condition in enumerate(conditions, start=1):
        allowed = known.get(condition.field)
        if allowed is None or condition.value is None:
            continue
        values = condition.value if isinstance(condition.value, list) else [condition.value]
        folded = {a.casefold() for a in allowed}
        unknown = [str(v) for v in values if str(v).casefold() not in folded]
        if unknown:
            raise ValidationError(
                _("Condition %(n)d: %(field)s is never %(unknown)s; it is one of %(allowed)s.")
                % {
                    "n": number,
                    "field": FIELDS[condition.field]["label"],
                    "unknown": ", ".join(unknown),
                    "allowed": ", ".join(allowed),
                }
            )


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


class AgentStatus(models.Model):
    """An agent's presence and capacity. The row is also the lock that serialises their assignments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_status"
    )
    presence = models.CharField(
        _("presence"), max_length=8, choices=Presence.choices, default=Presence.OFFLINE
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    # The presence the agent had when their workspace stopped calling in and the sweep marked them
    # offline; their next heartbeat brings it back. Empty when offline is their own choice.
    lapsed_from = models.CharField(_("presence before it lapsed"), max_length=8, blank=True, default="")
    last_assigned_at = models.DateTimeField(_("last assigned"), null=True, blank=True)
    chat_capacity = models.PositiveSmallIntegerField(
        _("chat capacity"), null=True, blank=True, help_text=_("Empty: the largest of the agent's teams.")
    )
    ticket_capacity = models.PositiveSmallIntegerField(
        _("ticket capacity"), null=True, blank=True, help_text=_("Empty: the largest of the agent's teams.")
    )

    class Meta:
        verbose_name = _("agent status")
        verbose_name_plural = _("agent statuses")
        indexes = [models.Index(fields=["presence", "last_seen_at"], name="agent_presence_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.presence}"
