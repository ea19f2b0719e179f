from django.urls import URLPattern, URLResolver

app_name = "audit-api"
urlpatterns: list[URLPattern | URLResolver] = []
