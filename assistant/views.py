"""Tier 0's pages: the ticket panel's fragment and an agent's one-click correction; where tier 0 may
answer and how it does per intent (supervisors read, admins change); the bank of agents' corrections."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from assistant.access import (
    assessment_for_agent,
    check_tier0_settings_editable,
    check_tier0_settings_readable,
    tier0_settings_editable,
)
from assistant.config import channel_settings, channel_settings_save
from assistant.display import intent_label
from assistant.forms import ChannelSettingsForm, CorrectionForm
from assistant.models import Example
from assistant.report import (
    PERIODS,
    calibration,
    decisions_by_day,
    decisions_chart,
    examples_by_intent,
    intent_rows,
    period_since,
)
from assistant.services import assessment_correct
from assistant.taxonomy import GROUPS
from assistant.templatetags.tier0 import panel_context
from helpdesk.busy import Busy, busy_refused
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_int
from tickets.access import ticket_for_agent

EXAMPLES_SHOWN = 200


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
@never_cache
def ticket_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel alone, polled by htmx while a message is being read."""
    ticket = ticket_for_agent(request.user, pk)
    return render(request, "assistant/tier0_panel.html", panel_context(ticket, request.user))


@login_required
@require_POST
@never_cache
def assessment_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent says what the message was really about; it joins the example bank."""
    assessment = assessment_for_agent(request.user, pk)
    back = reverse("tickets:ticket-detail", args=[assessment.ticket_id]) + "#tier0-panel"
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the taxonomy's intents."))
        return redirect(back)
    intent = form.cleaned_data["intent"]
    try:
        with busy_refused():
            assessment_correct(assessment=assessment, intent=intent, actor=cast(User, request.user))
    except (DomainError, Busy) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Corrected to “%(intent)s”; the message joins tier 0's examples.")
            % {"intent": intent_label(intent)},
        )
    if _is_htmx(request):
        return render(request, "assistant/tier0_panel.html", panel_context(assessment.ticket, request.user))
    return redirect(back)


def _period(request: HttpRequest) -> int:
    days = parse_int(request.GET.get("days"), default=PERIODS[0])
    return days if days in PERIODS else PERIODS[0]


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def settings_page(request: HttpRequest) -> HttpResponse:
    """Where tier 0 answers, per channel and language; each intent's threshold, precision and live
    figures; answered against handed off per day; the articles each answerable intent answers with."""
    check_tier0_settings_readable(request.user)
    editable = tier0_settings_editable(request.user)
    stored = channel_settings()
    status = 200
    if request.method == "POST":
        check_tier0_settings_editable(request.user)
        form = ChannelSettingsForm(request.POST, initial_settings=stored)
        if form.is_valid():
            try:
                changed = channel_settings_save(actor=cast(User, request.user), specs=form.specs())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Saved: %(channels)s.") % {"channels": ", ".join(s.channel for s in changed)}
                    if changed
                    else _("Nothing changed."),
                )
                return redirect("assistant:settings")
        status = 400
    else:
        form = ChannelSettingsForm(initial_settings=stored)
    days = _period(request)
    since = period_since(days)
    calibrated = calibration()
    rows = intent_rows(since=since, calibrated=calibrated)
    context: dict[str, Any] = {
        "form": form,
        "editable": editable,
        "period": days,
        "periods": PERIODS,
        "calibration": calibrated,
        "groups": [(intent_label(g), [r for r in rows if r.intent.group == g]) for g in GROUPS],
        "chart": decisions_chart(decisions_by_day(since=since)),
    }
    return render(request, "assistant/settings.html", context, status=status)


@login_required
@require_GET
@never_cache
def examples_page(request: HttpRequest) -> HttpResponse:
    """Agents' corrections, which `manage.py tier0_train` adds to the example bank."""
    check_tier0_settings_readable(request.user)
    examples = list(Example.objects.select_related("added_by", "assessment").order_by("-id")[:EXAMPLES_SHOWN])
    counts = examples_by_intent()
    context = {
        "examples": examples,
        "counts": counts,
        "total": sum(c["n"] for c in counts),
        "shown": EXAMPLES_SHOWN,
    }
    return render(request, "assistant/examples.html", context)
