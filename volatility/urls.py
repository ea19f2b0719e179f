from django.urls import URLPattern, URLResolver, path

from volatility import views

app_name = "volatility"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.volatility_page, name="window-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/end/", views.event_end, name="event-end"),
]
