from django.urls import URLPattern, URLResolver, path

from audit import api

app_name = "audit-api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("events/", api.AuditEventListView.as_view(), name="event-list"),
    path("exports/", api.AuditExportView.as_view(), name="export-create"),
]
