from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from helpdesk import csp, views


def healthz(request: HttpRequest) -> JsonResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico wherever a page names no icon (the admin, the API docs, JSON)."""
    return HttpResponseRedirect(static("favicon.ico"))


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="tickets:queue", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("favicon.ico", favicon, name="favicon"),
    # The API first: its requests are the busiest, and Django tries the patterns in order (no pattern
    # above or below matches a path under api/ other than the schema and docs, which stay after it).
    path("api/", include("helpdesk.api_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("tickets/", include("workspace.urls")),
    path("tickets/", include("intake.urls")),
    path("customers/", include("customers.urls")),
    path("chat/", include("livechat.urls")),
    path("routing/", include("routing.urls")),
    path("sla/", include("sla.urls")),
    path("help/", include("knowledgebase.urls_public")),
    path("kb/", include("knowledgebase.urls")),
    path("mail/", include("mail.urls")),
    # Providers' webhooks (/hooks/<kind>/<key>/) and the ticket page's channel panel actions.
    path("", include("messaging.urls")),
    # WhatsApp's ticket-page action: an approved template when the 24-hour window is closed.
    path("", include("messaging.whatsapp_urls")),
    # Phone calls: the Calls page (/calls/) and Twilio's webhooks for each step of a call (/hooks/voice/).
    path("", include("voice.urls")),
    path("triage/", include("triage.urls")),
    path("exchange/", include("exchange.urls")),
    path("incidents/", include("incidents.urls")),
    path("assistant/", include("assistant.urls")),
    path("approvals/", include("approvals.urls")),
    path("audit/", include("audit.urls")),
    path("reports/", include("reports.urls")),
    path("csat/", include("csat.urls")),
    path("costs/", include("costs.urls")),
    path("volatility/", include("volatility.urls")),
    path("portal/", include("portal.urls")),
    path("macros/", include("macros.urls")),
    path("views/", include("queueviews.urls")),
    path("bulk/", include("bulk.urls")),
    path("config/", include("configuration.urls")),
    path("fields/", include("customfields.urls")),
    path("notifications/", include("notifications.urls")),
    # The reference exchange and reference chain nodes the demo and the tests run against over HTTP.
    path("reference-exchange/", include("exchange.reference.urls")),
    path("reference-chains/", include("triage.chains.reference.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its script served by a second request, so the page needs no inline script.
    path(
        "api/docs/",
        csp.api_docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("csp-report/", csp.report, name="csp-report"),
]

handler400 = "helpdesk.views.bad_request"
handler403 = "helpdesk.views.permission_denied"
handler404 = "helpdesk.views.not_found"
handler500 = "helpdesk.views.server_error"
