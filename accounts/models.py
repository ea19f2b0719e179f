from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.validation import check_language, check_time_zone


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Admin")
    # Reads the audit log and the approvals, and exports signed records; sees no queue and changes nothing.
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A member of the support organisation. Customers are not users; see customers.Customer."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    language = models.CharField(_("interface language"), max_length=16, default="en")

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        for field, check in (("time_zone", check_time_zone), ("language", check_language)):
            try:
                check(getattr(self, field))
            except ValidationError as exc:
                errors[field] = exc
        if errors:
            raise ValidationError(errors)

    @property
    def is_supervisor(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    @property
    def display_name(self) -> str:
        return str(self)
