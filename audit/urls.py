from django.urls import URLPattern, URLResolver, path

from audit import views

app_name = "audit"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.event_list, name="event-list"),
    path("integrity/", views.integrity_check, name="integrity-check"),
    path("export/", views.export, name="export"),
    path("export-key.pem", views.export_key, name="export-key"),
]
