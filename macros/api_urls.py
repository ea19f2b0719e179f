from django.urls import path

from macros import api

urlpatterns = [
    path("", api.TicketMacroListView.as_view(), name="ticket-macros"),
    path("<int:macro>/render/", api.TicketMacroRenderView.as_view(), name="ticket-macro-render"),
    path("<int:macro>/apply/", api.TicketMacroApplyView.as_view(), name="ticket-macro-apply"),
]
