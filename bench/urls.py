"""The helpdesk's URLs plus two bare views: the floor any Django view on this stack stands on."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from helpdesk.urls import urlpatterns as helpdesk_urlpatterns
from tickets.models import Ticket


def bare_list(request: HttpRequest) -> JsonResponse:
    """One SELECT of a page of tickets, no auth, no serializer."""
    rows = list(Ticket.objects.order_by("-id").values("id", "subject", "status", "priority")[:50])
    return JsonResponse({"results": rows})


@csrf_exempt
def bare_create(request: HttpRequest) -> JsonResponse:
    """One INSERT of a ticket row, no auth, no timeline, no audit."""
    now = timezone.now()
    ticket = Ticket.objects.create(
        subject="bare insert",
        customer_id=int(request.GET.get("customer", "1")),
        created_at=now,
        updated_at=now,
    )
    return JsonResponse({"id": ticket.pk}, status=201)


urlpatterns = [
    path("bench/bare-list", bare_list),
    path("bench/bare-create", bare_create),
    *helpdesk_urlpatterns,
]
