"""The reference exchange's own read-only page: what it holds, so a person trying the demo can see the
records the helpdesk reads through the API."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from exchange.access import reference_exchange_viewable
from exchange.reference.api import enabled
from exchange.reference.models import Account, AssetNetwork, NetworkStatus, Transfer

TRANSFERS_SHOWN = 100


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404(_("The reference exchange is off."))
    if not reference_exchange_viewable(request.user):
        raise PermissionDenied
    accounts = Account.objects.annotate(
        transfer_count=Count("transfers", distinct=True), event_count=Count("security_events", distinct=True)
    )
    transfers = Transfer.objects.select_related("account").order_by("-created_at", "-id")[:TRANSFERS_SHOWN]
    return render(
        request,
        "reference_exchange/overview.html",
        {
            "accounts": accounts,
            "transfers": transfers,
            "networks": NetworkStatus.objects.all(),
            "asset_count": AssetNetwork.objects.count(),
            "transfers_shown": TRANSFERS_SHOWN,
        },
    )
