from django.urls import path

from voice import hooks, views

app_name = "voice"
urlpatterns = [
    # Staff: the Calls page.
    path("calls/", views.call_board, name="call-board"),
    path("calls/rows/", views.call_board_rows, name="call-board-rows"),
    path("calls/<int:pk>/answer/", views.call_answer_view, name="call-answer"),
    path("calls/callbacks/<int:pk>/call/", views.callback_call_view, name="callback-call"),
    path("calls/callbacks/<int:pk>/done/", views.callback_done_view, name="callback-done"),
    path("calls/line/", views.agent_line_view, name="agent-line-set"),
    # Twilio: each step of a call (voice/hooks.py).
    path("hooks/voice/<str:webhook_key>/incoming/", hooks.incoming, name="hook-incoming"),
    path("hooks/voice/<str:webhook_key>/menu/", hooks.menu, name="hook-menu"),
    path("hooks/voice/<str:webhook_key>/wait/", hooks.wait, name="hook-wait"),
    path("hooks/voice/<str:webhook_key>/status/", hooks.status, name="hook-status"),
    path("hooks/voice/<str:webhook_key>/recording/", hooks.recording, name="hook-recording"),
    path("hooks/voice/<str:webhook_key>/transcription/", hooks.transcription, name="hook-transcription"),
    path("hooks/voice/<str:webhook_key>/voicemail/", hooks.voicemail, name="hook-voicemail"),
    path(
        "hooks/voice/<str:webhook_key>/callback-status/", hooks.callback_status, name="hook-callback-status"
    ),
]
