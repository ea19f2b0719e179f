"""SLA services: the clock (`sla_recompute`), the sweeps, and the notices they send."""

from sla.services.clock import Lookups, sla_recompute, sla_recompute_open
from sla.services.notices import sla_notifications_send, team_leads
from sla.services.sweeps import executive_owner, sla_executive_escalation_sweep, sla_sweep

__all__ = [
    "Lookups",
    "executive_owner",
    "sla_executive_escalation_sweep",
    "sla_notifications_send",
    "sla_recompute",
    "sla_recompute_open",
    "sla_sweep",
    "team_leads",
]
