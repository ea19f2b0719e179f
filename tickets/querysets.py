from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from tickets.models import Ticket  # noqa: F401


class TicketQuerySet(models.QuerySet["Ticket"]):
    def unresolved(self) -> "TicketQuerySet":
        from tickets.models import UNRESOLVED

        return self.filter(status__in=UNRESOLVED)

    def visible_to(self, user: Any) -> "TicketQuerySet":
        """Partner agents see their teams' tickets and their own; auditors none (they read cases through
        the audit log's export, never the workspace); everyone else sees all."""
        from accounts.models import Role
        from customers.access import is_partner_agent

        if getattr(user, "role", None) == Role.AUDITOR:
            return self.none()
        if is_partner_agent(user):
            return self.filter(models.Q(team__in=user.teams.all()) | models.Q(assignee=user))
        return self

    def for_list(self) -> "TicketQuerySet":
        """Everything a queue row shows, in a fixed number of queries whatever the page size."""
        return self.select_related("customer", "assignee", "team", "sla_clock").prefetch_related("tags")

    def queue(self, name: str, user: Any) -> "TicketQuerySet":
        from customers.models import VipLevel

        if name == "mine":
            return self.filter(assignee=user).unresolved()
        if name == "team":
            return self.filter(team__in=user.teams.all()).unresolved()
        if name == "unassigned":
            return self.filter(assignee__isnull=True).unresolved()
        if name == "vip":
            return self.exclude(customer__vip_level=VipLevel.STANDARD).unresolved()
        if name == "breaching":
            # Past its warning share or its deadline on some target (sla.TicketClock.attention_at).
            return self.filter(sla_clock__attention_at__lte=timezone.now()).unresolved()
        return self
