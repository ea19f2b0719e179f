"""The exchange panel beside a ticket, loaded by its own request (templates/exchange/panel.html).

The view is async and runs the client off the request's thread: under ASGI the demo's own reference
exchange is served by the same process, and a sync view waiting on it would hold the thread it needs.
"""

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from customers.services import customer_viewed
from exchange.access import exchange_details_unmasked, exchange_panel_viewable
from exchange.panel import exchange_panel_data
from helpdesk.parsing import parse_id
from tickets.access import ticket_for_agent

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 30


def panel_subject(user: Any, ticket_id: object, *, path: str = "") -> tuple[str, bool]:
    """The customer's exchange id on a ticket `user` may open, and whether they see details unmasked;
    403 for a role that never sees the panel, 404 for a ticket they may not open. A partner agent's
    look is audited (the request's `path` says where)."""
    if not exchange_panel_viewable(user):
        raise PermissionDenied
    pk = parse_id(ticket_id)
    if pk is None:
        raise Http404(_("No such ticket"))
    ticket = ticket_for_agent(user, pk)
    unmasked = exchange_details_unmasked(user)
    # Staff who may open the panel see it masked exactly when they are partner agents.
    customer_viewed(customer=ticket.customer, actor=user, ticket=ticket, path=path, partner=not unmasked)
    return ticket.customer.external_id, unmasked


def _render(request: HttpRequest, ticket_id: int, panel: dict[str, Any] | None, failure: str) -> str:
    return render_to_string(
        "exchange/panel_body.html",
        {
            "panel": panel,
            "failure": failure,
            "refresh_url": reverse("exchange:ticket-panel", args=[ticket_id]),
            "refresh_seconds": REFRESH_SECONDS,
            # The demo's own exchange, for in-house staff: the records behind what the panel shows.
            "reference_url": reverse("reference_exchange:overview")
            if settings.REFERENCE_EXCHANGE_ENABLED and panel is not None and not panel["masked"]
            else "",
        },
        request=request,
    )


def _request_subject(request: HttpRequest, pk: int) -> tuple[str, bool] | None:
    """None for a visitor who is not signed in. request.user, not login_required's request.auser(): the
    middleware has loaded the user already, and the async accessor would load it a second time."""
    if not request.user.is_authenticated:
        return None
    return panel_subject(request.user, pk, path=request.path)


@require_GET
@never_cache
async def ticket_panel(request: HttpRequest, pk: int) -> HttpResponse:
    subject = await sync_to_async(_request_subject)(request, pk)
    if subject is None:
        return redirect_to_login(request.get_full_path())
    external_id, unmasked = subject
    panel: dict[str, Any] | None = None
    failure = ""
    try:
        panel = await sync_to_async(exchange_panel_data, thread_sensitive=False)(
            external_id, unmasked=unmasked
        )
    except Exception:
        # The client turns an exchange's failures into messages; this is a bug of ours, and the page
        # around the panel must still work.
        logger.exception("exchange panel for ticket %s failed", pk)
        failure = _("The exchange panel could not be shown. The error was logged.")
    html = await sync_to_async(_render)(request, pk, panel, failure)
    return HttpResponse(html)
