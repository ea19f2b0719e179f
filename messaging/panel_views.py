"""The ticket page's channel panel actions: find a customer, link the contact to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from customers.models import Customer
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id
from messaging.access import ticket_contact
from messaging.services import PLACEHOLDER_PREFIX, contact_link

CANDIDATES = 10


@login_required
@require_GET
def contact_customers(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Customers matching the search: exact user id or email, or a name containing it. Placeholder
    customers of other contacts are not offered."""
    _ticket, contact = ticket_contact(request.user, ticket_id)
    query = (request.GET.get("q") or "").strip()[:100]
    candidates: list[Customer] = []
    if len(query) >= 2:
        candidates = list(
            Customer.objects.filter(Q(external_id=query) | Q(email__iexact=query) | Q(name__icontains=query))
            .exclude(external_id__startswith=PLACEHOLDER_PREFIX)
            .exclude(pk=contact.customer_id)
            .order_by("-id")[:CANDIDATES]
        )
    return render(request, "messaging/link_candidates.html", {"candidates": candidates, "query": query})


@login_required
@require_POST
def contact_link_view(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket, contact = ticket_contact(request.user, ticket_id)
    customer_id = parse_id(request.POST.get("customer"))
    customer = (
        Customer.objects.exclude(external_id__startswith=PLACEHOLDER_PREFIX).filter(pk=customer_id).first()
        if customer_id
        else None
    )
    if customer is None:
        messages.error(request, _("Pick the customer to link this contact to."))
        return redirect("tickets:ticket-detail", pk=ticket.pk)
    try:
        contact_link(
            contact=contact, customer=customer, actor=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The contact is linked to %(customer)s.") % {"customer": customer})
    return redirect("tickets:ticket-detail", pk=ticket.pk)
