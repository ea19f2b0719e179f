"""Routing pages for supervisors and admins: the live board, and a dry run of the rules."""

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from routing.access import check_routing_overseeable
from routing.board import routing_board
from routing.forms import DryRunForm
from routing.models import RoutingRule, Tier
from routing.rules import FIELDS, RuleError, parse_rule
from routing.services import PRIORITY_BY_NAME, DryRun, routing_dry_run
from tickets.models import Priority, Ticket


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
@never_cache
def supervisor(request: HttpRequest) -> HttpResponse:
    check_routing_overseeable(request.user)
    context = {"board": routing_board()}
    # The open page polls itself for the board alone.
    template = "routing/supervisor_board.html" if _is_htmx(request) else "routing/supervisor.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class ShownRule:
    rule: RoutingRule
    text: str
    error: str
    try_link: str


def _shown_rules() -> list[ShownRule]:
    """The active rules in the order the engine tries them, numbered as its reasons number them."""
    shown = []
    rows = RoutingRule.objects.filter(is_active=True).order_by("position", "id")
    for number, row in enumerate(rows, start=1):
        text, error = "", ""
        try:
            parsed = parse_rule(id=row.pk, name=row.name, conditions=row.conditions, actions=row.actions)
            text = parsed.describe(number)
        except RuleError as exc:
            error = str(exc)
        prefill: dict[str, str | int] = {
            "name": row.name,
            "position": row.position,
            "conditions": json.dumps(row.conditions, indent=1),
            "actions": json.dumps(row.actions),
            "replaces": row.pk,
            **({"stop": "on"} if row.stop else {}),
        }
        shown.append(ShownRule(row, text, error, "?" + urlencode(prefill)))
    return shown


def _decision(result: DryRun) -> dict[str, Any]:
    d = result.decision
    return {
        "tier": Tier(d.tier).label if d.tier is not None else None,
        "team": d.team,
        "team_name": result.team_name,
        "priority": Priority(PRIORITY_BY_NAME[d.priority]).label if d.priority else None,
        "tags": d.tags,
        "to_account_manager": d.to_account_manager,
        "reasons": d.reasons,
        "facts": [(gettext(FIELDS[k]["label"]) if k in FIELDS else k, k, v) for k, v in result.facts.items()],
    }


@login_required
@require_GET
@never_cache
def rule_dry_run(request: HttpRequest) -> HttpResponse:
    """What the rules would decide for a real ticket, with an unsaved rule added or swapped in.

    It reads and writes nothing but the rules and the ticket, so it is a GET: a result can be linked.
    """
    check_routing_overseeable(request.user)
    tickets = Ticket.objects.visible_to(request.user)
    decision = None
    if "ticket" in request.GET:
        form = DryRunForm(request.GET, tickets=tickets)
        if form.is_valid():
            replaced = form.cleaned_data["replaces"]
            try:
                result = routing_dry_run(
                    ticket=form.cleaned_data["ticket"],
                    candidate=form.candidate(),
                    replaces=replaced.pk if replaced else None,
                )
            except RuleError as exc:
                form.add_error(None, str(exc))
            else:
                decision = _decision(result)
    else:
        # A rule's "try a change" link fills the form without running it.
        form = DryRunForm(tickets=tickets, initial=request.GET.dict())
    context = {"form": form, "rules": _shown_rules(), "decision": decision}
    return render(request, "routing/rule_dry_run.html", context, status=400 if form.errors else 200)
