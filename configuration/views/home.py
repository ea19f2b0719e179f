"""The configuration area's home: every section, with how much each holds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from configuration.views.common import may_change, reader
from customers.models import Customer, VipLevel
from messaging.models import ChannelAccount
from routing.models import RoutingRule, Team, VipPolicy
from sla.models import BusinessCalendar, SlaPolicy


def _url(name: str) -> str:
    """A section another app keeps (macros, custom fields) is linked only while it is installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    reader(request)
    context = {
        "may_change": may_change(request),
        "teams": Team.objects.count(),
        "rules": RoutingRule.objects.filter(is_active=True).count(),
        "vip_policies": VipPolicy.objects.count(),
        "unmanaged": Customer.objects.exclude(vip_level=VipLevel.STANDARD)
        .filter(account_manager=None)
        .count(),
        "sla_policies": SlaPolicy.objects.filter(is_active=True).count(),
        "calendars": BusinessCalendar.objects.count(),
        "macros_url": _url("macros:macro-list"),
        "custom_fields_url": _url("customfields:field-list"),
        # Channel accounts hold provider credentials: admins alone see that they exist.
        "channels": ChannelAccount.objects.filter(enabled=True).count() if may_change(request) else 0,
    }
    return render(request, "configuration/home.html", context)
