from django.urls import URLPattern, URLResolver

app_name = "csat"

urlpatterns: list[URLPattern | URLResolver] = []
