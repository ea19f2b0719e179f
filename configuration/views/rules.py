"""Routing rules: the ordered list (reorder, enable, disable) and the editor, whose condition builder
and dry run re-render as the rule changes (htmx posts the form to `rule_builder`)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from configuration.conditions import (
    Row,
    conditions_from_rows,
    field_choices,
    rows_from_conditions,
    rows_from_post,
)
from configuration.forms import RuleForm
from configuration.preview import Preview, rule_preview
from configuration.views.common import delete_page, may_change, reader, writer
from helpdesk.errors import DomainError
from routing.models import RoutingRule
from routing.rules import RuleError, parse_rule
from routing.services import routing_rule_delete, routing_rule_save, routing_rules_reorder
from tickets.models import Ticket, parse_reference


@dataclass(frozen=True)
class Listed:
    rule: RoutingRule
    text: str
    error: str


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    reader(request)
    listed = []
    for number, row in enumerate(RoutingRule.objects.order_by("position", "id"), start=1):
        try:
            parsed = parse_rule(id=row.pk, name=row.name, conditions=row.conditions, actions=row.actions)
            listed.append(Listed(row, parsed.describe(number), ""))
        except RuleError as exc:
            listed.append(Listed(row, "", str(exc)))
    return render(
        request, "configuration/rule_list.html", {"rules": listed, "may_change": may_change(request)}
    )


@login_required
@require_POST
def rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One step up or down; the rules are then numbered 1, 2, 3... in their new order."""
    actor = writer(request)
    order = list(RoutingRule.objects.order_by("position", "id").values_list("pk", flat=True))
    if pk not in order:
        return redirect("configuration:rule-list")
    at = order.index(pk)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        try:
            routing_rules_reorder(actor=actor, order=order)
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("configuration:rule-list")


@login_required
@require_POST
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    rule = get_object_or_404(RoutingRule, pk=pk)
    try:
        routing_rule_save(actor=actor, rule=rule, fields={"is_active": not rule.is_active})
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = _("Rule %(name)s enabled.") if not rule.is_active else _("Rule %(name)s disabled.")
        messages.success(request, done % {"name": rule.name})
    return redirect("configuration:rule-list")


@login_required
@require_http_methods(["GET", "POST"])
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    rule = get_object_or_404(RoutingRule, pk=pk)
    return delete_page(
        request,
        title=_("Delete rule %(name)s?") % {"name": rule.name},
        summary=rule.name,
        back=reverse("configuration:rule-list"),
        delete=lambda: routing_rule_delete(actor=actor, rule=rule),
        done=_("Rule %(name)s deleted.") % {"name": rule.name},
    )


def _sample(form: RuleForm, request: HttpRequest) -> Ticket | None:
    pk = parse_reference(form.cleaned_data.get("sample") or "") if form.is_valid() else None
    return (
        Ticket.objects.visible_to(request.user).select_related("customer").filter(pk=pk).first()
        if pk
        else None
    )


def _candidate(form: RuleForm, rows: list[Row], rule: RoutingRule | None) -> dict[str, Any]:
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "name": data.get("name") or _("this rule"),
        # An edited rule keeps its place; a new one goes last, as saving it would put it.
        "position": rule.position if rule else 1_000_000,
        "conditions": conditions_from_rows(rows),
        "actions": form.actions() if form.is_valid() else {},
        "stop": bool(data.get("stop")),
    }


def _preview(request: HttpRequest, form: RuleForm, rows: list[Row], rule: RoutingRule | None) -> Preview:
    if not form.is_valid():
        return Preview(
            error=_("Fill in the rule's name and actions to see the dry run."), outcomes=(), description=""
        )
    return rule_preview(
        candidate=_candidate(form, rows, rule),
        replaces=rule,
        tickets=Ticket.objects.visible_to(request.user),
        sample=_sample(form, request),
    )


def _editor(request: HttpRequest, rule: RoutingRule | None) -> HttpResponse:
    actor = writer(request)
    if request.method == "POST":
        form = RuleForm(request.POST)
        rows = rows_from_post(request.POST)
        if form.is_valid():
            fields = {
                "name": form.cleaned_data["name"],
                "is_active": form.cleaned_data["is_active"],
                "stop": form.cleaned_data["stop"],
                "conditions": conditions_from_rows(rows),
                "actions": form.actions(),
            }
            try:
                saved = routing_rule_save(actor=actor, rule=rule, fields=fields)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Rule %(name)s saved.") % {"name": saved.name})
                return redirect("configuration:rule-list")
    else:
        initial = (
            RuleForm.initial_for(rule.actions, name=rule.name, is_active=rule.is_active, stop=rule.stop)
            if rule
            else None
        )
        form = RuleForm(initial=initial) if rule is None else RuleForm(initial, initial=initial)
        rows = rows_from_conditions(rule.conditions) if rule else [Row(index=0)]
    context = {
        "form": form,
        "rule": rule,
        "rows": rows,
        "fields": field_choices(),
        "preview": _preview(request, form, rows, rule) if form.is_bound else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "configuration/rule_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    return _editor(request, get_object_or_404(RoutingRule, pk=pk))


@login_required
@require_POST
def rule_builder(request: HttpRequest) -> HttpResponse:
    """The condition rows and the dry run for the rule as the editor holds it; saves nothing.

    `rule` names the saved rule being edited (it is left out of the run and the candidate takes its
    place); `add` adds a row, `remove` takes one out.
    """
    writer(request)
    rule = None
    if (pk := request.POST.get("rule", "")).isdigit():
        rule = RoutingRule.objects.filter(pk=int(pk)).first()
    form = RuleForm(request.POST)
    rows = rows_from_post(request.POST)
    context: dict[str, Any] = {"form": form, "rule": rule, "rows": rows, "fields": field_choices()}
    context["preview"] = _preview(request, form, rows, rule)
    return render(request, "configuration/rule_builder.html", context)
