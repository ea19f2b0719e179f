from django.urls import include, path
from rest_framework.routers import DefaultRouter

from customers.api import CustomerViewSet
from tickets.api import TicketViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("tickets", TicketViewSet, basename="ticket")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
]
