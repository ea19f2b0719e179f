"""Rows and stand-ins for the approval pages' and API's tests: requests made straight in the database
(pages show what is there, however it got there), approvers with the action's permission, and a risk
assessment that reads no exchange."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from approvals.models import ActionKind, ApprovalDecision, ApprovalRequest, RequestStatus, RiskAssessment
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_team
from tickets.models import Ticket

FACTS = [
    {
        "source": "exchange",
        "code": "2fa_changed",
        "label": "Two-factor authentication changed 3 hours ago",
        "detail": "from a new device in another country",
        "weight": 35,
        "at": "2026-12-06T10:00:00+00:00",
    },
    {
        "source": "text",
        "code": "urgency",
        "label": "Pressing for speed",
        "detail": "",
        "weight": 10,
        "at": None,
    },
    {
        "source": "contact",
        "code": "new_channel",
        "label": "First contact by chat",
        "detail": "",
        "weight": 5,
        "at": None,
    },
    {
        "source": "text",
        "code": "claims_owner",
        "label": "Claims to be the owner",
        "detail": "",
        "weight": 3,
        "at": None,
    },
]


def grant(user: User, *actions: str) -> User:
    """approvals.approve_<action> for each action (every action when none is named)."""
    codenames = [f"approve_{a}" for a in (actions or ActionKind.values)]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="approvals", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # a fresh object: the permission cache starts empty


def security_team() -> Team:
    from django.conf import settings

    return Team.objects.filter(slug=settings.APPROVALS_SECURITY_TEAM).first() or make_team(
        name="Account security", slug=settings.APPROVALS_SECURITY_TEAM
    )


def join(user: User, team: Team) -> None:
    TeamMembershipFactory(user=user, team=team)


def risk_row(
    ticket: Ticket,
    level: str = "high",
    facts: list[dict[str, Any]] | None = None,
    gaps: list[str] | None = None,
) -> RiskAssessment:
    return RiskAssessment.objects.create(
        ticket=ticket,
        trigger="action_request",
        level=level,
        score={"low": 10, "medium": 40, "high": 75}[level],
        facts=FACTS if facts is None else facts,
        gaps=gaps or [],
        created_at=timezone.now(),
    )


def approval_row(
    ticket: Ticket,
    *,
    by: User,
    action: str = ActionKind.RESET_2FA,
    status: str = RequestStatus.PENDING,
    risk: str | None = "low",
    ago: dt.timedelta = dt.timedelta(minutes=30),
    expires_in: dt.timedelta = dt.timedelta(hours=47),
    cooling_off: dt.timedelta | None = None,
    approvers_required: int = 1,
    needs_security_team: bool = False,
    in_house_only: bool = True,
    params: dict[str, str] | None = None,
) -> ApprovalRequest:
    now = timezone.now()
    assessment = risk_row(ticket, risk) if risk else None
    return ApprovalRequest.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        action=action,
        params=params or {},
        reason="Lost phone; verified by selfie and ID on the exchange.",
        evidence={"id_reverified": True, "selfie_liveness": True, "registered_email_confirmed": True},
        evidence_required=["id_reverified", "selfie_liveness", "registered_email_confirmed"],
        requested_by=by,
        created_at=now - ago,
        expires_at=now - ago + expires_in,
        status=status,
        approvers_required=approvers_required,
        in_house_only=in_house_only,
        needs_security_team=needs_security_team,
        cooling_off_until=now + cooling_off if cooling_off else None,
        risk=assessment,
        risk_level=risk or "low",
    )


def decision_row(request: ApprovalRequest, approver: User, verdict: str = "approve") -> ApprovalDecision:
    return ApprovalDecision.objects.create(
        request=request, approver=approver, verdict=verdict, note="ok", created_at=timezone.now()
    )


def no_exchange_risk(monkeypatch: Any, level: str = "low") -> None:
    """approval_request_create assesses the risk through approvals.risk.risk_assess, which reads the
    exchange; here it stores an assessment of `level` with the stock facts instead."""

    def assess(*, ticket: Ticket, trigger: str, now: dt.datetime | None = None) -> RiskAssessment:
        return risk_row(ticket, level)

    monkeypatch.setattr("approvals.risk.risk_assess", assess)
