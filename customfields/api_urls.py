from django.urls import path

from customfields import api

urlpatterns = [
    path("", api.TicketFieldsView.as_view(), name="ticket-fields"),
]
