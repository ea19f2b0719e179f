"""Reads of the audit log: the events about one case, and the log page's filters."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from approvals.models import ApprovalDecision, ApprovalRequest, RiskAssessment
from audit.models import AuditEvent
from livechat.models import Conversation
from tickets.models import TimelineEntry


def _ids_as_text(qs: QuerySet[Any]) -> QuerySet[Any]:
    # AuditEvent.object_id is text (it holds any model's key), so the ids are compared as text.
    return qs.annotate(id_text=Cast("pk", CharField())).values("id_text")


def ticket_events_q(ticket_id: int) -> Q:
    """Every event about a case: the ticket, its timeline entries, its chat, its approval requests and
    their decisions, and its risk assessments. One query with subqueries, whatever the case's size."""
    requests = ApprovalRequest.objects.filter(ticket_id=ticket_id)
    about = {
        "tickets.timelineentry": TimelineEntry.objects.filter(ticket_id=ticket_id),
        "livechat.conversation": Conversation.objects.filter(ticket_id=ticket_id),
        "approvals.approvalrequest": requests,
        "approvals.approvaldecision": ApprovalDecision.objects.filter(request__in=requests),
        "approvals.riskassessment": RiskAssessment.objects.filter(ticket_id=ticket_id),
    }
    q = Q(object_type="tickets.ticket", object_id=str(ticket_id))
    for object_type, rows in about.items():
        q |= Q(object_type=object_type, object_id__in=_ids_as_text(rows))
    return q


@dataclass(frozen=True)
class EventFilter:
    ticket_id: int | None = None
    actor: str = ""
    action: str = ""
    # [start, end)
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def events_matching(f: EventFilter) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if f.ticket_id is not None:
        qs = qs.filter(ticket_events_q(f.ticket_id))
    if f.actor:
        # "alice" finds "agent:alice"; a full label ("system:mail", "customer:EX-1") finds itself.
        qs = qs.filter(Q(actor_label=f.actor) | Q(actor_label=f"agent:{f.actor}"))
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.start is not None:
        qs = qs.filter(created_at__gte=f.start)
    if f.end is not None:
        qs = qs.filter(created_at__lt=f.end)
    return qs
