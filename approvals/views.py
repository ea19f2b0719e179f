"""Two-person approval's pages: a request made from the ticket page, the approvers' queue, a request's
page with its decisions, and the policies. Every write is a call to approvals.services; a refusal is
shown on the page with what the person typed kept (403 when they may not, 409 when the request's state
does not allow it, 400 for input to correct)."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from approvals.access import (
    may_cancel,
    may_decide,
    may_edit_policies,
    may_read_approvals,
    may_request,
    requests_visible_to,
)
from approvals.forms import (
    LEVEL_ALL,
    STATUS_ALL,
    STATUS_OPEN,
    CancelForm,
    DecisionForm,
    PolicyForm,
    QueueFilterForm,
    RequestForm,
    level_choices,
)
from approvals.models import OPEN_STATUSES, ActionKind, ApprovalRequest, Verdict
from approvals.queue import (
    for_rows,
    policies_for_level,
    policy_table,
    row,
    ticket_requests,
    waiting_for,
)
from approvals.second_factor import SecondFactorRefused, second_factor_confirm, second_factor_needed
from approvals.services import (
    ApprovalRefused,
    approval_cancel,
    approval_decide,
    approval_policy_for,
    approval_policy_save,
    approval_request_create,
    evidence_label,
)
from audit.context import audit_reason
from customers.contacts import MASKED, contact_mask_for
from customers.models import VipLevel
from helpdesk.busy import Busy, busy_refused
from helpdesk.parsing import parse_id
from tickets.access import ticket_for_agent
from tickets.models import Ticket

QUEUE_PAGE_SIZE = 50
# Refusals that say the person may not do this at all (403), rather than not now (409).
NOT_ALLOWED = {"no_permission", "self_approval", "partner_not_allowed", "partner_pair", "needs_security_team"}


def refusal_status(exc: ApprovalRefused) -> int:
    return 403 if exc.code in NOT_ALLOWED else 409


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- The ticket page's panel and the request form ------------------------------------------------


def panel_context(
    ticket: Ticket, user: Any, form: RequestForm | None = None, refusal: str = ""
) -> dict[str, Any]:
    """What `{% approvals_panel ticket %}` and the request page show: the ticket's requests, and the
    form for whoever may request (the actions the customer's policies enable)."""
    allowed = may_request(user, ticket)
    if allowed and form is None:
        form = RequestForm(policies=policies_for_level(ticket.customer.vip_level), auto_id="approval_%s")
    return {
        "ticket": ticket,
        "rows": ticket_requests(ticket),
        "may_request": allowed,
        "form": form,
        "refusal": refusal,
    }


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    if not may_request(request.user, ticket):
        raise PermissionDenied(_("You may not request actions on this ticket."))
    policies = policies_for_level(ticket.customer.vip_level)
    if request.method == "GET":
        return _request_page(request, ticket, RequestForm(policies=policies, auto_id="approval_%s"))
    form = RequestForm(request.POST, policies=policies, auto_id="approval_%s")
    if not form.is_valid():
        return _request_page(request, ticket, form, status=400)
    try:
        with busy_refused():
            made = approval_request_create(
                ticket=ticket,
                actor=_user(request),
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                evidence=form.evidence(),
                params=form.params(),
            )
    except ApprovalRefused as exc:
        return _request_page(request, ticket, form, status=refusal_status(exc), refusal=exc.message)
    except Busy as exc:
        return _request_page(request, ticket, form, status=503, refusal=str(exc.message))
    messages.success(
        request,
        _("Requested: %(action)s. It waits for approval.") % {"action": made.get_action_display()},
    )
    return redirect(reverse("approvals:request-detail", args=[made.pk]))


def _request_page(
    request: HttpRequest, ticket: Ticket, form: RequestForm, *, status: int = 200, refusal: str = ""
) -> HttpResponse:
    context = panel_context(ticket, request.user, form=form, refusal=refusal)
    return render(request, "approvals/request_create.html", context, status=status)


# --- The queue ----------------------------------------------------------------------------------


@login_required
@require_GET
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_read_approvals(user):
        raise PermissionDenied(_("The approvals are for approvers, supervisors, admins and auditors."))
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = requests_visible_to(user)
    status = data.get("status") or STATUS_OPEN
    if status == STATUS_OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != STATUS_ALL:
        qs = qs.filter(status=status)
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("mine"):
        qs = waiting_for(user, qs)
    page = data.get("page") or 1
    start = (page - 1) * QUEUE_PAGE_SIZE
    # Oldest first: the longest wait is the most urgent. One row past the page says a next one exists.
    found = list(for_rows(qs.order_by("created_at", "id"))[start : start + QUEUE_PAGE_SIZE + 1])
    rows = [row(r) for r in found[:QUEUE_PAGE_SIZE]]
    # The list shows contact data masked for everyone: unmasking is per customer, on its page (audited).
    for shown in rows:
        shown.customer_email = MASKED.email(shown.request.customer.email)
    context = {
        "form": form,
        "rows": rows,
        "next_page": page + 1 if len(found) > QUEUE_PAGE_SIZE else None,
        "previous_page": page - 1 if page > 1 else None,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "approvals/request_queue.html", context, status=status)


# --- One request --------------------------------------------------------------------------------


def _visible_request(user: Any, pk: Any) -> ApprovalRequest:
    request_id = parse_id(pk)
    if request_id is None:
        raise Http404(_("No such approval request"))
    try:
        return for_rows(requests_visible_to(user)).get(pk=request_id)
    except ApprovalRequest.DoesNotExist:
        raise Http404(_("No such approval request")) from None


def _detail_page(
    request: HttpRequest,
    approval: ApprovalRequest,
    *,
    status: int = 200,
    decision_form: DecisionForm | None = None,
    cancel_form: CancelForm | None = None,
    refusal: str = "",
) -> HttpResponse:
    user = request.user
    allowed, why_not = may_decide(user, approval)
    needs_code = allowed and second_factor_needed(user)
    shown = row(approval)
    contact = contact_mask_for(actor=user, customers=[approval.customer], why="approval request")
    context = {
        "approval": approval,
        "row": shown,
        "risk": approval.risk,
        "facts": list(approval.risk.facts or []) if approval.risk else [],
        "gaps": list(approval.risk.gaps or []) if approval.risk else [],
        "evidence": [
            {"label": evidence_label(item), "ticked": _ticked(item, approval.evidence or {})}
            for item in approval.evidence_required or []
        ],
        "may_decide": allowed,
        "why_not": why_not,
        "needs_code": needs_code,
        "may_cancel": may_cancel(user, approval),
        "decision_form": decision_form or DecisionForm(),
        "cancel_form": cancel_form or CancelForm(),
        "refusal": refusal,
        "contact": contact,
        "customer_email": contact.email(approval.customer.email),
        "new_email": contact.email((approval.params or {}).get("new_email", "")),
    }
    return render(request, "approvals/request_detail.html", context, status=status)


def _ticked(item: Any, given: dict[str, Any]) -> bool:
    group = item if isinstance(item, list) else [item]
    return any(given.get(str(value)) is True for value in group)


@login_required
@require_GET
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_request(request.user, pk))


@login_required
@require_POST
@never_cache
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    approval = _visible_request(request.user, pk)
    form = DecisionForm(request.POST)
    allowed, why_not = may_decide(request.user, approval)
    if not allowed:
        return _detail_page(request, approval, status=403, decision_form=form, refusal=why_not)
    if not form.is_valid():
        return _detail_page(request, approval, status=400, decision_form=form)
    approve = form.cleaned_data["verdict"] == Verdict.APPROVE
    try:
        device = second_factor_confirm(user=request.user, code=form.cleaned_data["otp"]) if approve else ""
        with busy_refused():
            approval_decide(
                request=approval,
                actor=_user(request),
                approve=approve,
                note=form.cleaned_data["note"],
                second_factor=device,
            )
    except SecondFactorRefused as exc:
        form.add_error("otp", exc.message)
        status = 403 if exc.code == "second_factor_missing" else 400
        return _detail_page(request, approval, status=status, decision_form=form)
    except ApprovalRefused as exc:
        fresh = _visible_request(request.user, pk)
        return _detail_page(
            request, fresh, status=refusal_status(exc), decision_form=form, refusal=exc.message
        )
    except Busy as exc:
        return _detail_page(request, approval, status=503, decision_form=form, refusal=str(exc.message))
    messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect("approvals:request-detail", pk=approval.pk)


@login_required
@require_POST
@never_cache
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    approval = _visible_request(request.user, pk)
    form = CancelForm(request.POST)
    if not may_cancel(request.user, approval):
        refusal = _("This request can no longer be cancelled by you.")
        return _detail_page(request, approval, status=403, cancel_form=form, refusal=refusal)
    if not form.is_valid():
        return _detail_page(request, approval, status=400, cancel_form=form)
    try:
        with busy_refused():
            approval_cancel(request=approval, actor=_user(request), note=form.cleaned_data["note"])
    except ApprovalRefused as exc:
        fresh = _visible_request(request.user, pk)
        return _detail_page(request, fresh, status=refusal_status(exc), cancel_form=form, refusal=exc.message)
    except Busy as exc:
        return _detail_page(request, approval, status=503, cancel_form=form, refusal=str(exc.message))
    messages.success(request, _("Cancelled."))
    return redirect("approvals:request-detail", pk=approval.pk)


# --- Policies -----------------------------------------------------------------------------------


@login_required
@require_GET
@never_cache
def policy_list(request: HttpRequest) -> HttpResponse:
    if not (may_edit_policies(request.user) or may_read_approvals(request.user)):
        raise PermissionDenied(_("The approval policies are for admins, supervisors and auditors."))
    context = {
        "table": policy_table(),
        "levels": level_choices()[1:],
        "editable": may_edit_policies(request.user),
    }
    return render(request, "approvals/policy_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def policy_edit(request: HttpRequest, action: str, level: str) -> HttpResponse:
    if not may_edit_policies(request.user):
        raise PermissionDenied(_("Only admins change approval policies."))
    if action not in ActionKind.values or level not in (LEVEL_ALL, *VipLevel.values):
        raise Http404(_("No such policy"))
    vip_level = "" if level == LEVEL_ALL else level
    current = approval_policy_for(action=action, vip_level=vip_level)
    own = current.pk is not None and current.vip_level == vip_level
    status = 200
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                with audit_reason(form.cleaned_data["reason"]), busy_refused():
                    approval_policy_save(
                        actor=_user(request), action=action, vip_level=vip_level, **form.fields_to_save()
                    )
            except ValidationError as exc:
                _add_errors(form, exc)
            except Busy as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Policy saved."))
                return redirect("approvals:policy-list")
        status = 400
    else:
        form = PolicyForm(initial=PolicyForm.initial_from(current))
    context = {
        "form": form,
        "action": action,
        "action_label": dict(ActionKind.choices)[action],
        "level": level,
        "level_label": dict(level_choices())[level],
        "own": own,
    }
    return render(request, "approvals/policy_edit.html", context, status=status)


def _add_errors(form: PolicyForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- The nav's count ----------------------------------------------------------------------------


@login_required
@require_GET
@never_cache
def nav_link(request: HttpRequest) -> HttpResponse:
    """The top bar's "Approvals" link with what waits for the viewer, loaded after the page so that no
    page pays for it; nothing for those who may not read approvals."""
    if not may_read_approvals(request.user):
        return HttpResponse("")
    context = {"waiting": waiting_for(request.user).count()}
    return render(request, "approvals/nav_link.html", context)
