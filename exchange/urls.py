from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("tickets/<int:pk>/panel/", views.ticket_panel, name="ticket-panel"),
]
