from django.urls import URLPattern, URLResolver

app_name = "reference_chains"

urlpatterns: list[URLPattern | URLResolver] = []
