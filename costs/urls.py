from django.urls import URLPattern, URLResolver

app_name = "costs"

urlpatterns: list[URLPattern | URLResolver] = []
