"""Customer pages of the agent workspace. Contact details stay masked unless the viewer's role shows
them or the agent reveals them with a reason; either way the view is audited by the service."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from approvals.risk_gate import customer_risk_high, risk_blocked_message
from customers.access import pii_revealable
from customers.forms import CustomerSearchForm, RevealForm
from customers.models import Customer
from customers.services import (
    ContactDetails,
    customer_contact_revealed,
    customer_contact_shown,
    customer_viewed,
)
from helpdesk.errors import DomainError
from tickets.access import customer_for_agent, customers_visible_to
from tickets.models import Ticket


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET)
    size = settings.HELPDESK_QUEUE_PAGE_SIZE
    rows = list(form.apply(customers_visible_to(request.user)).order_by("-id")[: size + 1])
    context = {
        "form": form,
        "customers": rows[:size],
        "older": rows[size - 1].pk if len(rows) > size else None,
    }
    return render(request, "customers/customer_list.html", context)


def _customer_page(
    request: HttpRequest, customer: Customer, *, contact: ContactDetails, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "customer": customer,
        "contact": contact,
        "can_reveal": pii_revealable(request.user),
        "reveal_form": RevealForm(),
        "tickets": Ticket.objects.visible_to(request.user)
        .filter(customer=customer)
        .for_list()
        .order_by("-id")[:50],
    } | extra
    return render(request, "customers/customer_detail.html", context, status=status)


@login_required
@require_GET
@never_cache
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for_agent(request.user, pk)
    customer_viewed(customer=customer, actor=request.user, path=request.path)
    return _customer_page(
        request, customer, contact=customer_contact_shown(customer=customer, actor=request.user)
    )


@login_required
@require_POST
@never_cache
def customer_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the contact details once, in this response only: nothing keeps them revealed."""
    customer = customer_for_agent(request.user, pk)
    if not pii_revealable(request.user):
        raise PermissionDenied
    form = RevealForm(request.POST)
    contact = None
    if form.is_valid():
        try:
            if customer_risk_high(customer):
                raise DomainError(risk_blocked_message(), code="risk_high")
            contact = customer_contact_revealed(
                customer=customer, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
    shown = contact or customer_contact_shown(customer=customer, actor=request.user)
    if request.headers.get("HX-Request") == "true":
        # htmx swaps only successful answers, so a missing reason comes back as a 200 with the error.
        context = {"customer": customer, "contact": shown, "can_reveal": True, "reveal_form": form}
        return render(request, "customers/customer_contact.html", context)
    return _customer_page(request, customer, contact=shown, status=200 if contact else 400, reveal_form=form)
