"""The only answers to "may this user request, decide, read or configure two-person approvals".

A checker needs `approvals.approve_<action>` (given to people or to a group such as "Approvers").
The maker is never a checker of their own request. Agents of outsourced partner teams approve only
where the policy lets them, and never a request made by a member of their own partner team: two
colleagues of one vendor cannot carry an action through between them. When the risk is high, one of
the approvals must come from an in-house member of the security team (APPROVALS_SECURITY_TEAM).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from approvals.models import ActionKind, ApprovalDecision, ApprovalRequest, RequestStatus, Verdict
from customers.access import is_partner_agent
from routing.models import TeamMembership
from tickets.models import Ticket


@dataclass(frozen=True)
class Refusal:
    """Why a user may not decide a request: a stable code for callers, a sentence for people."""

    code: str
    message: str


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _is_admin(user: Any) -> bool:
    return bool(user.is_superuser or user.role == Role.ADMIN)


def may_approve_action(user: Any, action: str) -> bool:
    """Holds the permission to be a checker for `action` (superusers hold every permission)."""
    return _active(user) and bool(user.has_perm(f"approvals.approve_{action}"))


def approvable_actions(user: Any) -> list[str]:
    return [value for value in ActionKind.values if may_approve_action(user, value)]


def security_team_members(user_ids: list[int]) -> set[int]:
    """Which of these users are in-house members of the security team (a partner agent listed in it
    does not count)."""
    if not user_ids:
        return set()
    members = TeamMembership.objects.filter(
        user_id__in=user_ids, team__slug=settings.APPROVALS_SECURITY_TEAM, team__is_outsourced=False
    ).exclude(user__role=Role.AGENT, user__teams__is_outsourced=True)
    return set(members.values_list("user_id", flat=True))


def is_security_team_member(user: Any) -> bool:
    return _active(user) and user.pk in security_team_members([user.pk])


def _partner_team_ids(user_id: int) -> set[int]:
    return set(
        TeamMembership.objects.filter(user_id=user_id, team__is_outsourced=True).values_list(
            "team_id", flat=True
        )
    )


def may_request(user: Any, ticket: Ticket) -> bool:
    """Agents, supervisors and admins who may work on the ticket (partner agents on their teams'
    tickets); auditors read and change nothing."""
    if not _active(user) or user.role == Role.AUDITOR:
        return False
    return Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def decide_refusal(
    user: Any, request: ApprovalRequest, *, approve: bool = True, now: dt.datetime | None = None
) -> Refusal | None:
    """Why `user` may not give this verdict on `request` now, or None when they may. The service asks
    it again under the request's row lock; pages ask it to show or hide the buttons."""
    now = now or timezone.now()
    if not _active(user):
        return Refusal("no_permission", _("Sign in to decide approval requests."))
    if request.requested_by_id == user.pk:
        return Refusal("self_approval", _("You made this request; someone else must decide it."))
    if ApprovalDecision.objects.filter(request=request, approver=user).exists():
        return Refusal("already_decided", _("You have already decided this request."))
    if request.status != RequestStatus.PENDING:
        return Refusal("closed", _("This request is no longer waiting for a decision."))
    if request.expires_at <= now:
        return Refusal("expired", _("This request has expired; make a new one if it is still needed."))
    if not may_approve_action(user, request.action):
        return Refusal("no_permission", _("You may not approve this kind of action."))
    partner = is_partner_agent(user)
    if partner:
        if not Ticket.objects.visible_to(user).filter(pk=request.ticket_id).exists():
            return Refusal("no_permission", _("This request is on a ticket you cannot see."))
        shared = _partner_team_ids(user.pk) & _partner_team_ids(request.requested_by_id)
        if shared:
            return Refusal(
                "partner_pair",
                _("A request made by a member of your own partner team needs an in-house approver."),
            )
        if request.in_house_only:
            return Refusal("partner_not_allowed", _("Only in-house staff may approve this action."))
    if approve and request.needs_security_team and not is_security_team_member(user):
        approver_ids = list(
            ApprovalDecision.objects.filter(request=request, verdict=Verdict.APPROVE).values_list(
                "approver_id", flat=True
            )
        )
        security_in = bool(security_team_members(approver_ids))
        # The last approval needed must come from the security team when none has yet.
        if not security_in and len(approver_ids) + 1 >= request.approvers_required:
            return Refusal(
                "needs_security_team",
                _("The risk is high: a member of the account security team must approve this request."),
            )
    return None


def may_decide(user: Any, request: ApprovalRequest) -> tuple[bool, str]:
    """(True, "") when `user` may approve or reject `request` now; else (False, why)."""
    refusal = decide_refusal(user, request)
    return (True, "") if refusal is None else (False, refusal.message)


def may_cancel(user: Any, request: ApprovalRequest) -> bool:
    """The maker, a supervisor or an admin, while the request waits (or waits out its cooling-off)."""
    if not _active(user) or request.status not in (RequestStatus.PENDING, RequestStatus.APPROVED):
        return False
    if request.status == RequestStatus.APPROVED and request.attempts:
        return False  # it has been sent to the exchange: too late to call back
    if request.requested_by_id == user.pk:
        return True
    return bool(user.is_superuser or user.role in (Role.SUPERVISOR, Role.ADMIN))


def requests_visible_to(user: Any) -> QuerySet[ApprovalRequest]:
    """Admins and auditors: all. Partner agents: requests on their teams' tickets only. Others: the
    requests on tickets they can see, and every request for an action they may approve."""
    qs = ApprovalRequest.objects.all()
    if not _active(user):
        return qs.none()
    if _is_admin(user) or user.role == Role.AUDITOR:
        return qs
    tickets = Ticket.objects.visible_to(user)
    if is_partner_agent(user):
        return qs.filter(ticket__in=tickets)
    return qs.filter(Q(ticket__in=tickets) | Q(action__in=approvable_actions(user)))


def may_edit_policies(user: Any) -> bool:
    return _active(user) and _is_admin(user)


def may_read_approvals(user: Any) -> bool:
    """The approvals pages as a whole: auditors, admins, supervisors and approvers."""
    if not _active(user):
        return False
    if _is_admin(user) or user.role in (Role.AUDITOR, Role.SUPERVISOR):
        return True
    return bool(approvable_actions(user))
