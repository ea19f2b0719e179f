from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from approvals import api

router = SimpleRouter()
router.register("requests", api.ApprovalRequestViewSet, basename="request")

app_name = "approvals-api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("policies/", api.PolicyView.as_view(), name="policies"),
    path("", include(router.urls)),
]
