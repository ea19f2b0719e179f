from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import TokenObtainView
from customers.api import CustomerViewSet
from exchange.api import TicketExchangePanelView
from intake.language_views import TicketLanguageView
from mail.api import InboundMessageView
from routing.api import (
    AgentOverviewViewSet,
    PresenceHeartbeatView,
    PresenceView,
    RuleViewSet,
    TeamViewSet,
    VipPolicyViewSet,
)
from workspace.api import AttachmentDownloadView, TicketEntryViewSet, TicketViewSet
from workspace.merge_api import TicketLinksView, TicketLinkView, TicketMergeView

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("tickets", TicketViewSet, basename="ticket")
router.register(r"tickets/(?P<ticket>[^/.]+)/entries", TicketEntryViewSet, basename="ticket-entry")
router.register("routing/teams", TeamViewSet, basename="routing-team")
router.register("routing/vip-policies", VipPolicyViewSet, basename="routing-vip-policy")
router.register("routing/rules", RuleViewSet, basename="routing-rule")
router.register("routing/agents", AgentOverviewViewSet, basename="routing-agent")

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment-download"),
    path("costs/", include("costs.api_urls")),
    path("incidents/", include("incidents.api_urls")),
    path("tickets/<str:ticket>/language/", TicketLanguageView.as_view(), name="ticket-language"),
    path("tickets/<str:ticket>/macros/", include("macros.api_urls")),
    path("tickets/<str:ticket>/merge/", TicketMergeView.as_view(), name="ticket-merge"),
    path("tickets/<str:ticket>/links/", TicketLinksView.as_view(), name="ticket-links"),
    path("tickets/<str:ticket>/links/<int:other>/", TicketLinkView.as_view(), name="ticket-link"),
    path("bulk/", include("bulk.api_urls")),
    path("tickets/<str:ticket>/fields/", include("customfields.api_urls")),
    path("exchange/tickets/<str:ticket>/", TicketExchangePanelView.as_view(), name="exchange-ticket-panel"),
    path("kb/", include("knowledgebase.api_urls")),
    path("views/", include("queueviews.api_urls")),
    path("mail/inbound/", InboundMessageView.as_view(), name="mail-inbound"),
    path("routing/presence/", PresenceView.as_view(), name="routing-presence"),
    path("routing/presence/heartbeat/", PresenceHeartbeatView.as_view(), name="routing-presence-heartbeat"),
    path("triage/", include("triage.api_urls")),
    path("assistant/", include("assistant.api_urls")),
    path("approvals/", include("approvals.api_urls")),
    path("audit/", include("audit.api_urls")),
    path("volatility/", include("volatility.api_urls")),
    path("notifications/", include("notifications.api_urls")),
    path("", include(router.urls)),
]
