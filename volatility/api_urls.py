from django.urls import URLPattern, path

from volatility import api

urlpatterns: list[URLPattern] = [
    path("events/", api.MarketEventListView.as_view(), name="volatility-event-list"),
    path("events/<str:pk>/", api.MarketEventDetailView.as_view(), name="volatility-event-detail"),
    path("windows/", api.WindowListView.as_view(), name="volatility-window-list"),
]
