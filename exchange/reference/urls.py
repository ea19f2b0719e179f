from django.urls import URLPattern, URLResolver

app_name = "reference_exchange"

urlpatterns: list[URLPattern | URLResolver] = []
