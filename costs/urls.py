from django.urls import URLPattern, URLResolver, path

from costs import views

app_name = "costs"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.rate_list, name="rate-list"),
    path("beat/", views.workspan_beat_view, name="workspan-beat"),
]
