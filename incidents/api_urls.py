from django.urls import URLPattern, path

from incidents import api

urlpatterns: list[URLPattern] = [
    path("", api.IncidentListView.as_view(), name="incident-list"),
    path("<str:pk>/", api.IncidentDetailView.as_view(), name="incident-detail"),
    path("<str:pk>/updates/", api.IncidentUpdatesView.as_view(), name="incident-updates"),
    path("<str:pk>/links/", api.IncidentLinksView.as_view(), name="incident-links"),
    path("<str:pk>/links/<str:ticket>/", api.IncidentLinkDetailView.as_view(), name="incident-link-detail"),
]
