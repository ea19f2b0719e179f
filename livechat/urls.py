from django.urls import path

from livechat import views, widget_api, widget_i18n

app_name = "livechat"
urlpatterns = [
    # The widget's HTTP endpoints (docs/livechat-protocol.md).
    path("api/start/", widget_api.start, name="api-start"),
    path("api/leave-message/", widget_api.leave_message, name="api-leave-message"),
    path("api/transcript/", widget_api.transcript, name="api-transcript"),
    path("api/rating/", widget_api.rating, name="api-rating"),
    path("api/attachments/", widget_api.attachment_upload, name="api-attachments"),
    path("api/files/<str:token>/", widget_api.file_download, name="api-file"),
    # The widget's words in one language (docs/i18n.md).
    path("api/i18n/<str:language>.json", widget_i18n.catalogue, name="api-i18n"),
    # Pages (the agent console, the widget's demo page).
    path("console/", views.console, name="console"),
    path("console/waiting/", views.console_waiting, name="console-waiting"),
    path("console/<int:pk>/context/", views.conversation_context, name="conversation-context"),
    path("demo/", views.demo, name="demo"),
]
