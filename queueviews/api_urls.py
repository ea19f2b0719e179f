from django.urls import path

from queueviews import api

urlpatterns = [
    path("", api.SavedViewListView.as_view(), name="view-list"),
    path("search/", api.TicketSearchView.as_view(), name="ticket-search"),
    path("<int:pk>/", api.SavedViewDetailView.as_view(), name="view-detail"),
    path("<int:pk>/tickets/", api.SavedViewTicketsView.as_view(), name="view-tickets"),
]
