"""Reads of two-person approval for the pages, the API and the nav: which requests a person sees, which
wait for them, and the rows of a list with everything a row shows loaded in a fixed number of queries.

Who may see and decide is approvals.access's answer; "waiting for me" is its rule for deciding written
as a query, so a list and a count need no per-row check (the detail page still asks may_decide).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from approvals.access import approvable_actions, requests_visible_to
from approvals.models import (
    OPEN_STATUSES,
    ActionKind,
    ApprovalDecision,
    ApprovalPolicy,
    ApprovalRequest,
    RequestStatus,
    Verdict,
)
from approvals.services import default_policy
from customers.models import VipLevel
from routing.models import TeamMembership
from tickets.models import Ticket

# How many facts of a risk assessment a list row shows (the detail page shows them all).
TOP_FACTS = 3


def waiting_for(user: Any, requests: QuerySet[ApprovalRequest] | None = None) -> QuerySet[ApprovalRequest]:
    """Pending, unexpired requests `user` could decide now, by approvals.access's rules written as one
    statement: not their own, not yet decided by them, an action they may approve; for partner agents
    only requests open to partners and not made by their own partner team; a request that needs the
    security team, for others only while theirs would not be the last approval needed."""
    qs = requests_visible_to(user) if requests is None else requests
    qs = qs.filter(
        status=RequestStatus.PENDING,
        expires_at__gt=timezone.now(),
        action__in=approvable_actions(user),
    ).exclude(requested_by_id=user.pk)
    qs = qs.exclude(Exists(ApprovalDecision.objects.filter(request=OuterRef("pk"), approver_id=user.pk)))
    memberships = TeamMembership.objects.filter(user_id=user.pk)
    if user.role == Role.AGENT:
        partner_teams = memberships.filter(team__is_outsourced=True).values("team_id")
        colleague = TeamMembership.objects.filter(
            user_id=OuterRef("requested_by_id"), team_id__in=partner_teams
        )
        is_partner = Exists(partner_teams)
        qs = qs.filter(~is_partner | (Q(in_house_only=False) & ~Exists(colleague)))
    security = Exists(
        memberships.filter(team__slug=settings.APPROVALS_SECURITY_TEAM, team__is_outsourced=False)
    )
    first_of_two = Q(approvers_required__gte=2) & ~Exists(
        ApprovalDecision.objects.filter(request=OuterRef("pk"), verdict=Verdict.APPROVE)
    )
    return qs.filter(Q(needs_security_team=False) | security | first_of_two)


def for_rows(qs: QuerySet[ApprovalRequest]) -> QuerySet[ApprovalRequest]:
    """Everything a row shows: the ticket, customer, requester, risk, and decisions with approvers."""
    return qs.select_related("ticket", "customer", "requested_by", "risk").prefetch_related(
        Prefetch("decisions", queryset=ApprovalDecision.objects.select_related("approver"))
    )


@dataclass
class Row:
    """One request as a list shows it; `request` keeps the model for its labels and links."""

    request: ApprovalRequest
    top_facts: list[dict[str, Any]]
    evidence_ticked: int
    evidence_required: int
    approvals: int
    cooling_off_left: dt.timedelta | None
    expires_in: dt.timedelta | None
    decisions: list[ApprovalDecision] = field(default_factory=list)
    # The customer's email as the viewer may see it in a list (customers.contacts.ContactMask).
    customer_email: str = ""


def top_facts(facts: Any, limit: int = TOP_FACTS) -> list[dict[str, Any]]:
    rows = [f for f in facts or [] if isinstance(f, dict)]
    return sorted(rows, key=lambda f: -_weight(f))[:limit]


def _weight(fact: dict[str, Any]) -> int:
    try:
        return int(fact.get("weight") or 0)
    except (TypeError, ValueError):
        return 0


def row(request: ApprovalRequest, *, now: dt.datetime | None = None) -> Row:
    now = now or timezone.now()
    evidence = request.evidence or {}
    required = list(request.evidence_required or [])
    decisions = list(request.decisions.all())
    cooling = request.cooling_off_until
    open_ = request.status in OPEN_STATUSES
    return Row(
        request=request,
        top_facts=top_facts(request.risk.facts if request.risk else []),
        evidence_ticked=sum(1 for value in evidence.values() if value),
        evidence_required=len(required),
        approvals=sum(1 for d in decisions if d.verdict == Verdict.APPROVE),
        cooling_off_left=cooling - now if open_ and cooling and cooling > now else None,
        expires_in=request.expires_at - now
        if request.status == RequestStatus.PENDING and request.expires_at > now
        else None,
        decisions=decisions,
    )


@dataclass(frozen=True)
class WaitingSummary:
    """The supervisor board's card: pending requests, by action, and how long the oldest has waited."""

    pending: int
    by_action: list[tuple[str, int]]
    oldest_wait: dt.timedelta | None


def waiting_summary(*, now: dt.datetime | None = None) -> WaitingSummary:
    """One statement: pending requests grouped by action."""
    now = now or timezone.now()
    groups = (
        ApprovalRequest.objects.filter(status=RequestStatus.PENDING)
        .values("action")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by()
    )
    counts: Counter[str] = Counter()
    oldest: dt.datetime | None = None
    for group in groups:
        counts[group["action"]] += group["n"]
        if oldest is None or group["oldest"] < oldest:
            oldest = group["oldest"]
    labels = dict(ActionKind.choices)
    return WaitingSummary(
        pending=sum(counts.values()),
        by_action=[(str(labels.get(a, a)), n) for a, n in sorted(counts.items(), key=lambda i: -i[1])],
        oldest_wait=now - oldest if oldest else None,
    )


def policies_for_level(vip_level: str) -> dict[str, ApprovalPolicy]:
    """Each action's policy at `vip_level` (its own, else every level's, else the built-in default), in
    one statement."""
    saved = {(p.action, p.vip_level): p for p in ApprovalPolicy.objects.filter(vip_level__in=["", vip_level])}
    found: dict[str, ApprovalPolicy] = {}
    for action in ActionKind.values:
        policy = saved.get((action, vip_level)) or saved.get((action, ""))
        found[action] = policy or default_policy(action=action, vip_level=vip_level)
    return found


POLICY_FIELDS = (
    "enabled",
    "evidence",
    "approvers_required",
    "in_house_only",
    "cooling_off_hours",
    "expires_after_hours",
)


def _same_terms(a: ApprovalPolicy, b: ApprovalPolicy) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in POLICY_FIELDS)


def policy_table() -> list[dict[str, Any]]:
    """Per action: the every-level policy, and for each VIP level the policy of its own (saved, or a
    built-in one that differs from every level's) or None where every level's applies."""
    saved = {(p.action, p.vip_level): p for p in ApprovalPolicy.objects.all()}
    labels = dict(ActionKind.choices)
    rows = []
    for action in ActionKind.values:
        every = saved.get((action, "")) or default_policy(action=action, vip_level="")
        levels: list[tuple[str, ApprovalPolicy | None]] = []
        for level in VipLevel.values:
            own = saved.get((action, level))
            if own is None and every.pk is None:
                # Nothing saved for the action: the built-in policy may still treat this level apart.
                builtin = default_policy(action=action, vip_level=level)
                own = None if _same_terms(builtin, every) else builtin
            levels.append((level, own))
        rows.append({"action": action, "label": labels[action], "every": every, "levels": levels})
    return rows


def ticket_requests(ticket: Ticket) -> list[Row]:
    """The ticket's requests, newest first, as rows (three statements however many)."""
    now = timezone.now()
    return [row(r, now=now) for r in for_rows(ticket.approval_requests.order_by("-created_at", "-id"))]
