from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import TokenObtainView
from customers.api import CustomerViewSet
from tickets.api import AttachmentDownloadView, TicketEntryViewSet, TicketViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("tickets", TicketViewSet, basename="ticket")
router.register(r"tickets/(?P<ticket>[^/.]+)/entries", TicketEntryViewSet, basename="ticket-entry")

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment-download"),
    path("", include(router.urls)),
]
