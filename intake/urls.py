from django.urls import path

from intake.language_views import ticket_language_view

app_name = "language"
urlpatterns = [
    path("<int:pk>/language/", ticket_language_view, name="ticket-language"),
]
