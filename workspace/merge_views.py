"""The ticket page's "Merged and linked" panel: merge this case into another, link and unlink related
cases. Each view checks access, calls one casework service and redirects with what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.merging import CONFIRMS_OTHER_CUSTOMER, ticket_link, ticket_merge, ticket_unlink
from helpdesk.errors import DomainError
from tickets.access import ticket_for_agent
from tickets.merging import linked_tickets
from tickets.models import Ticket, parse_reference


def _other(request: HttpRequest, field: str) -> Ticket | None:
    """The case named in the form (HD-000123 or 123) if the agent may see it; None with a message."""
    pk = parse_reference(request.POST.get(field, ""))
    found = Ticket.objects.visible_to(request.user).filter(pk=pk).first() if pk else None
    if found is None:
        messages.error(request, _("No such ticket."))
    return found


@login_required
@require_GET
def ticket_links(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    visible = Ticket.objects.visible_to(request.user)
    context = {
        "ticket": ticket,
        "linked": linked_tickets(ticket, visible),
        "merged_here": list(visible.filter(merged_into=ticket).order_by("-id")),
        "may_confirm": getattr(request.user, "role", None) in CONFIRMS_OTHER_CUSTOMER,
    }
    return render(request, "tickets/ticket_links.html", context)


@login_required
@require_POST
def ticket_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    source = ticket_for_agent(request.user, pk)
    target = _other(request, "target")
    if target is None:
        return redirect("tickets:ticket-detail", pk=source.pk)
    try:
        ticket_merge(
            source=source,
            target=target,
            actor=request.user,  # type: ignore[arg-type]
            confirm_other_customer=request.POST.get("confirm_other_customer") == "on",
            reason=request.POST.get("reason", "")[:300],
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("tickets:ticket-detail", pk=source.pk)
    messages.success(request, _("%(source)s was merged into this ticket.") % {"source": source.reference})
    return redirect("tickets:ticket-detail", pk=target.pk)


@login_required
@require_POST
def ticket_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    other = _other(request, "other")
    if other is not None:
        try:
            ticket_link(ticket=ticket, other=other, actor=request.user)  # type: ignore[arg-type]
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Linked to %(other)s.") % {"other": other.reference})
    return redirect("tickets:ticket-detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_unlink_view(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    # The other case may be one the agent cannot see: the link is still theirs to remove from this one.
    found = Ticket.objects.filter(pk=other).first()
    if found is not None:
        ticket_unlink(ticket=ticket, other=found, actor=request.user)  # type: ignore[arg-type]
    return redirect("tickets:ticket-detail", pk=ticket.pk)
