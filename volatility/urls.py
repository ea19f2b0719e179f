from django.urls import URLPattern, URLResolver

app_name = "volatility"

urlpatterns: list[URLPattern | URLResolver] = []
