from django.urls import path

from messaging import panel_views, views

app_name = "messaging"
urlpatterns = [
    path("hooks/<slug:kind>/<slug:webhook_key>/", views.webhook, name="webhook"),
    path(
        "tickets/<int:ticket_id>/channel/customers/",
        panel_views.contact_customers,
        name="contact-customers",
    ),
    path("tickets/<int:ticket_id>/channel/link/", panel_views.contact_link_view, name="contact-link"),
]
