"""VIP policies (rank and priority boost per level) and the VIP customers' account managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from configuration.forms import AccountManagerForm, VipPolicyForm
from configuration.views.common import delete_page, form_page, may_change, reader, writer
from customers.models import Customer, VipLevel
from customers.services import customer_upsert
from helpdesk.errors import DomainError
from routing.models import VipPolicy
from routing.services import vip_policy_delete, vip_policy_save

PAGE_SIZE = 50


@login_required
@require_GET
def vip_list(request: HttpRequest) -> HttpResponse:
    reader(request)
    policies = list(VipPolicy.objects.order_by("-rank", "level"))
    missing = [label for value, label in VipLevel.choices if value not in {p.level for p in policies}]
    context = {"policies": policies, "missing": missing, "may_change": may_change(request)}
    return render(request, "configuration/vip_list.html", context)


def _policy_page(request: HttpRequest, policy: VipPolicy | None) -> HttpResponse:
    actor = writer(request)
    initial = (
        {"level": policy.level, "rank": policy.rank, "priority_boost": policy.priority_boost}
        if policy
        else None
    )
    form = VipPolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            vip_policy_save(actor=actor, policy=policy, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("VIP policy saved."))
            return redirect("configuration:vip-list")
    title = _("Edit the VIP policy") if policy else _("New VIP policy")
    return form_page(request, title=title, form=form, back=reverse("configuration:vip-list"))


@login_required
@require_http_methods(["GET", "POST"])
def vip_policy_create(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def vip_policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    return _policy_page(request, get_object_or_404(VipPolicy, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def vip_policy_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The level falls back to the built-in rank and one step of priority (routing/config.py)."""
    actor = writer(request)
    policy = get_object_or_404(VipPolicy, pk=pk)
    return delete_page(
        request,
        title=_("Delete the VIP policy of %(level)s?") % {"level": policy.level},
        summary=policy.level,
        back=reverse("configuration:vip-list"),
        delete=lambda: vip_policy_delete(actor=actor, policy=policy),
        done=_("VIP policy of %(level)s deleted.") % {"level": policy.level},
    )


@login_required
@require_GET
def account_manager_list(request: HttpRequest) -> HttpResponse:
    """VIP customers, highest level first, with who manages their account (unmanaged ones flagged)."""
    reader(request)
    customers = (
        Customer.objects.exclude(vip_level=VipLevel.STANDARD)
        .select_related("account_manager", "backup_account_manager")
        .order_by(F("account_manager_id").asc(nulls_first=True), "-vip_level", "name", "id")
        .only("name", "external_id", "vip_level", "account_manager", "backup_account_manager")
    )
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "may_change": may_change(request)}
    return render(request, "configuration/account_manager_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_manager_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    customer = get_object_or_404(Customer, pk=pk)
    form = AccountManagerForm(
        request.POST if request.method == "POST" else None, initial=AccountManagerForm.initial_for(customer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            customer_upsert(external_id=customer.external_id, actor=actor, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Account managers of %(name)s saved.") % {"name": customer})
            return redirect("configuration:account-manager-list")
    return form_page(
        request,
        title=_("Account managers of %(name)s") % {"name": customer},
        intro=_("A rule that offers a case to the account manager tries the manager, then the backup."),
        form=form,
        back=reverse("configuration:account-manager-list"),
    )
