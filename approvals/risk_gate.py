"""High risk blocks the paths one person could take alone to help an account takeover.

While the newest risk assessment of a case is high, nobody reveals the customer's masked contact
details, changes their contact email or phone from the workspace, or puts a new address in copy of
the case's email conversation: each of these needs the two-person request (approvals) instead.
docs/security.md lists the paths. Kept apart from the risk service so that the apps these paths live in
(customers' pages, mail) read one query's answer without reaching the exchange client.
"""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from approvals.models import RiskAssessment, RiskLevel
from customers.models import Customer
from tickets.models import Status, Ticket

# A case stops blocking once it is solved or closed.
_LIVE = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


def _newest_of(ticket_field: str) -> Subquery:
    return Subquery(
        RiskAssessment.objects.filter(ticket=OuterRef(ticket_field))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )


def ticket_risk_high(ticket: Ticket) -> bool:
    """Whether the case's newest assessment is high (one statement)."""
    level = (
        RiskAssessment.objects.filter(ticket=ticket)
        .order_by("-created_at", "-pk")
        .values_list("level", flat=True)
    ).first()
    return level == RiskLevel.HIGH


def customer_risk_high(customer: Customer) -> bool:
    """Whether any live case of the customer's is high by its newest assessment (one statement)."""
    return RiskAssessment.objects.filter(
        ticket__customer=customer,
        ticket__status__in=_LIVE,
        level=RiskLevel.HIGH,
        pk=_newest_of("ticket"),
    ).exists()


def risk_blocked_message() -> str:
    return _(
        "A case of this customer is assessed as high risk of account takeover: this is not done by one "
        "person. Use the two-person request from the case."
    )
