"""The Calls page: who is calling (the customer record, masked as everywhere in the workspace) before
an agent picks up, the callback queue, and the agent's own phone line."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from customers.contacts import contact_mask_for
from helpdesk.errors import DomainError
from voice.access import call_for_agent, callback_for_agent, callbacks_visible_to, calls_visible_to
from voice.models import LIVE, AgentLine, CallbackStatus
from voice.services import agent_line_set, call_answer, callback_done, callback_start

BOARD_ROWS = 100


def _board(request: HttpRequest) -> dict[str, object]:
    user = request.user
    calls = list(
        calls_visible_to(user)
        .filter(status__in=LIVE)
        .select_related("customer", "ticket", "contact")
        .order_by("-vip_rank", "created_at")[:BOARD_ROWS]
    )
    callbacks = list(
        callbacks_visible_to(user)
        .filter(status__in=(CallbackStatus.WAITING, CallbackStatus.CALLING))
        .select_related("call__customer", "call__ticket", "called_by", "message")
        .order_by("due_at", "id")[:BOARD_ROWS]
    )
    customers = [c.customer for c in calls] + [cb.call.customer for cb in callbacks]
    mask = contact_mask_for(actor=user, customers=customers, why="calls page")
    now = timezone.now()
    return {
        "calls": [(call, mask.phone(call.from_number)) for call in calls],
        "callbacks": [(cb, mask.phone(cb.call.from_number), cb.due_at <= now) for cb in callbacks],
        "now": now,
    }


@login_required
@require_GET
@never_cache
def call_board(request: HttpRequest) -> HttpResponse:
    line = AgentLine.objects.filter(user_id=request.user.pk or 0).first()
    return render(request, "voice/call_board.html", _board(request) | {"line": line})


@login_required
@require_GET
@never_cache
def call_board_rows(request: HttpRequest) -> HttpResponse:
    """The board's lists alone, polled by the page (htmx) every few seconds."""
    return render(request, "voice/call_board_rows.html", _board(request))


def _done(request: HttpRequest) -> HttpResponse:
    return redirect("voice:call-board")


@login_required
@require_POST
def call_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    call_for_agent(request.user, pk)
    try:
        answered = call_answer(call_id=pk, agent=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Putting the caller through to your phone."))
        if answered.kept_by is not None:
            messages.info(
                request,
                _("The caller's ticket stays with %(name)s, who has it already.")
                % {"name": answered.kept_by.display_name},
            )
    return _done(request)


@login_required
@require_POST
def callback_call_view(request: HttpRequest, pk: int) -> HttpResponse:
    callback_for_agent(request.user, pk)
    try:
        callback_start(callback_id=pk, agent=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your phone rings first; then the customer is dialled."))
    return _done(request)


@login_required
@require_POST
def callback_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    callback_for_agent(request.user, pk)
    try:
        callback_done(callback_id=pk, agent=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _done(request)


@login_required
@require_POST
def agent_line_view(request: HttpRequest) -> HttpResponse:
    try:
        agent_line_set(user=request.user, phone=request.POST.get("phone", "")[:40])  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _done(request)
