"""People, tickets and a stand-in risk assessment for the approval services' tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import Role, User
from approvals.models import ActionKind, ApprovalRequest, Evidence, RiskAssessment, RiskLevel
from approvals.services import approval_decide, approval_request_create
from customers.models import Customer
from routing.models import Team, TeamMembership
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tickets.models import Ticket

ALL_EVIDENCE = {value: True for value in Evidence.values}
PARAMS: dict[str, dict[str, str]] = {
    ActionKind.CHANGE_EMAIL: {"new_email": "new.address@mail.example"},
    ActionKind.RAISE_WITHDRAWAL_LIMIT: {"new_limit": "25000", "currency": "USD"},
}


def grant(user: User, *actions: str) -> User:
    """approvals.approve_<action> for each action (every action when none is named)."""
    codenames = [f"approve_{a}" for a in (actions or ActionKind.values)]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="approvals", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # a fresh object: the permission cache starts empty


def security_team() -> Team:
    return Team.objects.filter(slug=settings.APPROVALS_SECURITY_TEAM).first() or make_team(
        name="Account security", slug=settings.APPROVALS_SECURITY_TEAM
    )


def make_approver(username: str, *actions: str, security: bool = False, role: str = Role.SUPERVISOR) -> User:
    user = make_agent(username=username, role=role)
    if security:
        TeamMembership.objects.create(user=user, team=security_team())
    return grant(user, *actions)


def partner_team(name: str = "Partner BPO") -> Team:
    return make_team(name=name, slug=name.lower().replace(" ", "-"), is_outsourced=True)


def partner_agent(username: str, team: Team, *actions: str) -> User:
    user = make_agent(username=username)
    TeamMembership.objects.create(user=user, team=team)
    return grant(user, *actions) if actions else user


def case(*, customer: Customer | None = None, team: Team | None = None, **customer_fields: Any) -> Ticket:
    customer = customer or make_customer(**customer_fields)
    ticket = make_ticket(customer=customer)
    if team is not None:
        Ticket.objects.filter(pk=ticket.pk).update(team=team)
        ticket.refresh_from_db()
    return ticket


def fake_risk(level: str = RiskLevel.LOW) -> Callable[..., RiskAssessment]:
    """risk_assess without the exchange: one stored assessment at `level`."""

    def assess(*, ticket: Ticket, trigger: str, now: dt.datetime | None = None) -> RiskAssessment:
        score = {"low": 5, "medium": 40, "high": 75}[level]
        return RiskAssessment.objects.create(
            ticket=ticket,
            trigger=trigger,
            level=level,
            score=score,
            facts=[],
            created_at=now or timezone.now(),
        )

    return assess


@pytest.fixture
def risk_is(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """risk_is("high"): the next requests are assessed at that level, reading no exchange."""
    import approvals.risk

    def set_level(level: str) -> None:
        monkeypatch.setattr(approvals.risk, "risk_assess", fake_risk(level))

    set_level(RiskLevel.LOW)
    return set_level


def request_for(
    ticket: Ticket, maker: User, action: str = ActionKind.UNLOCK_WITHDRAWALS, **kwargs: Any
) -> ApprovalRequest:
    kwargs.setdefault("params", PARAMS.get(action))
    kwargs.setdefault("evidence", ALL_EVIDENCE)
    kwargs.setdefault("reason", "Customer verified by a call back on the registered number")
    return approval_request_create(ticket=ticket, actor=maker, action=action, **kwargs)


def approve(request: ApprovalRequest, approver: User, **kwargs: Any) -> ApprovalRequest:
    kwargs.setdefault("second_factor", "Authenticator app")
    return approval_decide(request=request, actor=approver, approve=True, **kwargs)
