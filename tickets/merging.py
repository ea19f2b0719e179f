"""Merging a duplicate into another case, and linking related cases: the writes, and only the writes.

A merge closes the source with a pointer to its target (`Ticket.merged_into`) and copies nothing: both
timelines stay as written, the target's page reads the source's entries beside its own
(`timeline_with_merged`), and what the customer sends on the source's thread afterwards is written on
the target (`merge_target`, which `ticket_customer_message` and the mail threading follow). Access and
the cross-customer confirmation are `casework.merging`'s; the SLA clock follows there too.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from helpdesk.errors import DomainError
from tickets.models import Status, Ticket, TicketLink, TimelineEntry
from tickets.timeline import timeline_event_add

# A chain (A into B, then B into C) is followed this far at most; a longer one is a data fault.
MAX_CHAIN = 20


def merge_target(ticket: Ticket) -> Ticket:
    """The case `ticket` was merged into, through any chain of merges; `ticket` itself if none."""
    seen = 0
    while ticket.merged_into_id is not None and seen < MAX_CHAIN:
        ticket = Ticket.objects.select_related("customer").get(pk=ticket.merged_into_id)
        seen += 1
    return ticket


def timeline_with_merged(ticket: Ticket) -> QuerySet[TimelineEntry]:
    """The ticket's timeline with the entries of the cases merged into it, in time order, in one
    statement (each entry keeps its ticket, so the page marks where it came from). Merges are kept one
    level deep (`ticket_merge_write` re-points a merged case's own sources), so one level is all."""
    cases = Ticket.objects.filter(Q(pk=ticket.pk) | Q(merged_into_id=ticket.pk)).values("pk")
    return TimelineEntry.objects.filter(ticket_id__in=cases).order_by("created_at", "id")


def ticket_merge_write(*, source: Ticket, target: Ticket, actor: User | None, reason: str = "") -> Ticket:
    """Close `source` as merged into `target`, with an event on both timelines and one audit record.
    Refused (DomainError, before any write) for the same case, a closed or already merged case, or a
    target that is itself merged. Returns the source as written."""
    if source.pk == target.pk:
        raise DomainError(_("a ticket cannot be merged into itself"), code="merge_self")
    with transaction.atomic():
        # Both rows under lock, lower id first, so two merges of one pair never deadlock.
        rows = {
            t.pk: t
            for t in Ticket.objects.select_for_update()
            .select_related("customer")
            .filter(pk__in=sorted((source.pk, target.pk)))
            .order_by("pk")
        }
        source, target = rows[source.pk], rows[target.pk]
        if source.merged_into_id is not None:
            raise DomainError(_("this ticket is already merged into another"), code="merged")
        if target.merged_into_id is not None:
            raise DomainError(
                _("the target was merged into %(reference)s: merge into that one")
                % {"reference": Ticket(pk=target.merged_into_id).reference},
                code="merged",
            )
        for case in (source, target):
            if case.status == Status.CLOSED:
                raise DomainError(
                    _("%(reference)s is closed; closed tickets are not merged")
                    % {"reference": case.reference},
                    code="closed",
                )
        now = timezone.now()
        before = {"status": source.status, "merged_into": None}
        # Cases merged into the source now point at the target: merges stay one level deep, and their
        # customers' messages land where the work is.
        repointed = list(Ticket.objects.filter(merged_into_id=source.pk).values_list("pk", flat=True))
        if repointed:
            Ticket.objects.filter(pk__in=repointed).update(merged_into_id=target.pk, updated_at=now)
        source.merged_into = target
        source.status = Status.CLOSED
        source.closed_at = now
        source.updated_at = now
        source.save(update_fields=["merged_into", "status", "closed_at", "updated_at"])
        target.updated_at = now
        target.save(update_fields=["updated_at"])
        timeline_event_add(
            source, "merged_into", actor=actor, to=target.pk, to_reference=target.reference, reason=reason
        )
        timeline_event_add(
            target, "merged_from", actor=actor, **{"from": source.pk, "from_reference": source.reference}
        )
        audit_record(
            action="ticket.merged",
            obj=source,
            actor=actor,
            before=before,
            after={
                "status": Status.CLOSED,
                "merged_into": target.pk,
                "same_customer": source.customer_id == target.customer_id,
                "repointed": repointed,
            },
            reason=reason or None,
        )
    return source


def _pair(a: Ticket, b: Ticket) -> tuple[int, int]:
    return (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)


def ticket_link_write(*, ticket: Ticket, other: Ticket, actor: User | None) -> TicketLink:
    """Link two related cases (shown on both pages). Linking a linked pair again changes nothing."""
    if ticket.pk == other.pk:
        raise DomainError(_("a ticket cannot be linked to itself"), code="link_self")
    low, high = _pair(ticket, other)
    with transaction.atomic():
        existing = TicketLink.objects.filter(ticket_id=low, other_id=high).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                link = TicketLink.objects.create(
                    ticket_id=low, other_id=high, created_by=actor, created_at=timezone.now()
                )
        except IntegrityError:
            # Another agent linked the pair at the same moment: theirs is the link.
            return TicketLink.objects.get(ticket_id=low, other_id=high)
        for one, two in ((ticket, other), (other, ticket)):
            timeline_event_add(one, "linked", actor=actor, to=two.pk, to_reference=two.reference)
        audit_record(action="ticket.linked", obj=ticket, actor=actor, after={"linked": other.pk})
    return link


def ticket_unlink_write(*, ticket: Ticket, other: Ticket, actor: User | None) -> bool:
    low, high = _pair(ticket, other)
    with transaction.atomic():
        deleted, _rows = TicketLink.objects.filter(ticket_id=low, other_id=high).delete()
        if not deleted:
            return False
        for one, two in ((ticket, other), (other, ticket)):
            timeline_event_add(one, "unlinked", actor=actor, to=two.pk, to_reference=two.reference)
        audit_record(action="ticket.unlinked", obj=ticket, actor=actor, before={"linked": other.pk})
    return True


def linked_tickets(ticket: Ticket, visible: QuerySet[Ticket]) -> list[Ticket]:
    """The cases linked to `ticket` among `visible` (what the viewer may see), in one statement."""
    return list(
        visible.filter(Q(links_in__ticket_id=ticket.pk) | Q(links_out__other_id=ticket.pk))
        .exclude(pk=ticket.pk)
        .distinct()
        .order_by("-id")
    )
