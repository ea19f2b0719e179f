"""The ticket page's WhatsApp action: send an approved template when the 24-hour window is closed."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from helpdesk.errors import DomainError
from messaging.whatsapp_templates import whatsapp_contact_of, whatsapp_template_send
from tickets.access import ticket_for_agent

MAX_PARAMETERS = 20


@login_required
@require_POST
def template_send(request: HttpRequest, ticket_id: int, contact_id: int) -> HttpResponse:
    """Whoever may reply on the ticket may send a template on it (404 for a ticket they cannot see)."""
    ticket = ticket_for_agent(request.user, ticket_id)
    name, _sep, language = request.POST.get("template", "").partition("|")
    parameters = tuple(request.POST.getlist("parameter")[:MAX_PARAMETERS])
    try:
        contact = whatsapp_contact_of(ticket, contact_id)
        whatsapp_template_send(
            actor=cast(User, request.user),
            ticket=ticket,
            contact=contact,
            name=name,
            language=language,
            parameters=parameters,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The template %(name)s is on its way.") % {"name": name})
    return redirect("tickets:ticket-detail", pk=ticket.pk)
