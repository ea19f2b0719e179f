from django.urls import URLPattern, URLResolver, path

from incidents import views

app_name = "incidents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.incident_list, name="incident-list"),
    path("new/", views.incident_create, name="incident-create"),
    path("<int:pk>/", views.incident_detail, name="incident-detail"),
    path("<int:pk>/edit/", views.incident_edit_view, name="incident-edit"),
    path("<int:pk>/updates/", views.incident_update_view, name="incident-update"),
    path("updates/<int:pk>/progress/", views.update_progress, name="update-progress"),
    path("tickets/<int:ticket_pk>/link/", views.ticket_link, name="ticket-link"),
    path("tickets/<int:ticket_pk>/unlink/", views.ticket_unlink, name="ticket-unlink"),
    path("banner.json", views.banner_json, name="banner"),
]
