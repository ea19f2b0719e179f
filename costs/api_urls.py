from django.urls import URLPattern, path

from costs import api

urlpatterns: list[URLPattern] = [
    path("rates/", api.CostRateListView.as_view(), name="cost-rate-list"),
]
