from django.urls import path

from triage import api

urlpatterns = [
    path("tickets/<str:ticket>/", api.TicketTriageView.as_view(), name="triage-ticket"),
]
