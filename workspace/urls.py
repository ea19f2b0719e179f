from django.urls import path

from workspace import merge_views, views

app_name = "tickets"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.ticket_new, name="ticket-create"),
    path("next/", views.ticket_next, name="ticket-next"),
    path("presence/", views.presence_update, name="presence-update"),
    path("presence/heartbeat/", views.presence_heartbeat, name="presence-heartbeat"),
    path("<int:pk>/", views.ticket_detail, name="ticket-detail"),
    path("<int:pk>/entries/", views.entry_create, name="entry-create"),
    path("<int:pk>/properties/", views.ticket_properties, name="ticket-properties"),
    path("<int:pk>/take/", views.ticket_take, name="ticket-take"),
    path("<int:pk>/escalation/", views.ticket_escalate_view, name="ticket-escalate"),
    path("<int:pk>/links/", merge_views.ticket_links, name="ticket-links"),
    path("<int:pk>/links/new/", merge_views.ticket_link_view, name="ticket-link"),
    path("<int:pk>/links/<int:other>/remove/", merge_views.ticket_unlink_view, name="ticket-unlink"),
    path("<int:pk>/merge/", merge_views.ticket_merge_view, name="ticket-merge"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
