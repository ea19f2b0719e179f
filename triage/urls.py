from django.urls import URLPattern, URLResolver, path

from triage import views

app_name = "triage"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tickets/<int:pk>/panel", views.panel, name="panel"),
    path("tickets/<int:pk>/refresh", views.refresh, name="refresh"),
]
