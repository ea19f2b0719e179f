"""SLA services: the clock (`sla_recompute`), the sweeps, and the notices they send."""

from sla.services.clock import Lookups, sla_recompute, sla_recompute_open
from sla.services.config import (
    DateSpec,
    HoursSpec,
    business_calendar_delete,
    business_calendar_save,
    sla_policy_delete,
    sla_policy_save,
)
from sla.services.notices import sla_notifications_send, team_leads
from sla.services.sweeps import executive_owner, sla_executive_escalation_sweep, sla_sweep

__all__ = [
    "DateSpec",
    "HoursSpec",
    "Lookups",
    "business_calendar_delete",
    "business_calendar_save",
    "executive_owner",
    "sla_executive_escalation_sweep",
    "sla_notifications_send",
    "sla_policy_delete",
    "sla_policy_save",
    "sla_recompute",
    "sla_recompute_open",
    "sla_sweep",
    "team_leads",
]
