from django.urls import path

from messaging import views

app_name = "messaging"
urlpatterns = [
    path("hooks/<slug:kind>/<slug:webhook_key>/", views.webhook, name="webhook"),
]
