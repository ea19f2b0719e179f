from django.urls import URLPattern, URLResolver

app_name = "approvals-api"
urlpatterns: list[URLPattern | URLResolver] = []
