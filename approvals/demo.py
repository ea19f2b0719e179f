"""The demo's two-person approval: the "Approvers" group (every approve_<action> permission) for the
demo supervisors and the admin, and one request waiting on a demo case so the queue is not empty.

Kenji leads the account security team (workspace/management/demo_data.py), so he can approve the
high-risk ones; Sofia approves the rest. Run again, it changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import User
from approvals.models import ActionKind, ApprovalRequest, Evidence, RiskTrigger
from approvals.risk_steps import risk_queue

APPROVERS_GROUP = "Approvers"
APPROVERS = ("sofia", "kenji", "admin")
# The account-takeover case: the customer sent the selfie, Noah asks for the 2FA reset.
DEMO_CASE_CUSTOMER = "EX-10018"
DEMO_CASE_SUBJECT = "I can't log in and my 2FA codes are rejected"
DEMO_MAKER = "noah"
DEMO_REASON = (
    "Caller passed the security questions; the selfie with the ID matches the KYC photo and the "
    "registered email confirmed the request. The customer cannot sign in until 2FA is reset."
)


def seed_approvals_demo() -> int:
    """Returns how many requests it created (0 once seeded)."""
    from approvals.services import approval_request_create
    from tickets.models import Ticket

    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=APPROVERS_GROUP)
        codenames = [f"approve_{value}" for value in ActionKind.values]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="approvals", codename__in=codenames)
        )
        for user in User.objects.filter(username__in=APPROVERS):
            user.groups.add(group)
    ticket = (
        Ticket.objects.filter(customer__external_id=DEMO_CASE_CUSTOMER, subject=DEMO_CASE_SUBJECT)
        .select_related("customer")
        .first()
    )
    maker = User.objects.filter(username=DEMO_MAKER).first()
    if ticket is None or maker is None:
        return 0
    if ApprovalRequest.objects.filter(ticket=ticket, action=ActionKind.RESET_2FA).exists():
        return 0
    with transaction.atomic():
        approval_request_create(
            ticket=ticket,
            actor=maker,
            action=ActionKind.RESET_2FA,
            reason=DEMO_REASON,
            evidence={
                Evidence.ID_REVERIFIED: True,
                Evidence.SELFIE_LIVENESS: True,
                Evidence.REGISTERED_EMAIL_CONFIRMED: True,
            },
        )
        # The demo seeds before the reference exchange serves, so the request's own assessment lists the
        # exchange's facts as not checked; the worker assesses the case again once it is up, and the
        # case's banner shows the security events that make it risky.
        risk_queue(ticket.pk, RiskTrigger.MANUAL)
    return 1
