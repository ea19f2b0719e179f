"""Who is told of what. The apps below announce their events after commit (tickets, routing, SLA,
approvals: their `signals` modules); these receivers choose the people and call the one service."""

import logging
import re
from typing import Any

from django.dispatch import receiver

from accounts.models import Role, User
from approvals.access import decide_refusal
from approvals.models import ApprovalRequest
from approvals.signals import request_created, request_decided
from notifications.models import Kind
from notifications.services import Draft, notifications_create
from sla.models import NoticeKind
from sla.signals import notices_recorded
from tickets.models import Ticket
from tickets.signals import note_posted, ticket_assigned

logger = logging.getLogger(__name__)

# `@name` where name is a Django username (letters, digits and @.+-_), not inside an email address.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]{1,150})")
MAX_MENTIONS = 20
# Approvers told of one request at most (the approvers' queue lists every request anyway).
MAX_APPROVERS = 200


def approval_target(request_id: int) -> str:
    return f"approval:{request_id}"


def mentioned_usernames(body: str) -> list[str]:
    """The usernames a note mentions, in order, once each (a trailing full stop is punctuation)."""
    names = [name.rstrip(".") for name in MENTION.findall(body)]
    return list(dict.fromkeys(name for name in names if name))[:MAX_MENTIONS]


@receiver(ticket_assigned, dispatch_uid="notifications-assigned")
def on_ticket_assigned(
    sender: Any, ticket_id: int, assignee_id: int, actor_id: int | None, **kw: Any
) -> None:
    notifications_create(
        drafts=[Draft(recipient_id=assignee_id, kind=Kind.ASSIGNED, ticket_id=ticket_id, actor_id=actor_id)]
    )


@receiver(note_posted, dispatch_uid="notifications-mentioned")
def on_note_posted(sender: Any, ticket_id: int, author_id: int, body: str, **kw: Any) -> None:
    names = mentioned_usernames(body)
    if not names:
        return
    people = (
        User.objects.filter(username__in=names, is_active=True)
        .exclude(role=Role.AUDITOR)
        .exclude(pk=author_id)
    )
    # Only staff who may see the case: a partner agent mentioned on another team's case is not told.
    drafts = [
        Draft(recipient_id=person.pk, kind=Kind.MENTIONED, ticket_id=ticket_id, actor_id=author_id)
        for person in people
        if Ticket.objects.visible_to(person).filter(pk=ticket_id).exists()
    ]
    notifications_create(drafts=drafts)


SLA_KINDS = {NoticeKind.WARNING: Kind.SLA_WARNING, NoticeKind.BREACH: Kind.SLA_BREACHED}


@receiver(notices_recorded, dispatch_uid="notifications-sla")
def on_sla_notices(sender: Any, notices: list[tuple[int, str, str, list[int]]], **kw: Any) -> None:
    drafts = []
    for ticket_id, notice_kind, target, user_ids in notices:
        kind = SLA_KINDS.get(NoticeKind(notice_kind), Kind.SLA_BREACHED)
        # An executive escalation is a breach told higher up: its own target keeps it apart.
        key = target if notice_kind != NoticeKind.EXECUTIVE else "executive"
        drafts += [Draft(recipient_id=uid, kind=kind, ticket_id=ticket_id, target=key) for uid in user_ids]
    notifications_create(drafts=drafts)


def approvers_of(request: ApprovalRequest) -> list[int]:
    """Who may give a verdict on the request now (approve or reject: approvals.access decides)."""
    candidates = (
        User.objects.with_perm(
            f"approvals.approve_{request.action}",
            is_active=True,
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .exclude(pk=request.requested_by_id)
        .exclude(role=Role.AUDITOR)
        .order_by("pk")[:MAX_APPROVERS]
    )
    return [user.pk for user in candidates if decide_refusal(user, request, approve=False) is None]


@receiver(request_created, dispatch_uid="notifications-approval-requested")
def on_approval_requested(sender: Any, request_id: int, **kw: Any) -> None:
    request = ApprovalRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    drafts = [
        Draft(
            recipient_id=uid,
            kind=Kind.APPROVAL_REQUESTED,
            ticket_id=request.ticket_id,
            actor_id=request.requested_by_id,
            target=approval_target(request.pk),
        )
        for uid in approvers_of(request)
    ]
    notifications_create(drafts=drafts)


@receiver(request_decided, dispatch_uid="notifications-approval-decided")
def on_approval_decided(sender: Any, request_id: int, actor_id: int, **kw: Any) -> None:
    request = ApprovalRequest.objects.filter(pk=request_id).values("ticket_id", "requested_by_id").first()
    if request is None:
        return
    notifications_create(
        drafts=[
            Draft(
                recipient_id=request["requested_by_id"],
                kind=Kind.APPROVAL_DECIDED,
                ticket_id=request["ticket_id"],
                actor_id=actor_id,
                target=approval_target(request_id),
            )
        ]
    )
