"""The risk assessment's Celery task: queued by the intake step (approvals.risk_steps) after commit."""

from celery import shared_task

from approvals.models import RiskTrigger
from approvals.risk import risk_assess
from tickets.models import Ticket


@shared_task(acks_late=True)
def risk_assess_task(ticket_id: int, trigger: str) -> str:
    """Assess one case; the level found ("" when the ticket is gone)."""
    ticket = Ticket.objects.select_related("customer").filter(pk=ticket_id).first()
    if ticket is None:
        return ""
    if trigger not in RiskTrigger.values:
        trigger = RiskTrigger.MESSAGE
    return str(risk_assess(ticket=ticket, trigger=trigger).level)
