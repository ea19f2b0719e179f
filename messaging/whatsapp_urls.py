from django.urls import path

from messaging import whatsapp_views

app_name = "whatsapp"
urlpatterns = [
    path(
        "tickets/<int:ticket_id>/whatsapp/<int:contact_id>/template/",
        whatsapp_views.template_send,
        name="template-send",
    ),
]
