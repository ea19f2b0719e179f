from django.urls import URLPattern, URLResolver, path

from portal import views

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ticket_list, name="ticket-list"),
    path("enter/", views.enter, name="enter"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:pk>/reply/", views.ticket_reply, name="ticket-reply"),
    path("tickets/<int:pk>/rate/", views.ticket_rate, name="ticket-rate"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
